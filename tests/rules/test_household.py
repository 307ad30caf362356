"""Households and members: input checks and ages derived from the NIK."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd
import pytest
from rules_helpers import household, toddler

from niklib import rules
from niklib.rules import Household, Member, Outcome, Programme

# field, value, error type, message fragment
BAD_MEMBERS = [
    ("age", -1, ValueError, "age must be from 0 to 150"),
    ("age", 30.5, TypeError, "whole number"),
    ("age", True, TypeError, "whole number"),
    ("sex", "female", ValueError, "'M', 'F'"),
    ("pregnant", "yes", TypeError, "pregnant must be True, False or None"),
    ("attendance", 0.85 * 200, ValueError, "percentage from 0 to 100"),
    ("attendance", "90", TypeError, "attendance must be a number"),
    ("school_level", "university", ValueError, "school_level must be one of"),
    ("nik", 3604054107990003, TypeError, "read NIK columns as text"),
    ("birth_date", "01/07/2010", TypeError, "birth_date must be a datetime.date"),
    ("birth_date", 2010, TypeError, "ISO date string"),
    ("birth_date", b"2010-07-01", TypeError, "birth_date must be a datetime.date"),
]


@pytest.mark.parametrize(("field", "value", "error", "message"), BAD_MEMBERS)
def test_member_rejects(
    field: str, value: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        Member(**{field: value})


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (date(2010, 7, 1), date(2010, 7, 1)),
        ("2010-07-01", date(2010, 7, 1)),
        (datetime(2010, 7, 1, 13, 30), date(2010, 7, 1)),
        (pd.Timestamp("2010-07-01 13:30"), date(2010, 7, 1)),
        (pd.NaT, None),
        (None, None),
    ],
)
def test_member_birth_date_converted(value: Any, expected: date | None) -> None:
    birth_date = Member(birth_date=value).birth_date
    assert birth_date == expected
    assert birth_date is None or type(birth_date) is date


def test_member_nik_and_age_conflict() -> None:
    with pytest.raises(ValueError, match="both a NIK and an asserted age"):
        Member(nik="3604054107990003", age=20)


def test_member_nik_not_in_repr() -> None:
    assert "3604054107990003" not in repr(Member(nik="3604054107990003"))


# field, value, error type, message fragment
BAD_HOUSEHOLDS = [
    ("domicile", "36-04", ValueError, "domicile must be a Kemendagri region code"),
    ("domicile", "360", ValueError, "2, 4, 6 or 10 digits"),
    ("other_programmes", "pkh", TypeError, "not a single string"),
    ("in_target_data", 1, TypeError, "in_target_data must be True, False or None"),
    ("members", [object()], TypeError, r"members\[0\] must be a niklib.rules.Member"),
    ("members", None, TypeError, "members must be a list of niklib.rules.Member"),
]


@pytest.mark.parametrize(("field", "value", "error", "message"), BAD_HOUSEHOLDS)
def test_household_rejects(
    field: str, value: Any, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        Household(**{field: value})


def test_domicile_normalised() -> None:
    home = Household(domicile="36.04.05")
    assert home.domicile == "360405"
    assert home.domicile_province == "36"
    assert home.domicile_regency == "3604"


def test_province_only_domicile() -> None:
    assert Household(domicile="36").domicile_regency is None


def test_programmes_lowercased() -> None:
    assert Household(other_programmes=[" PKH "]).other_programmes == {"pkh"}


def _fact(
    programme: Programme, home: Household, as_of: date, name: str
) -> tuple[object, str]:
    explanation = programme.explain(home, as_of=as_of)
    for node in explanation.nodes():
        for fact in node.facts:
            if fact.name == name and fact.member == 0:
                return fact.value, fact.source
    raise AssertionError(f"fact {name} not found")


def test_age_derived_from_nik(jamsosratu: Programme) -> None:
    # Synthetic NIK of a woman born 1999-07-01 (day code 41).
    home = household(Member(nik="3604054107990003", pregnant=True, school_level="none"))
    assert _fact(jamsosratu, home, date(2019, 6, 1), "age") == (19, "derived")
    assert _fact(jamsosratu, home, date(2019, 7, 1), "age") == (20, "derived")


def test_sex_derived_from_nik(jamsosratu: Programme) -> None:
    home = household(Member(nik="3604054107990003", pregnant=True, school_level="none"))
    assert _fact(jamsosratu, home, date(2019, 6, 1), "sex") == ("F", "derived")
    decision = jamsosratu.evaluate(home, as_of=date(2019, 6, 1))
    assert decision.components[0].component == "pregnant_or_nursing"


def test_nik_child_under_five(jamsosratu: Programme) -> None:
    # Synthetic NIK of a girl born 2010-12-10.
    home = household(
        Member(
            nik="3671015012100001",
            immunisation_complete=True,
            school_level="none",
            pregnant=False,
        )
    )
    decision = jamsosratu.evaluate(home, as_of=date(2014, 6, 1))
    assert decision.eligible is True
    assert decision.components[0].component == "under_five"


_ANY_AGE_OK: dict[str, Any] = {
    "pregnant": False,
    "school_level": "primary",
    "attendance": 100.0,
}


def test_invalid_nik_warns(jamsosratu: Programme) -> None:
    # Age and sex are unknown, so the member's inputs must meet every
    # condition for any age: not pregnant, and enrolled with full attendance.
    home = household(
        Member(nik="3604054107990000", immunisation_complete=True, **_ANY_AGE_OK),
        toddler(),
    )
    decision = jamsosratu.evaluate(home, as_of=date(2019, 6, 1))
    assert decision.eligible is True
    assert any("members[0]: NIK" in warning for warning in decision.warnings)
    assert all("3604054107990000" not in warning for warning in decision.warnings)


def test_asserted_birth_date(jamsosratu: Programme) -> None:
    home = household(
        Member(
            birth_date=date(2016, 3, 1),
            sex="M",
            immunisation_complete=True,
            school_level="none",
            disability=False,
        )
    )
    before = jamsosratu.evaluate(home, as_of=date(2021, 2, 28))
    after = jamsosratu.evaluate(home, as_of=date(2021, 3, 1))
    assert before.eligible is True
    assert after.eligible is False


def test_born_after_as_of(jamsosratu: Programme) -> None:
    home = household(
        Member(birth_date=date(2020, 1, 1), immunisation_complete=True, **_ANY_AGE_OK),
        toddler(),
    )
    decision = jamsosratu.evaluate(home, as_of=date(2019, 6, 1))
    assert decision.eligible is True
    assert [item.member for item in decision.components] == [1]
    assert any(
        warning.startswith("members[0]: born after the as-of date 2019-06-01")
        for warning in decision.warnings
    )
    explanation = decision.explain()
    assert all(node.member != 0 for node in explanation.nodes())
    assert explanation.root.outcome is Outcome.PASSED


# Born 1 March 2020 (a man), after the as-of date 2019-06-01. Read against
# 2019 alone, the same digits give 1 March 1920, an elderly man.
_BORN_2020 = "3604050103200001"


def _with_newborn(newborn: Member) -> Household:
    return Household(
        domicile="3604",
        in_target_data=True,
        savings_obligation_met=True,
        members=[Member(age=35, sex="M"), newborn],
    )


@pytest.mark.parametrize(
    "newborn",
    [Member(nik=_BORN_2020), Member(birth_date=date(2020, 3, 1), sex="M")],
    ids=["nik", "birth_date"],
)
def test_member_born_later_not_counted(jamsosratu: Programme, newborn: Member) -> None:
    decision = jamsosratu.evaluate(_with_newborn(newborn), as_of=date(2019, 6, 1))
    assert decision.components == ()
    assert decision.eligible is not True
    assert any(
        warning.startswith("members[1]: born after the as-of date 2019-06-01")
        for warning in decision.warnings
    )
    assert all(_BORN_2020 not in warning for warning in decision.warnings)


@pytest.mark.parametrize(
    "newborn",
    [Member(nik=_BORN_2020), Member(birth_date=date(2020, 3, 1), sex="M")],
    ids=["nik", "birth_date"],
)
def test_member_born_later_no_nodes(jamsosratu: Programme, newborn: Member) -> None:
    decision = jamsosratu.evaluate(_with_newborn(newborn), as_of=date(2019, 6, 1))
    explanation = decision.explain()
    assert all(node.member != 1 for node in explanation.nodes())
    assert explanation.warnings == decision.warnings


def test_nik_century_read_against_today(jamsosratu: Programme) -> None:
    # On 2021-06-01 the same NIK is a one-year-old boy, not a man of 101.
    decision = jamsosratu.evaluate(
        _with_newborn(Member(nik=_BORN_2020)), as_of=date(2021, 6, 1)
    )
    ages = {
        fact.value
        for node in decision.explain().nodes()
        for fact in node.facts
        if fact.name == "age" and fact.member == 1
    }
    assert ages == {1}
    assert [(item.member, item.component) for item in decision.components] == [
        (1, "under_five")
    ]


@pytest.mark.parametrize("households", [None, 5, "H1"])
def test_evaluate_many_rejects_non_iterable(
    jamsosratu: Programme, households: Any
) -> None:
    with pytest.raises(TypeError, match="households must be an iterable"):
        jamsosratu.evaluate_many(households, as_of=date(2019, 6, 1))


def test_same_member_twice_rejected() -> None:
    member = toddler()
    with pytest.raises(ValueError, match=r"members\[0\] and members\[2\]") as raised:
        Household(members=[member, toddler(), member])
    assert "same Member object" in str(raised.value)


def test_same_nik_twice_rejected() -> None:
    first = Member(nik="3604054107990003")
    again = Member(nik="36.04.05.410799.0003", pregnant=True)
    with pytest.raises(ValueError, match=r"members\[0\] and members\[1\]") as raised:
        Household(members=[first, again])
    message = str(raised.value)
    assert "36.04.**.******.**03" in message
    assert "3604054107990003" not in message
    assert "410799" not in message


@pytest.mark.parametrize(
    "members",
    [
        [toddler(), toddler()],
        [Member(nik="0"), Member(nik="0")],
        [Member(nik="0000000000000000"), Member(nik="0000000000000000")],
        [Member(nik="not a nik"), Member(nik="not a nik")],
    ],
    ids=["twins", "placeholder", "all zeros", "unreadable"],
)
def test_distinct_members_kept(members: list[Member]) -> None:
    assert len(Household(members=members).members) == 2


def test_unknown_domicile_warns(jamsosratu: Programme) -> None:
    decision = jamsosratu.evaluate(
        household(toddler(), domicile="3699"), as_of=date(2019, 6, 1)
    )
    assert any("domicile 3699 is not a region code" in w for w in decision.warnings)
    assert decision.explain().warnings == decision.warnings


@pytest.mark.parametrize("domicile", ["36", "3604", "360405"])
def test_known_domicile_no_warning(jamsosratu: Programme, domicile: str) -> None:
    decision = jamsosratu.evaluate(
        household(toddler(), domicile=domicile), as_of=date(2019, 6, 1)
    )
    assert not any("domicile" in warning for warning in decision.warnings)


def _two_person_programme() -> Programme:
    """A programme that pays households of at least two members."""
    sourced = {"citation": "Example source", "confidence": "confirmed"}
    label = {"id": "Contoh", "en": "Example"}
    return rules.load_data(
        {
            "programme": {"id": "demo", "name": "Demo"},
            "parameters": {
                "amount": {
                    "label": label,
                    "unit": "IDR",
                    "values": [{"from": date(2019, 1, 1), "value": 1000, **sourced}],
                }
            },
            "rules": {
                "eligible": {
                    "label": label,
                    "fact": "member_count",
                    "op": ">=",
                    "value": 2,
                    **sourced,
                }
            },
            "benefits": {"flat": {"mode": "flat", "amount": "amount"}},
            "versions": [
                {
                    "id": "v1",
                    "instrument": "Perda 1/2019",
                    "in_force": date(2019, 1, 1),
                    "eligibility": "eligible",
                    "benefit": "flat",
                    **sourced,
                }
            ],
        }
    )


def test_member_count_skips_unborn() -> None:
    programme = _two_person_programme()
    home = _with_newborn(Member(nik=_BORN_2020))
    decision = programme.evaluate(home, as_of=date(2019, 6, 1))
    assert decision.eligible is False
    assert decision.explain().eligible is False
    later = programme.evaluate(home, as_of=date(2021, 6, 1))
    assert later.eligible is True


def test_long_ids_masked_in_displays(jamsosratu: Programme) -> None:
    # The audit uses the KK number as the household id.
    kk, person = "3601011203150001", "3601011203150009"
    member = Member(age=70, sex="M", id=person)
    home = Household(
        id=kk,
        domicile="3604",
        in_target_data=True,
        savings_obligation_met=True,
        members=[member],
    )
    decision = jamsosratu.evaluate(home, as_of=date(2019, 6, 1))
    for shown in (
        repr(home),
        repr(member),
        decision._repr_html_(),
        decision.explain().render_text(),
    ):
        assert kk not in shown
        assert person not in shown
    assert "3601**********01" in decision.explain().render_text()
    assert "KK-0001" in repr(Household(id="KK-0001"))
    assert home.id == kk
