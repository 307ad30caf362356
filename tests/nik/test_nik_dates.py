"""The DDMMYY block: day codes and sex, calendar-exact dates and the century."""

from __future__ import annotations

from datetime import date, datetime

import pytest

import niklib
from niklib import Reason, Sex

pytestmark = pytest.mark.usefixtures("fixture_regions")

AS_OF = date(2026, 12, 4)
PREFIX = "360405"  # Kab. Serang, Kramatwatu in the fixture table
SERIAL = "0003"


def nik_with(date_code: str) -> str:
    return PREFIX + date_code + SERIAL


# (DDMMYY, as_of, expected birth date): the century is the most recent one
# whose date is not after the reference date.
CENTURY_CASES = [
    ("171226", AS_OF, date(1926, 12, 17)),
    ("170810", AS_OF, date(2010, 8, 17)),
    ("041226", AS_OF, date(2026, 12, 4)),
    ("051226", AS_OF, date(1926, 12, 5)),
    ("311299", AS_OF, date(1999, 12, 31)),
    ("010100", AS_OF, date(2000, 1, 1)),
    ("010100", date(2000, 1, 1), date(2000, 1, 1)),
    ("020100", date(2000, 1, 1), date(1900, 1, 2)),
    ("010126", date(2026, 1, 1), date(2026, 1, 1)),
    ("020126", date(2026, 1, 1), date(1926, 1, 2)),
    ("130613", AS_OF, date(2013, 6, 13)),
    ("130627", AS_OF, date(1927, 6, 13)),
]


@pytest.mark.parametrize(("code", "as_of", "expected"), CENTURY_CASES)
def test_century_from_as_of(code: str, as_of: date, expected: date) -> None:
    result = niklib.check(nik_with(code), as_of=as_of)
    assert result.valid is True
    assert result.birth_date == expected
    assert result.century_inferred is True


def test_century_marked_inferred_on_nik() -> None:
    nik = niklib.parse(nik_with("171226"), as_of=AS_OF)
    assert nik.birth_date == date(1926, 12, 17)
    assert nik.century_inferred is True


# (DDMMYY, as_of, expected birth date or None for INVALID_DATE): 29 February
# exists only in leap years, and 1900 was not one.
LEAP_CASES = [
    ("290200", AS_OF, date(2000, 2, 29)),
    ("690200", AS_OF, date(2000, 2, 29)),
    ("290296", AS_OF, date(1996, 2, 29)),
    ("290224", AS_OF, date(2024, 2, 29)),
    ("290204", date(2004, 2, 28), date(1904, 2, 29)),
    ("290200", date(2000, 2, 28), None),
    ("290201", AS_OF, None),
    ("290225", AS_OF, None),
    ("690225", AS_OF, None),
    ("300296", AS_OF, None),
]


@pytest.mark.parametrize(("code", "as_of", "expected"), LEAP_CASES)
def test_leap_day_only_in_leap_year(
    code: str, as_of: date, expected: date | None
) -> None:
    result = niklib.check(nik_with(code), as_of=as_of)
    assert result.birth_date == expected
    assert result.valid is (expected is not None)
    if expected is None:
        assert result.reasons == (Reason.INVALID_DATE,)


# (day code, expected sex or None, expected day or None). Men have day codes
# 01-31 and women 41-71 (day + 40). Codes 00, 32-40 and 72-99 never occur.
DAY_CODE_CASES = [
    ("01", Sex.MALE, 1),
    ("15", Sex.MALE, 15),
    ("31", Sex.MALE, 31),
    ("41", Sex.FEMALE, 1),
    ("55", Sex.FEMALE, 15),
    ("71", Sex.FEMALE, 31),
    ("00", None, None),
    ("32", None, None),
    ("39", None, None),
    ("40", None, None),
    ("72", None, None),
    ("80", None, None),
    ("99", None, None),
]


@pytest.mark.parametrize(("day_code", "sex", "day"), DAY_CODE_CASES)
def test_day_code_sex_and_day(day_code: str, sex: Sex | None, day: int | None) -> None:
    result = niklib.check(nik_with(day_code + "0199"), as_of=AS_OF)
    assert result.sex is sex
    if day is None:
        assert result.reasons == (Reason.INVALID_DAY,)
        assert result.birth_date is None
    else:
        assert result.valid is True
        assert result.birth_date == date(1999, 1, day)


@pytest.mark.parametrize("month", ["00", "13", "20", "99"])
def test_invalid_month(month: str) -> None:
    result = niklib.check(nik_with("01" + month + "99"), as_of=AS_OF)
    assert result.reasons == (Reason.INVALID_MONTH,)
    assert result.errors[0].field == "month"
    assert result.birth_date is None


def test_invalid_day_and_month_together() -> None:
    result = niklib.check(nik_with("000099"), as_of=AS_OF)
    assert result.reasons == (Reason.INVALID_DAY, Reason.INVALID_MONTH)


# Calendar-exact: a day that the month does not have, for men and women.
@pytest.mark.parametrize("code", ["310499", "710499", "300299", "310699", "311199"])
def test_day_beyond_month_length(code: str) -> None:
    result = niklib.check(nik_with(code), as_of=AS_OF)
    assert result.reasons == (Reason.INVALID_DATE,)
    assert result.errors[0].field == "date"


@pytest.mark.parametrize("code", ["310199", "710399", "300499", "700499", "311299"])
def test_last_day_of_month_valid(code: str) -> None:
    assert niklib.is_valid(nik_with(code), as_of=AS_OF) is True


@pytest.mark.parametrize(
    ("serial", "valid"), [("0000", False), ("0001", True), ("9999", True)]
)
def test_serial_from_0001(serial: str, valid: bool) -> None:
    value = PREFIX + "410799" + serial
    assert niklib.is_valid(value, as_of=AS_OF) is valid


def test_serial_0000_reason() -> None:
    result = niklib.check(PREFIX + "4107990000", as_of=AS_OF)
    assert result.reasons == (Reason.INVALID_SERIAL,)
    assert result.serial == 0


def test_future_date_in_both_centuries_rejected() -> None:
    # 29 Feb 2000 is after the reference date and 1900 had no 29 Feb.
    result = niklib.check(nik_with("290200"), as_of=date(1999, 12, 31))
    assert result.reasons == (Reason.INVALID_DATE,)


# (DDMMYY, birth_year, expected date, century inferred): a birth year known
# from another record fixes the century when it ends in the NIK's digits.
BIRTH_YEAR_CASES = [
    ("171226", 1926, date(1926, 12, 17), False),
    ("170810", 1910, date(1910, 8, 17), False),
    ("410799", 1899, date(1899, 7, 1), False),
    ("290200", 2000, date(2000, 2, 29), False),
    ("171226", 1985, date(1926, 12, 17), True),
]


@pytest.mark.parametrize(("code", "year", "expected", "inferred"), BIRTH_YEAR_CASES)
def test_birth_year_hint(code: str, year: int, expected: date, inferred: bool) -> None:
    result = niklib.check(nik_with(code), as_of=AS_OF, birth_year=year)
    assert result.valid is True
    assert result.birth_date == expected
    assert result.century_inferred is inferred


def test_birth_year_mismatch_warns() -> None:
    result = niklib.check(nik_with("171226"), as_of=AS_OF, birth_year=1985)
    assert result.valid is True
    assert result.errors == ()
    assert [w.reason for w in result.warnings] == [Reason.BIRTH_YEAR_MISMATCH]
    assert result.warnings[0].field == "date"
    assert "1985" in result.warnings[0].message
    nik = niklib.parse(nik_with("171226"), as_of=AS_OF, birth_year=1985)
    assert nik.warnings == result.warnings


def test_birth_year_mismatch_kept_on_invalid_date() -> None:
    result = niklib.check(nik_with("310499"), as_of=AS_OF, birth_year=1985)
    assert result.reasons == (Reason.INVALID_DATE, Reason.BIRTH_YEAR_MISMATCH)


def test_birth_year_after_as_of_message() -> None:
    result = niklib.check(nik_with("171226"), as_of=AS_OF, birth_year=2026)
    assert result.reasons == (Reason.INVALID_DATE,)
    message = result.errors[0].message
    assert "2026-12-17" in message
    assert "after the reference date 2026-12-04" in message
    assert "1926" not in message


def test_birth_year_missing_day_message() -> None:
    result = niklib.check(nik_with("290201"), as_of=AS_OF, birth_year=2001)
    assert result.reasons == (Reason.INVALID_DATE,)
    assert "does not exist in 2001" in result.errors[0].message
    assert "1901" not in result.errors[0].message


def test_birth_year_hint_in_parse() -> None:
    nik = niklib.parse(nik_with("170810"), as_of=AS_OF, birth_year=1910)
    assert nik.birth_date == date(1910, 8, 17)
    assert nik.century_inferred is False


def test_birth_year_1900_has_no_leap_day() -> None:
    result = niklib.check(nik_with("290200"), as_of=AS_OF, birth_year=1900)
    assert result.reasons == (Reason.INVALID_DATE,)


def test_birth_year_hint_keeps_day_checks() -> None:
    result = niklib.check(nik_with("320199"), as_of=AS_OF, birth_year=1999)
    assert result.reasons == (Reason.INVALID_DAY,)


def test_date_code_keeps_plus_40() -> None:
    nik = niklib.parse("3604054107990003", as_of=AS_OF)
    assert nik.date_code == "410799"
    assert nik.sex is Sex.FEMALE
    assert nik.birth_date == date(1999, 7, 1)


# (on, expected age) for a woman born 1999-07-01.
AGE_CASES = [
    (date(1999, 7, 1), 0),
    (date(2026, 6, 30), 26),
    (date(2026, 7, 1), 27),
    (AS_OF, 27),
]


@pytest.mark.parametrize(("on", "expected"), AGE_CASES)
def test_age_in_whole_years(on: date, expected: int) -> None:
    nik = niklib.parse("3604054107990003", as_of=AS_OF)
    assert nik.age(on) == expected


def test_age_before_birth_rejected() -> None:
    nik = niklib.parse("3604054107990003", as_of=AS_OF)
    with pytest.raises(ValueError, match="before the birth date"):
        nik.age(date(1990, 1, 1))


def test_age_defaults_to_today() -> None:
    nik = niklib.parse("3604054107990003", as_of=AS_OF)
    assert nik.age() == nik.age(date.today())


def test_as_of_must_be_date() -> None:
    with pytest.raises(TypeError, match=r"as_of must be a datetime\.date"):
        niklib.check("3604054107990003", as_of="2026-12-04")  # type: ignore[arg-type]


AS_OF_DATETIME = datetime(2026, 12, 4, 9, 30)


def test_is_valid_datetime_as_of() -> None:
    assert niklib.is_valid("3604054107990003", as_of=AS_OF_DATETIME) is True


def test_check_datetime_as_of() -> None:
    result = niklib.check("3604054107990003", as_of=AS_OF_DATETIME)
    assert result.birth_date == date(1999, 7, 1)


def test_age_on_datetime() -> None:
    nik = niklib.parse("3604054107990003", as_of=AS_OF)
    assert nik.age(AS_OF_DATETIME) == 27


def test_birth_year_str_rejected_clearly() -> None:
    with pytest.raises(TypeError, match="birth_year"):
        niklib.check(nik_with("410799"), as_of=AS_OF, birth_year="1999")  # type: ignore[arg-type]


def test_birth_year_two_digits_rejected() -> None:
    with pytest.raises(ValueError, match="birth_year"):
        niklib.check(nik_with("410799"), as_of=AS_OF, birth_year=99)


# Registries recorded unknown birth dates as 31 December, 1 July or the
# 15th. Such dates are common but valid.
@pytest.mark.parametrize("code", ["311270", "711270", "010770", "410770", "150670"])
def test_placeholder_birth_dates_valid(code: str) -> None:
    assert niklib.is_valid(nik_with(code), as_of=AS_OF) is True
