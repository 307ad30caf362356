"""One case per `Reason`: what `check`, `parse`, `validate` and `is_valid` report."""

from __future__ import annotations

from datetime import date

import pytest

import niklib
from niklib import Reason, Severity

pytestmark = pytest.mark.usefixtures("fixture_regions")

AS_OF = date(2026, 12, 4)

# (input, reason, field): every error reason, with the field it names.
ERROR_CASES = [
    (b"3604054107990003", Reason.WRONG_TYPE, "value"),
    ("", Reason.PLACEHOLDER, "value"),
    ("3604O54107990003", Reason.INVALID_CHARACTERS, "value"),
    ("360405410799000", Reason.WRONG_LENGTH, "value"),
    ("3.60405E+15", Reason.SPREADSHEET_DAMAGE, "value"),
    ("9904054107990003", Reason.UNKNOWN_PROVINCE, "province"),
    ("3699054107990003", Reason.UNKNOWN_REGENCY, "regency"),
    ("3604994107990003", Reason.UNKNOWN_DISTRICT, "district"),
    ("3604053207990003", Reason.INVALID_DAY, "day"),
    ("3604054113990003", Reason.INVALID_MONTH, "month"),
    ("3604053102990003", Reason.INVALID_DATE, "date"),
    ("3604054107990000", Reason.INVALID_SERIAL, "serial"),
]

# (input, field): retired codes are valid with a warning naming the level.
WARNING_CASES = [
    ("9101014512700004", "district"),
    ("6404014512700004", "regency"),
]


WARNING_REASONS = {Reason.RETIRED_REGION, Reason.BIRTH_YEAR_MISMATCH}


def test_cases_cover_every_reason() -> None:
    covered = {reason for _, reason, _ in ERROR_CASES} | WARNING_REASONS
    assert covered == set(Reason)


@pytest.mark.parametrize(("value", "reason", "field"), ERROR_CASES)
def test_check_reports_reason(value: object, reason: Reason, field: str) -> None:
    result = niklib.check(value, as_of=AS_OF)
    assert result.valid is False
    assert result.reasons == (reason,)
    assert result.errors[0].field == field
    assert result.nik is None


@pytest.mark.parametrize(("value", "reason", "field"), ERROR_CASES)
def test_parse_raises_reason(value: object, reason: Reason, field: str) -> None:
    with pytest.raises(niklib.InvalidNIK) as info:
        niklib.parse(value, as_of=AS_OF)
    assert info.value.reason is reason
    assert info.value.field == field


@pytest.mark.parametrize(("value", "reason", "field"), ERROR_CASES)
def test_validate_raises_reason(value: object, reason: Reason, field: str) -> None:
    with pytest.raises(niklib.InvalidNIK) as info:
        niklib.validate(value, as_of=AS_OF)
    assert info.value.reason is reason
    assert info.value.field == field


@pytest.mark.parametrize(("value", "reason", "field"), ERROR_CASES)
def test_is_valid_false_for_reason(value: object, reason: Reason, field: str) -> None:
    assert niklib.is_valid(value, as_of=AS_OF) is False


@pytest.mark.parametrize(("value", "field"), WARNING_CASES)
def test_retired_region_is_warning(value: str, field: str) -> None:
    result = niklib.check(value, as_of=AS_OF)
    assert result.valid is True
    assert result.errors == ()
    assert result.reasons == (Reason.RETIRED_REGION,)
    assert result.warnings[0].field == field
    assert result.warnings[0].severity is Severity.WARNING


@pytest.mark.parametrize(("value", "field"), WARNING_CASES)
def test_retired_region_parses(value: str, field: str) -> None:
    nik = niklib.parse(value, as_of=AS_OF)
    assert nik.value == value
    assert [w.reason for w in nik.warnings] == [Reason.RETIRED_REGION]
    assert niklib.is_valid(value, as_of=AS_OF) is True
    assert niklib.validate(value, as_of=AS_OF) == value


@pytest.mark.parametrize("reason", [r for r in Reason if r not in WARNING_REASONS])
def test_error_reasons_have_error_severity(reason: Reason) -> None:
    assert reason.severity is Severity.ERROR


@pytest.mark.parametrize("reason", sorted(WARNING_REASONS, key=lambda r: r.value))
def test_warning_reasons_have_warning_severity(reason: Reason) -> None:
    assert reason.severity is Severity.WARNING


def test_birth_year_mismatch_is_warning() -> None:
    result = niklib.check("3604054107990003", as_of=AS_OF, birth_year=1998)
    assert result.valid is True
    assert result.reasons == (Reason.BIRTH_YEAR_MISMATCH,)
    assert result.warnings[0].field == "date"


def test_parse_error_carries_all_errors() -> None:
    with pytest.raises(niklib.InvalidNIK) as info:
        niklib.parse("9904053213990000", as_of=AS_OF)
    reasons = [f.reason for f in info.value.findings]
    assert info.value.reason is Reason.UNKNOWN_PROVINCE
    assert reasons == [
        Reason.UNKNOWN_PROVINCE,
        Reason.INVALID_DAY,
        Reason.INVALID_MONTH,
        Reason.INVALID_SERIAL,
    ]
