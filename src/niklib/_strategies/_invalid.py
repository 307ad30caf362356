"""A strategy for inputs that niklib rejects, each with the reason it promises.

Every input is built so that `niklib.check` reports the promised reason as
its first error. The inputs imitate damage seen in real lists: typed
letters, spreadsheet exports, placeholders, digits lost or added, and date
and region blocks that do not exist.
"""

from __future__ import annotations

import functools
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from niklib import regions
from niklib._strategies._niks import niks
from niklib.exceptions import Reason

__all__ = ["invalid_niks"]

# A fixed reference date: niks() then draws from a fixed window, and none of
# the damage below depends on the century inference.
_AS_OF = date(2026, 1, 1)
_LOOKALIKES = "OoIlSBZg"
_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
_ARABIC_INDIC = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
_PLACEHOLDER_WORDS = ("-", "--", "?", "NA", "N/A", "nan", "NULL", "kosong", "Tidak Ada")


def _valid() -> st.SearchStrategy[str]:
    return niks(as_of=_AS_OF)


def _wrong_type() -> st.SearchStrategy[Any]:
    return st.one_of(
        _valid().map(str.encode),
        st.booleans(),
        _valid().map(Decimal),
        _valid().map(lambda n: complex(int(n), 0)),
        st.lists(st.integers(), max_size=3),
        st.dates(),
        st.builds(object),
    )


def _placeholder() -> st.SearchStrategy[Any]:
    zeros = st.integers(min_value=1, max_value=16).map(lambda n: "0" * n)
    temporary = _valid().map(lambda n: "0" + n[1:])
    return st.one_of(
        st.none(),
        st.sampled_from(["", " ", "\t", "'"]),
        st.sampled_from(_PLACEHOLDER_WORDS),
        zeros,
        st.just(0),
        temporary,
    )


def _replace_one(nik: str, position: int, character: str) -> str:
    index = position % len(nik)
    return nik[:index] + character + nik[index + 1 :]


def _invalid_characters() -> st.SearchStrategy[Any]:
    letter = st.tuples(_valid(), st.integers(0, 15), st.sampled_from(_LOOKALIKES)).map(
        lambda t: _replace_one(*t)
    )
    exotic = st.tuples(_valid(), st.sampled_from([_FULL_WIDTH, _ARABIC_INDIC])).map(
        lambda t: t[0].translate(t[1])
    )
    one_exotic = st.tuples(_valid(), st.integers(0, 15)).map(
        lambda t: _replace_one(t[0], t[1], t[0][t[1]].translate(_FULL_WIDTH))
    )
    negative = _valid().map(lambda n: -int(n))
    return st.one_of(letter, exotic, one_exotic, negative)


def _wrong_length() -> st.SearchStrategy[Any]:
    shortened = st.tuples(_valid(), st.integers(1, 10)).map(lambda t: t[0][: -t[1]])
    lengthened = st.tuples(_valid(), st.text("0123456789", min_size=1, max_size=4))
    as_int = shortened.map(int)
    return st.one_of(shortened, lengthened.map(lambda t: t[0] + t[1]), as_int)


def _spreadsheet_damage() -> st.SearchStrategy[Any]:
    as_float = _valid().map(float)
    scientific = st.tuples(_valid(), st.integers(2, 9)).map(
        lambda t: f"{float(t[0]):.{t[1]}E}"
    )
    comma_scientific = scientific.map(lambda s: s.replace(".", ","))
    float_text = _valid().map(lambda n: f"{n[:15]}0.0")
    fraction = _valid().map(lambda n: Fraction(int(n), 1))
    return st.one_of(as_float, scientific, comma_scientific, float_text, fraction)


@functools.lru_cache(maxsize=1)
def _unknown_codes() -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    table = regions.default_table()
    provinces = tuple(f"{n:02d}" for n in range(10, 100) if f"{n:02d}" not in table)
    known_provinces = sorted(
        c for c in (f"{n:02d}" for n in range(10, 100)) if c in table
    )
    regencies = tuple(
        f"{p}{n:02d}"
        for p in known_provinces
        for n in range(100)
        if f"{p}{n:02d}" not in table
    )
    known_regencies = sorted(
        r.code
        for r in table
        if r.level == 2 and r.code not in table.regencies_without_districts
    )
    districts = tuple(
        f"{r}{n:02d}"
        for r in known_regencies[:60]
        for n in range(100)
        if f"{r}{n:02d}" not in table
    )
    return provinces, regencies, districts


def _unknown_region(level: int) -> st.SearchStrategy[str]:
    codes = _unknown_codes()[level - 1]
    digits = 2 * level
    return st.tuples(_valid(), st.sampled_from(codes)).map(
        lambda t: t[1] + t[0][digits:]
    )


def _with_date_block(
    day: st.SearchStrategy[int], month: st.SearchStrategy[int]
) -> st.SearchStrategy[str]:
    return st.tuples(_valid(), day, month).map(
        lambda t: f"{t[0][:6]}{t[1]:02d}{t[2]:02d}{t[0][10:]}"
    )


def _invalid_day() -> st.SearchStrategy[str]:
    day = st.sampled_from([0, *range(32, 41), *range(72, 100)])
    return _with_date_block(day, st.integers(1, 12))


def _invalid_month() -> st.SearchStrategy[str]:
    month = st.sampled_from([0, *range(13, 100)])
    return _with_date_block(st.integers(1, 28), month)


def _invalid_date() -> st.SearchStrategy[str]:
    # Day and month codes that are each valid but never form a date:
    # 30 or 31 February, and 31 of the 30-day months. Women's codes too.
    pairs = [(30, 2), (31, 2), *((31, m) for m in (4, 6, 9, 11))]
    day_month = st.tuples(st.sampled_from(pairs), st.booleans()).map(
        lambda t: (t[0][0] + (40 if t[1] else 0), t[0][1])
    )
    return st.tuples(_valid(), day_month).map(
        lambda t: f"{t[0][:6]}{t[1][0]:02d}{t[1][1]:02d}{t[0][10:]}"
    )


def _invalid_serial() -> st.SearchStrategy[str]:
    return _valid().map(lambda n: n[:12] + "0000")


_BUILDERS = {
    Reason.WRONG_TYPE: _wrong_type,
    Reason.PLACEHOLDER: _placeholder,
    Reason.INVALID_CHARACTERS: _invalid_characters,
    Reason.WRONG_LENGTH: _wrong_length,
    Reason.SPREADSHEET_DAMAGE: _spreadsheet_damage,
    Reason.UNKNOWN_PROVINCE: lambda: _unknown_region(1),
    Reason.UNKNOWN_REGENCY: lambda: _unknown_region(2),
    Reason.UNKNOWN_DISTRICT: lambda: _unknown_region(3),
    Reason.INVALID_DAY: _invalid_day,
    Reason.INVALID_MONTH: _invalid_month,
    Reason.INVALID_DATE: _invalid_date,
    Reason.INVALID_SERIAL: _invalid_serial,
}


def invalid_niks(
    reason: Reason | None = None,
) -> st.SearchStrategy[tuple[Any, Reason]]:
    """Generate ``(input, reason)`` pairs of inputs that niklib rejects.

    ``niklib.check(input).errors[0].reason`` is always `reason`, and
    ``niklib.is_valid(input)`` is False. Without `reason`, every error
    reason is drawn, from wrong types and placeholders to spreadsheet
    damage and impossible dates. `Reason.RETIRED_REGION` is a warning on a
    valid NIK, not a rejection, so it raises `InvalidArgument`: use
    ``niks(allow_retired=True)`` for those.
    """
    if reason is None:
        return st.one_of([_pair(r, build) for r, build in _BUILDERS.items()])
    if not isinstance(reason, Reason):
        raise InvalidArgument(f"reason must be a niklib.Reason or None, got {reason!r}")
    if reason not in _BUILDERS:
        advice = (
            "use niks(allow_retired=True) to generate NIKs under retired codes"
            if reason is Reason.RETIRED_REGION
            else "pass a birth_year to check() that disagrees with the NIK"
        )
        raise InvalidArgument(
            f"{reason} marks a valid NIK with a warning, not a rejected input; {advice}"
        )
    return _pair(reason, _BUILDERS[reason])


def _pair(reason: Reason, build: Any) -> st.SearchStrategy[tuple[Any, Reason]]:
    return st.deferred(build).map(lambda value: (value, reason))
