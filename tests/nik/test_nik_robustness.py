"""Junk input to every public NIK function.

`is_valid` returns False, `check` and `mask` return without raising, and the
verbs that raise on bad input raise only `InvalidNIK`.
"""

from __future__ import annotations

import array
import math
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest

import niklib
from niklib import InvalidNIK

pytestmark = pytest.mark.usefixtures("fixture_regions")

AS_OF = date(2026, 12, 4)
NIK = "3604054107990003"


class Unhashable:
    __hash__ = None  # type: ignore[assignment]


class BrokenRepr:
    def __repr__(self) -> str:
        raise RuntimeError("repr is broken")


def numpy_junk() -> list[object]:
    try:
        import numpy
    except ImportError:
        return []
    return [
        numpy.float64(3604054107990003),
        numpy.float32(1.5),
        numpy.float64("nan"),
        numpy.bool_(True),
        numpy.array([NIK]),
        numpy.array([3604054107990003]),
        numpy.array([]),
        numpy.str_("3604O54107990003"),
        numpy.int64(-1),
        numpy.datetime64("1999-07-01"),
    ]


JUNK: list[object] = [
    None,
    b"3604054107990003",
    b"",
    bytearray(b"3604054107990003"),
    memoryview(b"3604054107990003"),
    array.array("b", [3, 6]),
    object(),
    object,
    Unhashable(),
    True,
    False,
    0,
    -1,
    -(10**20),
    10**16,
    10**100,
    2**63,
    0.0,
    -0.0,
    1e308,
    math.nan,
    math.inf,
    -math.inf,
    3604054107990003.0,
    complex(3604054107990003, 0),
    Decimal("3604054107990003"),
    Decimal("NaN"),
    Fraction(3604054107990003, 1),
    [NIK],
    [],
    (NIK,),
    {NIK},
    {NIK: NIK},
    {},
    range(16),
    iter([NIK]),
    date(1999, 7, 1),
    datetime(1999, 7, 1),
    len,
    lambda: NIK,
    Ellipsis,
    NotImplemented,
    "",
    " ",
    "\x00" * 16,
    "\x00" + NIK,
    NIK + "\x00",
    "3604054107990003" * 1000,
    "3" * 1_000_000,
    " " * 1_000_000,
    "." * 100_000,
    "x" * 100_000,
    "'" * 1000,
    "3604054107990003.0" * 3,
    "1e99999",
    "9" * 400 + "E+15",
    "\ud800" * 16,
    "\U0001d7d1" * 16,
    "٣٦٠٤٠٥٤١٠٧٩٩٠٠٠٣",
    "３６０４０５４１０７９９０００３",
    "¹²³⁴⁵⁶⁷⁸⁹⁰¹²³⁴⁵⁶",
    "①②③④⑤⑥⑦⑧⑨⑩①②③④⑤⑥",
    "一二三四五六七八九十一二三四五六",
    "ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅠⅡⅢⅣⅤⅥ",
    "\u0663" + NIK[1:],
    "9999999999999999",
    "1000000000000000",
    *numpy_junk(),
]

# Inputs that once made functions documented as never raising raise.
KNOWN_RAISES = {
    "int beyond str limit": 10**5000,
    "object with broken repr": BrokenRepr(),
}


def junk_id(value: object) -> str:
    try:
        text = repr(value)
    except Exception:
        return type(value).__name__
    return text[:30]


@pytest.mark.parametrize("value", JUNK, ids=junk_id)
def test_is_valid_false(value: object) -> None:
    assert niklib.is_valid(value, as_of=AS_OF) is False


@pytest.mark.parametrize("value", JUNK, ids=junk_id)
def test_is_valid_false_default_as_of(value: object) -> None:
    assert niklib.is_valid(value) is False


def test_is_valid_huge_int() -> None:
    assert niklib.is_valid(10**5000, as_of=AS_OF) is False


@pytest.mark.parametrize("as_of", ["2026-12-04", 20261204, object(), 1.5])
def test_is_valid_bad_as_of(as_of: object) -> None:
    assert niklib.is_valid(NIK, as_of=as_of) is False  # type: ignore[arg-type]


@pytest.mark.parametrize("value", JUNK, ids=junk_id)
def test_check_invalid_without_raising(value: object) -> None:
    result = niklib.check(value, as_of=AS_OF)
    assert result.valid is False
    assert result.nik is None
    assert len(result.errors) >= 1


@pytest.mark.parametrize("value", JUNK, ids=junk_id)
def test_mask_returns_text(value: object) -> None:
    assert isinstance(niklib.mask(value), str)


Verb = Callable[[object], object]
RAISING_VERBS: dict[str, Verb] = {
    "compact": niklib.compact,
    "format": niklib.format,
    "validate": lambda v: niklib.validate(v, as_of=AS_OF),
    "parse": lambda v: niklib.parse(v, as_of=AS_OF),
    "pseudonymize": lambda v: niklib.pseudonymize(v, "k" * 32),
}


@pytest.mark.parametrize("verb", RAISING_VERBS)
@pytest.mark.parametrize("value", JUNK, ids=junk_id)
def test_verbs_raise_only_invalid_nik(verb: str, value: object) -> None:
    try:
        result = RAISING_VERBS[verb](value)
    except InvalidNIK:
        return
    # Only compact, format and pseudonymize may accept digits that are not
    # a valid NIK, and each of them returns text.
    assert verb in {"compact", "format", "pseudonymize"}
    assert isinstance(result, str)


HUGE_INT = KNOWN_RAISES["int beyond str limit"]


def test_check_huge_int() -> None:
    assert niklib.check(HUGE_INT, as_of=AS_OF).valid is False


@pytest.mark.parametrize(
    "value",
    [
        pytest.param(HUGE_INT, id="huge-int"),
        pytest.param(KNOWN_RAISES["object with broken repr"], id="repr"),
    ],
)
def test_mask_never_raises(value: object) -> None:
    assert isinstance(niklib.mask(value), str)


def test_compact_huge_int_invalid_nik() -> None:
    with pytest.raises(InvalidNIK):
        niklib.compact(HUGE_INT)


def test_is_valid_broken_repr() -> None:
    assert niklib.is_valid(BrokenRepr(), as_of=AS_OF) is False
