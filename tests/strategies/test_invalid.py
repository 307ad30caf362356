"""invalid_niks() inputs fail niklib's checks with the promised reason."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import find, given
from hypothesis.errors import InvalidArgument

import niklib
from niklib.exceptions import Reason, Severity
from niklib.strategies import invalid_niks

ERROR_REASONS = [r for r in Reason if r.severity is Severity.ERROR]


@pytest.mark.parametrize("reason", ERROR_REASONS, ids=lambda r: r.value)
def test_invalid_niks_reason(reason: Reason) -> None:
    @given(invalid_niks(reason))
    def run(pair: tuple[Any, Reason]) -> None:
        value, promised = pair
        result = niklib.check(value)
        assert promised is reason
        assert not result.valid
        assert result.errors[0].reason is promised
        assert not niklib.is_valid(value)

    run()


@pytest.mark.parametrize("reason", ERROR_REASONS, ids=lambda r: r.value)
def test_invalid_niks_parse_raises(reason: Reason) -> None:
    @given(invalid_niks(reason))
    def run(pair: tuple[Any, Reason]) -> None:
        value, promised = pair
        with pytest.raises(niklib.InvalidNIK) as raised:
            niklib.parse(value)
        assert raised.value.reason is promised

    run()


@pytest.mark.parametrize("reason", ERROR_REASONS, ids=lambda r: r.value)
def test_invalid_niks_covers(reason: Reason) -> None:
    _value, found = find(invalid_niks(), lambda pair: pair[1] is reason)
    assert found is reason


@given(invalid_niks())
def test_invalid_niks_any(pair: tuple[Any, Reason]) -> None:
    value, reason = pair
    assert niklib.check(value).errors[0].reason is reason


def test_invalid_niks_retired_raises() -> None:
    with pytest.raises(InvalidArgument):
        invalid_niks(Reason.RETIRED_REGION)


def test_invalid_niks_bad_reason() -> None:
    with pytest.raises(InvalidArgument):
        invalid_niks("placeholder")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("reason", "condition"),
    [
        (Reason.PLACEHOLDER, lambda v: v is None),
        (
            Reason.PLACEHOLDER,
            lambda v: isinstance(v, str) and v.startswith("0") and len(v) == 16,
        ),
        (Reason.SPREADSHEET_DAMAGE, lambda v: isinstance(v, float)),
        (Reason.SPREADSHEET_DAMAGE, lambda v: isinstance(v, str) and "E+" in v),
        (Reason.SPREADSHEET_DAMAGE, lambda v: isinstance(v, str) and v.endswith(".0")),
        (Reason.INVALID_CHARACTERS, lambda v: isinstance(v, str) and not v.isascii()),
        (Reason.WRONG_TYPE, lambda v: isinstance(v, bytes)),
    ],
)
def test_invalid_niks_damage_forms(reason: Reason, condition: Any) -> None:
    value, _ = find(invalid_niks(reason), lambda pair: condition(pair[0]))
    assert condition(value)
