"""Invariants of the NIK verbs, checked with hypothesis."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import niklib
from niklib import Sex, _digits
from niklib.regions import RegionTable

pytestmark = pytest.mark.usefixtures("fixture_regions")

AS_OF = date(2026, 12, 4)
# The earliest birth date whose two-digit year still maps back to it.
EARLIEST = date(1926, 12, 5)

_TABLE = RegionTable.from_directory(Path(__file__).parents[1] / "fixtures" / "regions")
REGION_CODES = sorted(
    [*_TABLE.district_codes]
    + [code + "99" for code in _TABLE.regencies_without_districts]
)


def encode(born: date, sex: Sex) -> str:
    day = born.day + (40 if sex is Sex.FEMALE else 0)
    return f"{day:02d}{born.month:02d}{born.year % 100:02d}"


@st.composite
def valid_niks(draw: st.DrawFn) -> tuple[str, date, Sex]:
    """A valid NIK in the fixture table, with the birth date and sex it encodes."""
    region = draw(st.sampled_from(REGION_CODES))
    born = draw(st.dates(min_value=EARLIEST, max_value=AS_OF))
    sex = draw(st.sampled_from(Sex))
    serial = draw(st.integers(min_value=1, max_value=9999))
    return f"{region}{encode(born, sex)}{serial:04d}", born, sex


digit_strings = st.text(alphabet="0123456789", min_size=16, max_size=16)
prefixed_digits = st.builds(
    lambda region, rest: region + rest,
    st.sampled_from(REGION_CODES),
    st.text(alphabet="0123456789", min_size=10, max_size=10),
)
date_codes = st.builds(
    lambda day, month, year: f"{day:02d}{month:02d}{year:02d}",
    st.integers(min_value=0, max_value=99),
    st.integers(min_value=0, max_value=13),
    st.integers(min_value=0, max_value=99),
)
separators = st.sampled_from(["", " ", ".", "-", "\n", " - "])


@st.composite
def separated(draw: st.DrawFn, digits: str) -> str:
    """`digits` with separators between random blocks and a possible apostrophe."""
    cuts = sorted(draw(st.sets(st.integers(min_value=1, max_value=15), max_size=5)))
    blocks = [digits[i:j] for i, j in zip([0, *cuts], [*cuts, 16], strict=True)]
    text = "".join(block + draw(separators) for block in blocks[:-1]) + blocks[-1]
    quote = draw(st.sampled_from(["", "'"]))
    return quote + text


anything = st.one_of(
    st.none(),
    st.booleans(),
    st.text(),
    st.text(alphabet="0123456789 .-'\n"),
    st.binary(),
    st.integers(),
    st.floats(allow_nan=True, allow_infinity=True),
    st.complex_numbers(),
    st.decimals(),
    st.fractions(),
    st.dates(),
    st.lists(st.text(), max_size=3),
    st.dictionaries(st.text(), st.integers(), max_size=3),
    digit_strings,
    prefixed_digits,
)


@settings(max_examples=300)
@given(value=st.one_of(anything, valid_niks().map(lambda t: t[0])))
def test_is_valid_matches_check(value: object) -> None:
    assert niklib.is_valid(value, as_of=AS_OF) == niklib.check(value, as_of=AS_OF).valid


@settings(max_examples=300)
@given(value=anything)
def test_is_valid_never_raises(value: object) -> None:
    assert niklib.is_valid(value, as_of=AS_OF) in (True, False)


@settings(max_examples=200)
@given(value=prefixed_digits)
def test_fast_path_matches_full_path(value: str) -> None:
    # A leading space sends the input down the full normalising path.
    assert niklib.is_valid(value, as_of=AS_OF) == niklib.is_valid(
        " " + value, as_of=AS_OF
    )


@settings(max_examples=300)
@given(
    digits=st.text(alphabet="0123456789", min_size=1, max_size=20),
    kind=st.sampled_from(["NIK", "KK"]),
)
def test_normalize_digits_fast_path(digits: str, kind: str) -> None:
    # A leading space sends the input through every step of `normalize`.
    fast = _digits.normalize(digits, kind=kind)
    assert fast == _digits.normalize(" " + digits, kind=kind)


plain_inputs = st.one_of(
    digit_strings, prefixed_digits, valid_niks().map(lambda t: t[0])
)


def outcome(parse: Callable[[], niklib.NIK]) -> tuple[object, ...]:
    """Return every attribute of the parsed NIK or of the raised `InvalidNIK`."""
    try:
        nik = parse()
    except niklib.InvalidNIK as error:
        return (str(error), error.reason, error.field, error.masked, error.findings)
    return (*attrs.astuple(nik, recurse=False), type(nik))


@settings(max_examples=500)
@given(value=plain_inputs, as_of=st.sampled_from([AS_OF, None]))
def test_parse_fast_path_matches_full_path(value: str, as_of: date | None) -> None:
    # A leading space sends the input through `normalize` and decodes
    # every part, where a plain string first tries the caches of valid codes.
    fast = outcome(lambda: niklib.parse(value, as_of=as_of))
    assert fast == outcome(lambda: niklib.parse(" " + value, as_of=as_of))


@settings(max_examples=300)
@given(value=plain_inputs, as_of=st.sampled_from([AS_OF, None]))
def test_check_fast_path_matches_full_path(value: str, as_of: date | None) -> None:
    assert niklib.check(value, as_of=as_of) == niklib.check(" " + value, as_of=as_of)


@settings(max_examples=300)
@given(
    value=st.one_of(plain_inputs, anything),
    birth_year=st.one_of(st.none(), st.integers(min_value=1927, max_value=2026)),
)
def test_parse_agrees_with_check(value: object, birth_year: int | None) -> None:
    result = niklib.check(value, as_of=AS_OF, birth_year=birth_year)
    parsed = outcome(lambda: niklib.parse(value, as_of=AS_OF, birth_year=birth_year))
    if result.nik is not None:
        assert parsed == (*attrs.astuple(result.nik, recurse=False), niklib.NIK)
        assert result.warnings == result.nik.warnings
    else:
        first = result.errors[0]
        assert parsed[1:3] == (first.reason, first.field)
        assert parsed[4] == result.errors


@given(digits=digit_strings)
def test_compact_format_round_trip(digits: str) -> None:
    assert niklib.compact(niklib.format(digits)) == digits


@given(data=st.data(), digits=digit_strings)
def test_compact_removes_separators(data: st.DataObject, digits: str) -> None:
    assume(digits[0] != "0")
    assert niklib.compact(data.draw(separated(digits))) == digits


@settings(max_examples=300)
@given(
    region=st.sampled_from(REGION_CODES),
    code=date_codes,
    as_of=st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)),
)
def test_decoded_date_re_encodes(region: str, code: str, as_of: date) -> None:
    value = region + code + "0001"
    result = niklib.check(value, as_of=as_of)
    assume(result.birth_date is not None and result.sex is not None)
    assert result.birth_date is not None
    assert result.sex is not None
    assert encode(result.birth_date, result.sex) == value[6:12]


@settings(max_examples=300)
@given(
    region=st.sampled_from(REGION_CODES),
    code=date_codes,
    as_of=st.dates(min_value=date(1950, 1, 1), max_value=date(2100, 12, 31)),
)
def test_century_is_most_recent(region: str, code: str, as_of: date) -> None:
    born = niklib.check(region + code + "0001", as_of=as_of).birth_date
    assume(born is not None)
    assert born is not None
    assert born <= as_of
    try:
        later = born.replace(year=born.year + 100)
    except ValueError:  # 29 February in a year that is not a leap year
        return
    assert later > as_of


@given(case=valid_niks())
def test_valid_nik_decodes_date_and_sex(case: tuple[str, date, Sex]) -> None:
    value, born, sex = case
    nik = niklib.parse(value, as_of=AS_OF)
    assert nik.birth_date == born
    assert nik.sex is sex
    assert encode(nik.birth_date, nik.sex) == nik.date_code


@given(case=valid_niks())
def test_birth_year_hint_fixes_century(case: tuple[str, date, Sex]) -> None:
    value, born, _ = case
    result = niklib.check(value, as_of=AS_OF, birth_year=born.year)
    assert result.birth_date == born
    assert result.century_inferred is False


@given(data=st.data(), case=valid_niks())
def test_parse_value_equals_validate(
    data: st.DataObject, case: tuple[str, date, Sex]
) -> None:
    value = data.draw(st.one_of(st.just(case[0]), separated(case[0])))
    assert niklib.parse(value, as_of=AS_OF).value == niklib.validate(value, as_of=AS_OF)
    assert niklib.validate(value, as_of=AS_OF) == case[0]


@given(case=valid_niks())
def test_int_input_equals_text(case: tuple[str, date, Sex]) -> None:
    assert niklib.validate(int(case[0]), as_of=AS_OF) == case[0]


@given(data=st.data(), case=valid_niks())
def test_mask_hides_date_block(
    data: st.DataObject, case: tuple[str, date, Sex]
) -> None:
    value = case[0]
    shown = niklib.mask(data.draw(st.one_of(st.just(value), separated(value))))
    assert value[6:12] not in shown
    assert shown == f"{value[:2]}.{value[2:4]}.**.******.**{value[14:]}"


@given(digits=digit_strings, tail=st.text(max_size=20))
def test_mask_never_shows_six_digits(digits: str, tail: str) -> None:
    shown = niklib.mask(digits + tail)
    assert digits[6:12] not in shown.replace(".", "")


@given(
    case=valid_niks(),
    key=st.binary(min_size=16, max_size=64),
    other=st.binary(min_size=16, max_size=64),
)
def test_pseudonymize_keyed(
    case: tuple[str, date, Sex], key: bytes, other: bytes
) -> None:
    assume(key != other)
    value = case[0]
    first = niklib.pseudonymize(value, key)
    assert first == niklib.pseudonymize(value, key)
    assert first == niklib.pseudonymize(niklib.format(value), key)
    assert first != niklib.pseudonymize(value, other)
    assert value not in first


@given(first=valid_niks(), second=valid_niks())
def test_pseudonymize_separates_niks(
    first: tuple[str, date, Sex], second: tuple[str, date, Sex]
) -> None:
    assume(first[0] != second[0])
    key = "k" * 32
    assert niklib.pseudonymize(first[0], key) != niklib.pseudonymize(second[0], key)
