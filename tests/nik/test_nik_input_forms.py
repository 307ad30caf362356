"""Input forms seen in real lists: separators, placeholders, spreadsheet damage."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy
import pandas
import pytest

import niklib
from niklib import Reason

pytestmark = pytest.mark.usefixtures("fixture_regions")

AS_OF = date(2026, 12, 4)
NIK = "3604054107990003"

# Typed separators and wrappers that normalise to the same 16 digits.
SEPARATED = [
    NIK,
    " 3604054107990003 ",
    "3604 0541 0799 0003",
    "36.04.05.410799.0003",
    "36-04-05-410799-0003",
    "3604-0541-0799-0003",
    "36/04/05/410799/0003",
    "3604_0541_0799_0003",
    "3604\n054107990003",
    "3604\r\n0541\r\n07990003",
    "3604\t054107990003",
    "3604\u00a0054107990003",
    "3604\u2013054107990003",
    "'3604054107990003",
    " '3604054107990003",
    "'36.04.05.410799.0003",
    3604054107990003,
]


@pytest.mark.parametrize("value", SEPARATED)
def test_separators_normalised(value: object) -> None:
    assert niklib.compact(value) == NIK


@pytest.mark.parametrize("value", SEPARATED)
def test_separated_input_valid(value: object) -> None:
    assert niklib.validate(value, as_of=AS_OF) == NIK


@pytest.mark.parametrize("value", SEPARATED)
def test_separated_input_formats(value: object) -> None:
    assert niklib.format(value) == "36.04.05.410799.0003"


# Placeholders are not NIKs, and two equal placeholders never identify the
# same person.
PLACEHOLDERS = [
    None,
    "",
    " ",
    "\n",
    "'",
    "0",
    0,
    "00",
    "0000000000000000",
    "00.00.00.000000.0000",
    "0604054107990003",
    "0123456789012345",
    "01",
    "-",
    "--",
    "?",
    "N/A",
    "n/a",
    "NA",
    "null",
    "NULL",
    "None",
    "nan",
    "nil",
    "kosong",
    "Tidak Ada",
    "belum ada",
    "tanpa nik",
    "xxx",
    # How pandas marks an empty cell, even in a column read as text.
    float("nan"),
    numpy.float64("nan"),
    pandas.NA,
    pandas.NaT,
]


@pytest.mark.parametrize("value", PLACEHOLDERS)
def test_placeholder_reason(value: object) -> None:
    result = niklib.check(value, as_of=AS_OF)
    assert result.reasons == (Reason.PLACEHOLDER,)
    assert result.errors[0].field == "value"


# Separators alone are as empty as an empty cell.
SEPARATOR_ONLY = ["---", "...", " - - ", "./.", "\u2014"]


@pytest.mark.parametrize("value", SEPARATOR_ONLY)
def test_separators_only_placeholder(value: str) -> None:
    result = niklib.check(value, as_of=AS_OF)
    assert result.reasons == (Reason.PLACEHOLDER,)


@pytest.mark.parametrize("value", ["", "-", None])
def test_compact_rejects_empty_placeholder(value: object) -> None:
    with pytest.raises(niklib.InvalidNIK) as info:
        niklib.compact(value)
    assert info.value.reason is Reason.PLACEHOLDER


@pytest.mark.parametrize("value", ["0", "0604054107990003"])
def test_pseudonymize_rejects_placeholder(value: str) -> None:
    with pytest.raises(niklib.InvalidNIK) as info:
        niklib.pseudonymize(value, "k" * 32)
    assert info.value.reason is Reason.PLACEHOLDER


# Spreadsheet damage: floats, scientific notation and float-looking text.
SPREADSHEET = [
    3604054107990003.0,
    3.6e15,
    float("inf"),
    -1.0,
    "3.6E+15",
    "3.60405E+15",
    "3,60405E+15",
    "3.604054107990003e15",
    "3604054107990003E0",
    "3604054107990003.0",
    "3604054107990000.0",
    "3604054107990003.00",
    "3604054107990003,0",
    " 3604054107990003.0 ",
    "'3604054107990000.0",
    "36040541079900030.0",
]

# A dot before a last block of zeros is a separator when fewer than 16
# digits precede it: a float column writes all 16 digits before the point.
SEPARATOR_BEFORE_ZEROS = ["360405410799000.0", "36.04.05.410799.000.0"]


@pytest.mark.parametrize("value", SEPARATOR_BEFORE_ZEROS)
def test_short_float_text_is_separated(value: str) -> None:
    assert niklib.compact(value) == "3604054107990000"


@pytest.mark.parametrize("value", SPREADSHEET)
def test_spreadsheet_damage_reason(value: object) -> None:
    result = niklib.check(value, as_of=AS_OF)
    assert result.reasons == (Reason.SPREADSHEET_DAMAGE,)
    assert result.nik is None


@pytest.mark.parametrize("value", SPREADSHEET)
def test_compact_rejects_spreadsheet_damage(value: object) -> None:
    with pytest.raises(niklib.InvalidNIK) as info:
        niklib.compact(value)
    assert info.value.reason is Reason.SPREADSHEET_DAMAGE


def test_float_message_says_read_as_text() -> None:
    result = niklib.check(3604054107990003.0, as_of=AS_OF)
    assert "read the column as text" in result.errors[0].message


def test_numpy_float_is_spreadsheet_damage() -> None:
    numpy = pytest.importorskip("numpy")
    result = niklib.check(numpy.float64(3604054107990003), as_of=AS_OF)
    assert result.reasons == (Reason.SPREADSHEET_DAMAGE,)


def test_numpy_integer_accepted() -> None:
    numpy = pytest.importorskip("numpy")
    assert niklib.validate(numpy.int64(3604054107990003), as_of=AS_OF) == NIK


# Non-ASCII digits pass str.isdigit() but must never be kept silently.
NON_ASCII_DIGITS = [
    "３６０４０５４１０７９９０００３",  # full-width
    "٣٦٠٤٠٥٤١٠٧٩٩٠٠٠٣",  # Arabic-Indic
    "۳۶۰۴۰۵۴۱۰۷۹۹۰۰۰۳",  # extended Arabic-Indic (Persian)
    "३६०४०५४१०७९९०००३",  # Devanagari
    "³604054107990003",  # superscript three
    "3604054107990⁰03",  # superscript zero
    "𝟑𝟔𝟎𝟒𝟎𝟓𝟒𝟏𝟎𝟕𝟗𝟗𝟎𝟎𝟎𝟑",  # mathematical bold
    "360405410799000３",  # one full-width digit at the end
    "３６.０４.０５.４１０７９９.０００３",  # full-width with dots
]


@pytest.mark.parametrize("value", NON_ASCII_DIGITS)
def test_non_ascii_digits_rejected(value: str) -> None:
    result = niklib.check(value, as_of=AS_OF)
    assert result.reasons == (Reason.INVALID_CHARACTERS,)
    assert "non-ASCII digits" in result.errors[0].message


@pytest.mark.parametrize("value", NON_ASCII_DIGITS)
def test_compact_rejects_non_ascii_digits(value: str) -> None:
    with pytest.raises(niklib.InvalidNIK) as info:
        niklib.compact(value)
    assert info.value.reason is Reason.INVALID_CHARACTERS


@pytest.mark.parametrize("value", ["３６０４０５４１０７９９０００３.0", "３.６E+１５"])
def test_non_ascii_float_text_rejected(value: str) -> None:
    result = niklib.check(value, as_of=AS_OF)
    assert result.reasons == (Reason.INVALID_CHARACTERS,)


# Other characters and types.
INVALID_CHARACTERS = [
    "3604O54107990003",
    "3604054107990003x",
    "NIK 3604054107990003",
    "+3604054107990003",
    "3604,054107990003",
    "3604\u200b054107990003",
    -3604054107990003,
]


@pytest.mark.parametrize("value", INVALID_CHARACTERS)
def test_invalid_characters_reason(value: object) -> None:
    result = niklib.check(value, as_of=AS_OF)
    assert result.reasons == (Reason.INVALID_CHARACTERS,)


# (input, the characters the message lists): sorted, at most five.
LISTED_CHARACTERS = [
    ("3604O54107990003", "O"),
    ("3604054107990003x", "x"),
    ("NIK 3604054107990003", "IKN"),
    ("3604\u00e9054107990003", "\u00e9"),
    ("zyxwvu3604054107990003", "uvwxy"),
    ("3604\u200b054107990003", "\u200b"),
]


@pytest.mark.parametrize(("value", "listed"), LISTED_CHARACTERS)
def test_invalid_characters_listed(value: str, listed: str) -> None:
    message = niklib.check(value, as_of=AS_OF).errors[0].message
    characters = ", ".join(repr(character) for character in listed)
    assert message == (
        f"NIK contains characters other than digits and separators ({characters})"
    )


WRONG_TYPES = [
    b"3604054107990003",
    bytearray(b"3604054107990003"),
    [NIK],
    (NIK,),
    {NIK},
    {"nik": NIK},
    Decimal("3604054107990003"),
    True,
    False,
    date(1999, 7, 1),
    object(),
]


@pytest.mark.parametrize("value", WRONG_TYPES)
def test_wrong_type_reason(value: object) -> None:
    result = niklib.check(value, as_of=AS_OF)
    assert result.reasons == (Reason.WRONG_TYPE,)


@pytest.mark.parametrize("value", WRONG_TYPES)
def test_compact_rejects_wrong_type(value: object) -> None:
    with pytest.raises(niklib.InvalidNIK) as info:
        niklib.compact(value)
    assert info.value.reason is Reason.WRONG_TYPE


# (input, digits): the length is checked after normalising.
WRONG_LENGTH = [
    ("3604", 4),
    ("360405410799000", 15),
    ("36040541079900031", 17),
    ("3604 0541 0799 0003 1", 17),
    (360405410799000, 15),
    ("3" * 40, 40),
]


@pytest.mark.parametrize(("value", "digits"), WRONG_LENGTH)
def test_wrong_length_reason(value: object, digits: int) -> None:
    result = niklib.check(value, as_of=AS_OF)
    assert result.reasons == (Reason.WRONG_LENGTH,)
    assert f"has {digits} digits, expected 16" in result.errors[0].message


def test_compact_does_not_check_length() -> None:
    assert niklib.compact("36 04") == "3604"


@pytest.mark.parametrize("value", ["3604", "36040541079900031"])
def test_format_rejects_wrong_length(value: str) -> None:
    with pytest.raises(niklib.InvalidNIK) as info:
        niklib.format(value)
    assert info.value.reason is Reason.WRONG_LENGTH


def test_format_does_not_validate_blocks() -> None:
    assert niklib.format("9999993213990000") == "99.99.99.321399.0000"


def test_str_subclass_accepted() -> None:
    class Text(str):
        pass

    assert niklib.validate(Text(NIK), as_of=AS_OF) == NIK


def test_papua_float_not_exact() -> None:
    # NIKs from provinces 91-96 are above 2**53, so a float64 cannot hold
    # the odd ones exactly.
    assert int(float(9101014512700005)) != 9101014512700005
    result = niklib.check(float(9101014512700005), as_of=AS_OF)
    assert result.reasons == (Reason.SPREADSHEET_DAMAGE,)


def test_papua_int_exact() -> None:
    assert niklib.validate(9101014512700004, as_of=AS_OF) == "9101014512700004"
