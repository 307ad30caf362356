"""Field normalisation: birth dates, sex, identifiers, regions, addresses."""

from __future__ import annotations

import datetime as dt

import pytest

from niklib.linkage.records import (
    normalize_address,
    normalize_identifier,
    normalize_region,
    normalize_sex,
    parse_birth_date,
    read_field,
)

DATES = [
    ("1980-01-05", dt.date(1980, 1, 5)),
    ("1980-1-5", dt.date(1980, 1, 5)),
    ("1980-01-05T00:00:00", dt.date(1980, 1, 5)),
    ("19800105", dt.date(1980, 1, 5)),
    ("05-01-1980", dt.date(1980, 1, 5)),
    ("05/01/1980", dt.date(1980, 1, 5)),
    ("5/1/1980", dt.date(1980, 1, 5)),
    ("05.01.1980", dt.date(1980, 1, 5)),
    ("31-12-1970", dt.date(1970, 12, 31)),
    (dt.date(1999, 7, 1), dt.date(1999, 7, 1)),
    (dt.datetime(1999, 7, 1, 10, 30), dt.date(1999, 7, 1)),
    ("31-02-1980", None),
    ("19620230", None),
    ("01/13/1980", None),
    ("1/5/80", None),
    ("Jan 5 1980", None),
    ("", None),
    (None, None),
    (19800105, None),
    ("05-01/1980", None),
]


@pytest.mark.parametrize(("value", "expected"), DATES)
def test_parse_birth_date(value: object, expected: dt.date | None) -> None:
    assert parse_birth_date(value) == expected


SEXES = [
    ("L", "M"),
    ("laki-laki", "M"),
    ("LAKI LAKI", "M"),
    ("Pria", "M"),
    ("M", "M"),
    ("1", "M"),
    ("P", "F"),
    ("Perempuan", "F"),
    ("wanita", "F"),
    ("F", "F"),
    ("2", "F"),
    ("", None),
    (None, None),
    ("X", None),
]


@pytest.mark.parametrize(("value", "expected"), SEXES)
def test_normalize_sex(value: object, expected: str | None) -> None:
    assert normalize_sex(value) == expected


def test_normalize_sex_enum_value() -> None:
    import niklib

    assert normalize_sex(niklib.Sex.FEMALE) == "F"


IDENTIFIERS = [
    ("3604054107990003", "3604054107990003"),
    ("36.04.05.410799.0003", "3604054107990003"),
    ("3604 0541 0799 0003", "3604054107990003"),
    ("'3604054107990003", "3604054107990003"),
    ("3604054107990003.0", "3604054107990003"),
    (3604054107990003, "3604054107990003"),
    ("3.604054E+15", ""),
    (3.604054107990003e15, ""),
    ("３６０４０５４１０７９９０００３", ""),
    ("36040541O7990003", ""),
    (None, ""),
    (True, ""),
]


@pytest.mark.parametrize(("value", "expected"), IDENTIFIERS)
def test_normalize_identifier(value: object, expected: str) -> None:
    assert normalize_identifier(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("36.04.05", "360405"),
        ("3604", "3604"),
        ("Kab. Serang", "KAB SERANG"),
        (None, ""),
    ],
)
def test_normalize_region(value: object, expected: str) -> None:
    assert normalize_region(value) == expected


ADDRESSES = [
    ("Jl. Merdeka No.5 RT 001/RW 02", "JALAN MERDEKA NOMOR 5 RT1 RW2"),
    ("JLN MERDEKA NO 5 RT.1 RW.2", "JALAN MERDEKA NOMOR 5 RT1 RW2"),
    ("Kp. Sukamaju RT 009/008", "KAMPUNG SUKAMAJU RT9 RW8"),
    ("Gg. Mawar", "GANG MAWAR"),
    ("", ""),
]


@pytest.mark.parametrize(("value", "expected"), ADDRESSES)
def test_normalize_address(value: str, expected: str) -> None:
    assert normalize_address(value) == expected


def test_read_field_joins_columns() -> None:
    record = {"given": "Siti", "surname": " Aminah ", "blank": ""}
    columns = {"name": ("given", "blank", "surname")}
    assert read_field(record, "name", columns) == "Siti Aminah"


def test_read_field_missing_column() -> None:
    assert read_field({}, "nik", {}) is None


def test_parse_birth_date_nan() -> None:
    assert parse_birth_date(float("nan")) is None
