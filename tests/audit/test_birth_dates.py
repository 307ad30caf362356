"""Birth dates as spreadsheets export them: day first, with a time part."""

from datetime import date

import pytest

from niklib.audit import audit
from niklib.linkage.records import parse_birth_date

AS_OF = date(2020, 6, 1)
NIK = "3604054107990003"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("04-05-1978 00:00:00", date(1978, 5, 4)),
        ("04/05/1978 00:00", date(1978, 5, 4)),
        ("4.5.1978 13:45:10", date(1978, 5, 4)),
        ("1980-07-18 00:00:00", date(1980, 7, 18)),
    ],
)
def test_birth_date_with_time_read(text: str, expected: date) -> None:
    assert parse_birth_date(text) == expected


@pytest.mark.parametrize(
    "text", ["05/13/1980 00:00:00", "04-05-1978 24:00", "04-05-1978 noon"]
)
def test_birth_date_bad_forms_rejected(text: str) -> None:
    assert parse_birth_date(text) is None


def test_birth_date_with_time_accepted_in_audit() -> None:
    row = {"NIK": NIK, "NAMA": "SITI AMINAH", "TGL_LAHIR": "01-07-1999 00:00:00"}
    result = audit([row], as_of=AS_OF)
    assert "birth_date_invalid" not in {c.value for c in result.rows[0].codes}
