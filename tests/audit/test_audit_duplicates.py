"""Duplicates and shared NIKs inside one recipient list."""

from __future__ import annotations

from datetime import date

import pytest

from niklib.audit import audit

AS_OF = date(2019, 6, 1)
NIK = "3604054107990003"


def _codes(nik_a: str, nik_b: str, name_a: str, name_b: str) -> list[list[str]]:
    result = audit(
        [{"nik": nik_a, "name": name_a}, {"nik": nik_b, "name": name_b}], as_of=AS_OF
    )
    return [[code.value for code in row.codes] for row in result.rows]


@pytest.mark.parametrize(
    ("nik_a", "nik_b"),
    [
        (NIK, NIK),
        ("3604054107990000", "3604054107990000"),  # serial 0000
        ("3699994107990003", "3699994107990003"),  # unknown district
        (NIK, NIK + ".0"),  # spreadsheet damage on one row
        ("360405410799000", "360405410799000"),  # lost its last digit
        (NIK, "36.04.05.410799.0003"),
    ],
)
def test_one_nik_two_names_shared(nik_a: str, nik_b: str) -> None:
    codes = _codes(nik_a, nik_b, "Budi Santoso", "Siti Rahayu")
    for row in codes:
        assert "nik_shared" in row
        assert "duplicate_person" not in row
        assert "duplicate_nik" not in row


@pytest.mark.parametrize("nik_b", [NIK, NIK + ".0", "36.04.05.410799.0003"])
def test_one_nik_one_name_duplicate(nik_b: str) -> None:
    codes = _codes(NIK, nik_b, "Siti Aminah", "SITI AMINAH")
    for row in codes:
        assert "duplicate_nik" in row
        assert "nik_shared" not in row


def test_invalid_shared_nik_one_name_duplicate() -> None:
    codes = _codes("3604054107990000", "3604054107990000", "Siti Aminah", "Siti Aminah")
    for row in codes:
        assert "duplicate_nik" in row
        assert "duplicate_person" not in row


def test_placeholder_nik_not_shared() -> None:
    codes = _codes(
        "0000000000000000", "0000000000000000", "Budi Santoso", "Siti Rahayu"
    )
    for row in codes:
        assert "nik_shared" not in row
        assert "duplicate_person" not in row


def test_same_person_two_niks_found() -> None:
    rows = [
        {"nik": NIK, "name": "Siti Aminah", "birth_date": "1999-07-01", "sex": "P"},
        {
            "nik": "3604054107990004",
            "name": "Siti Aminah",
            "birth_date": "1999-07-01",
            "sex": "P",
        },
    ]
    result = audit(rows, as_of=AS_OF)
    for row in result.rows:
        assert "duplicate_person" in {code.value for code in row.codes}
        assert row.duplicate_group == 1


def test_match_repr_hides_registry_nik() -> None:
    result = audit(
        [{"nik": NIK, "name": "Siti Aminah"}],
        registry=[{"nik": NIK, "name": "Siti Aminah"}],
        as_of=AS_OF,
    )
    assert result.matches[0].registry_nik == NIK
    assert NIK not in repr(result.matches[0])
    assert NIK not in repr(result.rows[0])
    assert NIK not in repr(result)


def test_three_rows_one_nik_symmetric() -> None:
    result = audit(
        [
            {"nik": NIK, "name": "Siti Aminah"},
            {"nik": NIK, "name": "Siti Aminah"},
            {"nik": NIK, "name": "Budi Santoso"},
        ],
        as_of=AS_OF,
    )
    issues = [
        {issue.code.value: issue.message for issue in row.issues} for row in result.rows
    ]
    codes = [[code.value for code in row.codes] for row in result.rows]
    for row_codes in codes:
        assert len(row_codes) == len(set(row_codes))
    assert issues[0]["duplicate_nik"].endswith("also on row 3")
    assert issues[1]["duplicate_nik"].endswith("also on row 2")
    assert "row 4" in issues[0]["nik_shared"]
    assert "row 4" in issues[1]["nik_shared"]
    assert "rows 2 (different name) and 3" in issues[2]["nik_shared"]
    assert "duplicate_nik" not in issues[2]
    assert {row.duplicate_group for row in result.rows} == {1}
