"""Display forms: `format`, `mask`, `pseudonymize`, reprs and Jupyter HTML."""

from __future__ import annotations

import pickle
from datetime import date

import pytest

import niklib

pytestmark = pytest.mark.usefixtures("fixture_regions")

AS_OF = date(2026, 12, 4)
NIK = "3604054107990003"
KEY = "a-test-key-of-32-characters-long"


def test_format_blocks() -> None:
    assert niklib.format(NIK) == "36.04.05.410799.0003"


# (input, masked): province and regency stay visible, the rest is hidden.
MASK_CASES = [
    (NIK, "36.04.**.******.**03"),
    ("36.04.05.410799.0003", "36.04.**.******.**03"),
    (int(NIK), "36.04.**.******.**03"),
    ("9101014512700004", "91.01.**.******.**04"),
    ("3604", "****"),
    ("", ""),
    ("  ", ""),
    (None, ""),
    (float("nan"), ""),
    ("36040541079900031", "3604***********31"),
    ("3604054107990003.0", "3604************.0"),
]


@pytest.mark.parametrize(("value", "masked"), MASK_CASES)
def test_mask(value: object, masked: str) -> None:
    assert niklib.mask(value) == masked


def test_mask_short_input_hidden() -> None:
    assert niklib.mask("36040541") == "********"


def test_mask_cuts_long_input() -> None:
    assert len(niklib.mask("3" * 10_000)) < 40


def test_pseudonymize_form() -> None:
    pseudonym = niklib.pseudonymize(NIK, KEY)
    assert len(pseudonym) == 32
    assert int(pseudonym, 16) >= 0


def test_pseudonymize_str_and_bytes_key() -> None:
    assert niklib.pseudonymize(NIK, KEY) == niklib.pseudonymize(NIK, KEY.encode())


def test_pseudonymize_same_for_int_input() -> None:
    assert niklib.pseudonymize(int(NIK), KEY) == niklib.pseudonymize(NIK, KEY)


@pytest.mark.parametrize("key", ["short", b"", "k" * 15])
def test_pseudonymize_short_key_rejected(key: str | bytes) -> None:
    with pytest.raises(ValueError, match="at least 16 bytes"):
        niklib.pseudonymize(NIK, key)


def test_pseudonymize_key_type_rejected() -> None:
    with pytest.raises(ValueError, match="must be a str or bytes"):
        niklib.pseudonymize(NIK, 12345678901234567890)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["", "0", "0000000000000000", "-", None])
def test_pseudonymize_placeholders_rejected(value: object) -> None:
    with pytest.raises(niklib.InvalidNIK):
        niklib.pseudonymize(value, KEY)


@pytest.mark.parametrize("value", ["3604", "3.6E+15", NIK + ".0", 3.6e15])
def test_pseudonymize_damaged_rejected(value: object) -> None:
    with pytest.raises(niklib.InvalidNIK):
        niklib.pseudonymize(value, KEY)


def test_nik_repr_masked() -> None:
    nik = niklib.parse(NIK, as_of=AS_OF)
    assert repr(nik) == "NIK('36.04.**.******.**03')"


# Inputs whose Check repr must not show the full number.
CHECK_REPR_CASES = [
    (NIK, "Check('36.04.**.******.**03', valid: no findings)"),
    ("3604053207990003", "Check('36.04.**.******.**03', invalid: invalid_day)"),
    (
        "9101014512700004",
        "Check('91.01.**.******.**04', valid: retired_region)",
    ),
    ("0604054107990003", "Check('06.04.**.******.**03', invalid: placeholder)"),
    ("36040541079900031", "Check('3604***********31', invalid: wrong_length)"),
    ("3604x54107990003", "Check('', invalid: invalid_characters)"),
]


@pytest.mark.parametrize(("value", "expected"), CHECK_REPR_CASES)
def test_check_repr_masked(value: str, expected: str) -> None:
    assert repr(niklib.check(value, as_of=AS_OF)) == expected


def test_nik_html() -> None:
    html = niklib.parse(NIK, as_of=AS_OF)._repr_html_()
    assert html.startswith("<table>")
    assert NIK not in html
    assert "36.04.**.******.**03" in html
    assert "Kabupaten Serang" in html
    assert "36.04.05 Kramatwatu" in html
    assert "female" in html
    assert "1999-07-01 (century inferred)" in html
    assert "0003" in html


def test_nik_html_retired_warning() -> None:
    html = niklib.parse("9101014512700004", as_of=AS_OF)._repr_html_()
    assert "warning" in html
    assert "93.01.01" in html


def test_nik_html_unknown_district() -> None:
    html = niklib.parse("6404014512700004", as_of=AS_OF)._repr_html_()
    assert "unknown (retired regency)" in html


def test_check_html() -> None:
    html = niklib.check("3604053207990003", as_of=AS_OF)._repr_html_()
    assert "3604053207990003" not in html
    assert "invalid_day" in html
    assert "no" in html


def test_nik_pickles() -> None:
    nik = niklib.parse("9101014512700004", as_of=AS_OF)
    copy = pickle.loads(pickle.dumps(nik))
    assert copy == nik
    assert copy.warnings == nik.warnings
    assert copy.district == nik.district


def test_check_pickles() -> None:
    result = niklib.check("3699053207990003", as_of=AS_OF)
    copy = pickle.loads(pickle.dumps(result))
    assert copy == result
    assert copy.reasons == result.reasons
