"""The caches of valid region and date codes behind the fast path of `parse`."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

import niklib
from niklib import Sex, _known
from niklib._known import KnownCodes, known_codes
from niklib.regions import RegionTable, use_table

pytestmark = pytest.mark.usefixtures("fixture_regions")

AS_OF = date(2026, 12, 4)


def test_same_date_reuses_caches() -> None:
    first = known_codes(AS_OF)
    assert known_codes(date(2026, 12, 4)) is first
    assert known_codes(datetime(2026, 12, 4, 15, 30)) is first


def test_new_date_keeps_regions() -> None:
    first = known_codes(AS_OF)
    first.region("360405")
    first.birth_date("410799")
    assert first.birth_dates != {}
    later = known_codes(date(2027, 1, 1))
    assert later is not first
    assert later.reference == date(2027, 1, 1)
    assert later.regions is first.regions
    assert later.birth_dates == {}


def test_new_table_starts_afresh(fixture_table: RegionTable) -> None:
    first = known_codes(AS_OF)
    first.region("360405")
    other = RegionTable.from_directory(
        Path(__file__).parents[1] / "fixtures" / "regions"
    )
    with use_table(other):
        changed = known_codes(AS_OF)
    assert changed.table is other
    assert changed.regions == {}
    assert known_codes(AS_OF).table is fixture_table


def test_default_is_today() -> None:
    assert known_codes(None).reference == date.today()


def test_today_follows_table(fixture_table: RegionTable) -> None:
    today = known_codes(None)
    assert known_codes(None) is today
    other = RegionTable.from_directory(
        Path(__file__).parents[1] / "fixtures" / "regions"
    )
    with use_table(other):
        assert known_codes(None).table is other
    assert known_codes(None).table is fixture_table


def test_today_span_expires(
    fixture_table: RegionTable, monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = KnownCodes(fixture_table, date(2000, 1, 1), {})
    monkeypatch.setattr(_known, "today", (0.0, 1.0, stale))
    assert known_codes(None).reference == date.today()


def test_parse_today_span_expires(
    fixture_table: RegionTable, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Against 1 January 2000 the year digits 05 would mean 1905.
    stale = KnownCodes(fixture_table, date(2000, 1, 1), {})
    monkeypatch.setattr(_known, "today", (0.0, 1.0, stale))
    assert niklib.parse("3604051201050003").birth_date == date(2005, 1, 12)
    assert _known.today[2] is not stale


def test_parse_today_within_span(
    fixture_table: RegionTable, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Within the span `parse` uses today's caches without asking again.
    stale = KnownCodes(fixture_table, date(2000, 1, 1), {})
    monkeypatch.setattr(_known, "today", (0.0, float("inf"), stale))
    assert niklib.parse("3604051201050003").birth_date == date(1905, 1, 12)


def test_parse_today_follows_table(fixture_table: RegionTable) -> None:
    niklib.parse("3604054107990003")
    other = RegionTable.from_directory(
        Path(__file__).parents[1] / "fixtures" / "regions"
    )
    with use_table(other):
        assert _known.today[2] is None
        assert niklib.parse("3604054107990003").province.code == "36"
        assert known_codes(None).table is other
    assert _known.today[2] is None
    niklib.parse("3604054107990003")
    assert known_codes(None).table is fixture_table


def test_bad_as_of_raises() -> None:
    with pytest.raises(TypeError, match=r"as_of must be a datetime\.date"):
        known_codes("2026-12-04")  # type: ignore[arg-type]


def test_region_keeps_valid_codes_only(fixture_table: RegionTable) -> None:
    known = KnownCodes(fixture_table, AS_OF, {})
    found = known.region("360405")
    assert found is not None
    province, regency, district, warnings = found
    assert district is not None
    assert (province.code, regency.code, district.code) == ("36", "3604", "360405")
    assert warnings == ()
    assert known.region("369999") is None
    assert known.region("990101") is None
    assert list(known.regions) == ["360405"]


def test_region_retired_keeps_warning(fixture_table: RegionTable) -> None:
    known = KnownCodes(fixture_table, AS_OF, {})
    found = known.region("910101")
    assert found is not None
    assert found[3] == niklib.check("9101014512700004", as_of=AS_OF).warnings


def test_birth_date_keeps_valid_codes_only(fixture_table: RegionTable) -> None:
    known = KnownCodes(fixture_table, AS_OF, {})
    assert known.birth_date("410799") == date(1999, 7, 1)
    assert known.birth_date("120385") == date(1985, 3, 12)
    assert known.birth_date("320799") is None
    assert known.birth_date("011399") is None
    assert known.birth_date("290225") is None
    assert known.birth_date("290224") == date(2024, 2, 29)
    assert sorted(known.birth_dates) == ["1203", "2902", "4107"]
    assert known.birth_dates["4107"][99] == date(1999, 7, 1)
    assert known.birth_dates["2902"][24] == date(2024, 2, 29)
    assert known.birth_dates["2902"][25] is None
    assert known.birth_dates["4107"].count(None) == 99


def test_birth_date_after_as_of(
    fixture_table: RegionTable,
) -> None:
    known = KnownCodes(fixture_table, AS_OF, {})
    assert known.birth_date("051226") == date(1926, 12, 5)
    assert known.birth_date("041226") == date(2026, 12, 4)


# (NIK, sex): the lowest and highest day codes of each sex.
SEXES = [
    ("3604050107990003", Sex.MALE),
    ("3604053107990003", Sex.MALE),
    ("3604054107990003", Sex.FEMALE),
    ("3604057101990003", Sex.FEMALE),
]


@pytest.mark.parametrize(("value", "sex"), SEXES)
def test_parse_sex_from_day_code(value: str, sex: Sex) -> None:
    assert niklib.parse(value, as_of=AS_OF).sex is sex
    assert niklib.check(" " + value, as_of=AS_OF).sex is sex
