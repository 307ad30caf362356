"""The audit's checks of a row's own cells: sex and the NIK's birth date."""

from __future__ import annotations

from datetime import date

import pytest

from niklib.audit import audit

AS_OF = date(2019, 6, 1)
NIK = "3604054107990003"


def _row_issues(sex: str) -> dict[str, str]:
    result = audit([{"nik": NIK, "name": "Siti Aminah", "sex": sex}], as_of=AS_OF)
    return {issue.code.value: issue.message for issue in result.rows[0].issues}


@pytest.mark.parametrize("sex", ["P", "perempuan", "F", "2", "Wanita", ""])
def test_sex_recognised(sex: str) -> None:
    assert "sex_invalid" not in _row_issues(sex)


@pytest.mark.parametrize("sex", ["X", "?", "3", "unknown"])
def test_sex_unrecognised_reported(sex: str) -> None:
    issues = _row_issues(sex)
    assert "sex_invalid" in issues
    assert repr(sex) in issues["sex_invalid"]
    assert "expected L or P" in issues["sex_invalid"]


def test_sex_cell_with_nik_masked() -> None:
    issues = _row_issues(NIK)
    assert "sex_invalid" in issues
    assert NIK not in issues["sex_invalid"]


@pytest.mark.parametrize(
    ("birth_date", "detail"),
    [("02-07-1999", None), ("07-01-1999", "(day and month swapped)")],
)
def test_date_mismatch_message(birth_date: str, detail: str | None) -> None:
    result = audit(
        [{"nik": NIK, "name": "Siti Aminah", "birth_date": birth_date, "sex": "P"}],
        as_of=AS_OF,
    )
    messages = {issue.code.value: issue.message for issue in result.rows[0].issues}
    message = messages["nik_date_mismatch"]
    assert "(differs)" not in message
    if detail is not None:
        assert detail in message
