"""The audit's check of the sex cell on a row."""

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
