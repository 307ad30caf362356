"""`InvalidNIK`: a `ValueError` with reason and field that pickles and hides the NIK."""

from __future__ import annotations

import pickle
import re
from collections.abc import Callable
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import niklib
from niklib import Finding, InvalidNIK, Reason
from niklib.exceptions import InvalidIdentifier, InvalidKK

pytestmark = pytest.mark.usefixtures("fixture_regions")

AS_OF = date(2026, 12, 4)


def raised_by(value: object) -> InvalidNIK:
    with pytest.raises(InvalidNIK) as info:
        niklib.parse(value, as_of=AS_OF)
    return info.value


def test_subclass_of_value_error() -> None:
    assert issubclass(InvalidNIK, ValueError)
    assert issubclass(InvalidNIK, InvalidIdentifier)


def test_caught_as_value_error() -> None:
    with pytest.raises(ValueError, match="day code 32"):
        niklib.validate("3604053207990003", as_of=AS_OF)


def test_attributes() -> None:
    error = raised_by("3604053207990003")
    assert error.reason is Reason.INVALID_DAY
    assert error.field == "day"
    assert error.masked == "36.04.**.******.**03"
    assert error.findings == (
        Finding(Reason.INVALID_DAY, "day", error.findings[0].message),
    )


def test_message_names_masked_input() -> None:
    error = raised_by("3604053207990003")
    assert str(error).startswith("invalid NIK in 36.04.**.******.**03: ")


def test_wrong_type_message_names_type() -> None:
    error = raised_by(b"3604053207990003")
    assert "not bytes" in str(error)
    assert error.masked == ""


# Errors of several reasons, for the round trip.
PICKLE_CASES = [
    "3604053207990003",
    "9904053213990000",
    "3.6E+15",
    "",
    b"x",
    "360405410799000",
]


@pytest.mark.parametrize("value", PICKLE_CASES)
def test_pickle_round_trip(value: object) -> None:
    error = raised_by(value)
    copy = pickle.loads(pickle.dumps(error))
    assert type(copy) is InvalidNIK
    assert str(copy) == str(error)
    assert copy.args == error.args
    assert copy.reason is error.reason
    assert copy.field == error.field
    assert copy.masked == error.masked
    assert copy.findings == error.findings


def test_pickle_built_error() -> None:
    error = InvalidNIK("invalid NIK: test", reason=Reason.WRONG_LENGTH, field="value")
    copy = pickle.loads(pickle.dumps(error, protocol=pickle.HIGHEST_PROTOCOL))
    assert copy.reason is Reason.WRONG_LENGTH
    assert copy.field == "value"
    assert str(copy) == "invalid NIK: test"


@pytest.mark.parametrize("cls", [InvalidNIK, InvalidKK])
def test_create_matches_init(cls: type[InvalidIdentifier]) -> None:
    finding = Finding(Reason.INVALID_SERIAL, "serial", "serial 0000 is never issued")
    parts = ("invalid: serial", finding.reason, finding.field, "36.04", (finding,))
    built = cls._create(*parts)
    expected = cls(
        parts[0],
        reason=finding.reason,
        field=finding.field,
        masked="36.04",
        findings=(finding,),
    )
    assert type(built) is cls
    assert built.args == expected.args
    assert str(built) == str(expected)
    assert vars(built) == vars(expected)
    assert vars(pickle.loads(pickle.dumps(built))) == vars(expected)


def leaks(digits: str, text: str) -> bool:
    """Return whether `text` shows all 16 digits in order, separators allowed."""
    pattern = r"\D{0,3}".join(digits)
    return re.search(pattern, text) is not None


def test_leak_check_can_fail() -> None:
    assert leaks("3604054107990003", "x 36.04.05.410799.0003 x")


Verb = Callable[[object], object]
VERBS: list[Verb] = [
    niklib.compact,
    niklib.format,
    lambda v: niklib.validate(v, as_of=AS_OF),
    lambda v: niklib.parse(v, as_of=AS_OF),
    lambda v: niklib.pseudonymize(v, "k" * 32),
]

# Ways a NIK arrives damaged or wrapped, so that a verb rejects it.
DECORATIONS = [
    "{}",
    "{}x",
    "x{}",
    "NIK {}",
    "{}.0",
    "{},0",
    "'{}.0",
    "{}1",
    "{} / 3604",
    "{}E0",
    " {} ?",
    "{}\u200b",
    "{}３",
]

digit_strings = st.text(alphabet="0123456789", min_size=16, max_size=16)


def error_texts(error: InvalidNIK) -> list[str]:
    texts = [str(error), repr(error), error.masked, *map(str, error.args)]
    texts.extend(f.message for f in error.findings)
    copy = pickle.loads(pickle.dumps(error))
    texts.append(str(copy))
    return texts


@settings(max_examples=60, deadline=None)
@given(digits=digit_strings, decoration=st.sampled_from(DECORATIONS))
def test_error_never_shows_nik(digits: str, decoration: str) -> None:
    value = decoration.format(digits)
    for verb in VERBS:
        try:
            verb(value)
        except InvalidNIK as error:
            for text in error_texts(error):
                assert not leaks(digits, text), text


@settings(max_examples=60, deadline=None)
@given(digits=digit_strings, decoration=st.sampled_from(DECORATIONS))
def test_check_never_shows_nik(digits: str, decoration: str) -> None:
    result = niklib.check(decoration.format(digits), as_of=AS_OF)
    assert not leaks(digits, repr(result))
    assert not leaks(digits, result._repr_html_())
    for finding in result.findings:
        assert not leaks(digits, finding.message)


@settings(max_examples=60, deadline=None)
@given(number=st.integers(min_value=10**15, max_value=10**16 - 1))
def test_int_error_never_shows_nik(number: int) -> None:
    for value in (number, float(number)):
        try:
            niklib.parse(value, as_of=AS_OF)
        except InvalidNIK as error:
            for text in error_texts(error):
                assert not leaks(str(number), text), text
