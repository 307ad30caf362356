"""person_records() and households() agree with the NIKs they carry."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from hypothesis import given
from hypothesis.errors import InvalidArgument

import niklib
from niklib.strategies import households, person_records

AS_OF = date(2026, 12, 4)
KEYS = {"id", "nik", "name", "birth_date", "sex", "address", "region"}


@given(person_records(as_of=AS_OF))
def test_records_keys(record: dict[str, Any]) -> None:
    assert set(record) >= KEYS
    assert set(record) - KEYS <= {"kk"}


@given(person_records(as_of=AS_OF))
def test_records_match_nik(record: dict[str, Any]) -> None:
    parsed = niklib.parse(record["nik"], as_of=AS_OF)
    assert parsed.birth_date == record["birth_date"]
    assert parsed.sex.value == record["sex"]
    assert parsed.region_code == record["region"]


@given(person_records(province="36", as_of=AS_OF))
def test_records_kk_structure(record: dict[str, Any]) -> None:
    kk = record.get("kk")
    if kk is not None:
        assert len(kk) == 16
        assert kk[:6] == record["region"]


@given(person_records(regency="3604", as_of=AS_OF))
def test_records_text_fields(record: dict[str, Any]) -> None:
    assert record["name"].strip() == record["name"]
    assert record["name"]
    assert " RT " in record["address"]
    assert record["id"].startswith("P")


@given(households(province="36", as_of=AS_OF))
def test_households_members_valid(household: Any) -> None:
    niks = [m.nik for m in household.members]
    assert all(niklib.is_valid(n, as_of=AS_OF) for n in niks)
    assert len(set(niks)) == len(niks)
    assert all(n[:6] == household.domicile for n in niks)


@given(households(as_of=AS_OF))
def test_households_head_adult(household: Any) -> None:
    head = niklib.parse(household.members[0].nik, as_of=AS_OF)
    assert head.age(AS_OF) >= 18


@given(households(as_of=AS_OF, min_size=2, max_size=5))
def test_households_size_bounds(household: Any) -> None:
    assert 2 <= len(household.members) <= 5


@given(households(as_of=AS_OF))
def test_households_inputs_consistent(household: Any) -> None:
    for member in household.members:
        parsed = niklib.parse(member.nik, as_of=AS_OF)
        age = parsed.age(AS_OF)
        fertile = parsed.sex is niklib.Sex.FEMALE and 15 <= age <= 49
        assert fertile or not member.pregnant
        assert fertile or not member.nursing
        assert member.disability or not member.severe_disability
        assert member.school_level == "none" or 7 <= age <= 18
        assert (member.attendance is None) == (member.school_level == "none")


@pytest.mark.parametrize(
    "kwargs",
    [
        {"min_size": 0},
        {"min_size": 3, "max_size": 2},
        {"max_size": 2.5},
        {"province": "99"},
    ],
)
def test_households_bad_arguments(kwargs: dict[str, Any]) -> None:
    with pytest.raises(InvalidArgument):
        households(**kwargs)


@given(households(province="36", as_of=date(2020, 6, 1)))
def test_households_rules_evaluate(household: Any) -> None:
    from niklib import rules

    decision = rules.load("jamsosratu").evaluate(household, as_of=date(2020, 6, 1))
    assert decision.eligible in (True, False, None)
