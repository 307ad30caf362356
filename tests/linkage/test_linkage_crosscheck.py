"""Cross-checks of a record's NIK against its own birth date and sex."""

from __future__ import annotations

import pytest

from niklib.linkage import CrossCheck, DateCheck, SexCheck, cross_check

# Synthetic NIK of a woman born 1999-07-01 (day code 41).
WOMAN = "3604054107990003"
# Synthetic NIK of a man born 1985-08-12.
MAN = "3601011208850002"

CASES = [
    (WOMAN, "1999-07-01", "P", DateCheck.AGREES, SexCheck.AGREES),
    (WOMAN, "01-07-1999", "F", DateCheck.AGREES, SexCheck.AGREES),
    (WOMAN, "1999-01-07", "P", DateCheck.SWAPPED, SexCheck.AGREES),
    (WOMAN, "1999-07-01", "L", DateCheck.EXTRA_40, SexCheck.DIFFERS),
    (MAN, "1985-08-12", "P", DateCheck.MISSING_40, SexCheck.DIFFERS),
    (MAN, "1985-08-13", "L", DateCheck.DIFFERS, SexCheck.AGREES),
    (MAN, None, None, DateCheck.UNKNOWN, SexCheck.UNKNOWN),
    (None, "1985-08-12", "L", DateCheck.UNKNOWN, SexCheck.UNKNOWN),
]


@pytest.mark.parametrize(("nik", "date", "sex", "date_check", "sex_check"), CASES)
def test_cross_check(nik, date, sex, date_check, sex_check) -> None:
    result = cross_check({"nik": nik, "birth_date": date, "sex": sex})
    assert (result.date, result.sex) == (date_check, sex_check)


def test_invalid_nik_reason() -> None:
    result = cross_check({"nik": "3604054107990000", "birth_date": "1999-07-01"})
    assert result.nik_error == "invalid_serial"


def test_consistent() -> None:
    assert cross_check(
        {"nik": WOMAN, "birth_date": "1999-07-01", "sex": "P"}
    ).consistent


def test_inconsistent() -> None:
    assert not cross_check({"nik": WOMAN, "birth_date": "1999-01-07"}).consistent


def test_notes_empty_when_consistent() -> None:
    assert CrossCheck(date=DateCheck.AGREES, sex=SexCheck.AGREES).notes() == ()


def test_column_map() -> None:
    record = {"NIK": WOMAN, "TGL_LAHIR": "01-07-1999", "JK": "P"}
    columns = {"nik": "NIK", "birth_date": "TGL_LAHIR", "sex": "JK"}
    assert cross_check(record, columns=columns).consistent


def test_notes_never_show_nik() -> None:
    result = cross_check({"nik": WOMAN, "birth_date": "1999-01-07", "sex": "L"})
    assert not any(WOMAN in note for note in result.notes())
