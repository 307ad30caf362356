"""Comparison levels as tables of value pairs with the expected level."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from niklib.linkage import (
    AddressComparison,
    BirthDateComparison,
    Comparison,
    ExactComparison,
    NameComparison,
    NikComparison,
    RegionComparison,
    SexComparison,
    is_placeholder,
)


def level_of(comparison: Comparison, a: object, b: object) -> str:
    left = comparison.prepare([a])
    right = comparison.prepare([b])
    index = np.array([0], dtype=np.intp)
    return comparison.levels[int(comparison.compare(left, right, index, index)[0])].key


NIK = "3604054107990003"
NIK_LEVELS = [
    (NIK, NIK, "exact"),
    ("36.04.05.410799.0003", NIK, "exact"),
    (NIK, "3604054107990000", "spreadsheet_zero"),
    ("3604054107990000", NIK, "spreadsheet_zero"),
    (NIK, "3604054107990004", "other_serial"),
    (NIK, "3604054107990013", "other_serial"),
    (NIK, "3604064107990003", "substitution"),
    (NIK, "3604054107890003", "substitution"),
    (NIK, "3640054107990003", "transposition"),
    (NIK, "3604051407990003", "transposition"),
    (NIK, "3601011208850002", "else"),
    (NIK, "360405410799003", "else"),
    (NIK, "", "one_missing"),
    (NIK, "0", "one_missing"),
    (NIK, None, "one_missing"),
    ("0", "0", "both_missing"),
    ("0000000000000000", "0000000000000000", "both_missing"),
    ("0123456789012345", "0123456789012345", "both_missing"),
    ("3.604054E+15", "3.604054E+15", "both_missing"),
    (3.604054107990003e15, 3.604054107990003e15, "both_missing"),
    ("", None, "both_missing"),
]


@pytest.mark.parametrize(("a", "b", "level"), NIK_LEVELS)
def test_nik_levels(a: object, b: object, level: str) -> None:
    assert level_of(NikComparison(), a, b) == level


def test_identifier_leading_zero_allowed() -> None:
    comparison = NikComparison(leading_zero_placeholder=False)
    assert level_of(comparison, "0123456", "0123456") == "exact"


@pytest.mark.parametrize(
    ("digits", "expected"),
    [("", True), ("0", True), ("0000000000000000", True), ("0123", True), (NIK, False)],
)
def test_is_placeholder(digits: str, expected: bool) -> None:
    assert is_placeholder(digits) is expected


NAME_LEVELS = [
    ("Siti Aminah", "SITI AMINAH", "exact"),
    ("Soeharto", "Suharto", "exact"),
    ("Mochammad Djoko", "Muhammad Joko", "exact"),
    ("Hj. Siti Aminah, S.Pd.", "Siti Aminah", "exact"),
    ("Suparman", "Suparman bin Kasimo", "exact"),
    ("Siti Aminah", "Aminah Siti", "token_set"),
    ("Suparman", "Suparman Hadi", "subset"),
    ("M. Yusuf", "Muhammad Yusuf", "subset"),
    ("Yusuf M", "Yusuf Mahmud", "subset"),
    ("Sumiati K.", "Sumiati Kayla", "subset"),
    ("Siti Aminah", "Siti Aminag", "fuzzy_high"),
    ("Budi", "Joko", "else"),
    ("", "Budi", "one_missing"),
    (None, "", "both_missing"),
]


@pytest.mark.parametrize(("a", "b", "level"), NAME_LEVELS)
def test_name_levels(a: object, b: object, level: str) -> None:
    assert level_of(NameComparison(), a, b) == level


def test_name_patronymics_both_sides_differ() -> None:
    level = level_of(NameComparison(), "Suparman bin Kasimo", "Suparman bin Joko")
    assert level not in ("exact", "token_set", "subset")


DATE_LEVELS = [
    ("1980-01-05", "05-01-1980", "exact"),
    ("1980-05-05", "1980-05-05", "exact"),
    ("1980-01-05", "1980-05-01", "swapped"),
    ("05/01/1980", "01/05/1980", "swapped"),
    ("1980-01-05", "1980-01-06", "one_digit"),
    ("1980-01-05", "1981-01-05", "one_digit"),
    ("1980-01-05", "1980-03-20", "same_year"),
    ("1980-01-05", "1982-06-20", "two_years"),
    ("1980-01-05", "1978-12-30", "two_years"),
    ("1980-01-05", "1990-06-20", "else"),
    ("1980-01-05", None, "one_missing"),
    ("31-02-1980", "", "both_missing"),
]


@pytest.mark.parametrize(("a", "b", "level"), DATE_LEVELS)
def test_birth_date_levels(a: object, b: object, level: str) -> None:
    assert level_of(BirthDateComparison(), a, b) == level


SEX_LEVELS = [
    ("L", "M", "agree"),
    ("Perempuan", "P", "agree"),
    ("P", "L", "else"),
    (None, "L", "one_missing"),
    ("?", None, "both_missing"),
]


@pytest.mark.parametrize(("a", "b", "level"), SEX_LEVELS)
def test_sex_levels(a: object, b: object, level: str) -> None:
    assert level_of(SexComparison(), a, b) == level


REGION_LEVELS = [
    ("360405", "36.04.05", "exact"),
    ("360405", "360406", "regency"),
    ("360405", "360105", "province"),
    ("360405", "320405", "else"),
    ("Kab. Serang", "KAB SERANG", "exact"),
    ("KAB SERANG", "KAB LEBAK", "else"),
    ("3604", "", "one_missing"),
]


@pytest.mark.parametrize(("a", "b", "level"), REGION_LEVELS)
def test_region_levels(a: object, b: object, level: str) -> None:
    assert level_of(RegionComparison(), a, b) == level


ADDRESS_LEVELS = [
    ("Jl. Merdeka No.5 RT 001/RW 02", "JALAN MERDEKA NOMOR 5 RT1 RW2", "exact"),
    ("Jl. Merdeka No. 5", "Jl. Merdeka No. 5 Desa Sukamaju", "fuzzy_high"),
    ("Jl. Merdeka No. 5", "Jl. Merdeka No. 7", "fuzzy_high"),
    ("Kp. Sukamaju RT 01/02", "Kp. Sukamulya RT 03/04", "fuzzy_low"),
    ("Jl. Merdeka No. 5", "Perum Griya Asri Blok C", "else"),
    (None, "Jl. Merdeka", "one_missing"),
]


@pytest.mark.parametrize(("a", "b", "level"), ADDRESS_LEVELS)
def test_address_levels(a: object, b: object, level: str) -> None:
    assert level_of(AddressComparison(), a, b) == level


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [("wa", "WA", "exact"), ("wa", "nsw", "else"), (None, "nsw", "one_missing")],
)
def test_exact_levels(a: object, b: object, level: str) -> None:
    assert level_of(ExactComparison("state"), a, b) == level


def test_levels_start_with_missing() -> None:
    for comparison in (NikComparison(), NameComparison(), BirthDateComparison()):
        keys = [level.key for level in comparison.levels[:2]]
        assert keys == ["both_missing", "one_missing"]


def test_levels_end_with_else() -> None:
    for comparison in (SexComparison(), RegionComparison(), AddressComparison()):
        assert comparison.levels[-1].key == "else"


SAMPLES = {
    "nik": [NIK, "3604054107990000", "3604054107990004", "3640054107990003", "0", None],
    "name": ["Siti Aminah", "Aminah Siti", "M. Yusuf", "Muhammad Yusuf", "Budi", ""],
    "birth_date": ["1980-01-05", "1980-05-01", "1980-01-06", "1982-01-01", None],
    "address": ["Jl. Merdeka 5", "Jalan Merdeka 5 RT 1", "Gg. Mawar", None],
}
BATCH_CASES = [
    (NikComparison(), SAMPLES["nik"]),
    (NameComparison(), SAMPLES["name"]),
    (BirthDateComparison(), SAMPLES["birth_date"]),
    (AddressComparison(), SAMPLES["address"]),
]


@pytest.mark.parametrize(("comparison", "values"), BATCH_CASES)
def test_batch_equals_single_pairs(
    comparison: Comparison, values: list[object]
) -> None:
    column = comparison.prepare(values)
    pairs = list(itertools.product(range(len(values)), repeat=2))
    li = np.array([a for a, _ in pairs], dtype=np.intp)
    ri = np.array([b for _, b in pairs], dtype=np.intp)
    batch = comparison.compare(column, column, li, ri)
    single = [level_of(comparison, values[a], values[b]) for a, b in pairs]
    assert [comparison.levels[i].key for i in batch] == single


@pytest.mark.parametrize(
    ("a", "b", "level"),
    [
        ("Kp. Sindangharja RT 07/02", "Kp. Sindangharja RT 01/05", "fuzzy_low"),
        ("Kp. Sindangharja RT 07/02", "Kp Sindangharja RT 7 RW 2 Desa X", "fuzzy_high"),
        ("Kp. Sindangharja RT 07/02", "Kp. Sindangharja", "fuzzy_high"),
    ],
)
def test_address_rt_rw(a: str, b: str, level: str) -> None:
    assert level_of(AddressComparison(), a, b) == level
