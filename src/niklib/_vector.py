"""Vectorised NIK validation and decoding with numpy, for columns of values.

The fast path handles values that are exactly 16 ASCII digits in a str,
which is what a clean column holds. Every other value (separators, ints,
floats, None, junk) goes through the per-value `niklib.check`, so the
result for each element is exactly what the per-value functions return.
Used by the pandas accessor and the Dask integration.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from niklib import nik, regions
from niklib._structure import resolve_as_of

__all__ = ["DecodedColumns", "decode", "is_valid"]

_DAYS_IN_MONTH = np.array(
    [0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], dtype=np.int64
)
_known_cache: dict[int, npt.NDArray[np.bool_]] = {}

BoolArray = npt.NDArray[np.bool_]
IntArray = npt.NDArray[np.int64]


def _known_codes() -> BoolArray:
    """Return a flag per six-digit code: True where it is a known NIK prefix."""
    table = regions.default_table()
    cached = _known_cache.get(id(table))
    if cached is not None:
        return cached
    known = np.zeros(1_000_000, dtype=np.bool_)
    known[[int(code) for code in table.district_codes]] = True
    for regency in table.regencies_without_districts:
        start = int(regency) * 100
        known[start + 1 : start + 100] = True  # district 00 is never issued
    _known_cache.clear()
    _known_cache[id(table)] = known
    return known


def _clean_digits(
    values: Sequence[object], all_str: bool | None = None
) -> tuple[IntArray, npt.NDArray[np.uint8]]:
    """Return the indices of clean 16-digit strings and their (n, 16) digits.

    `all_str` true promises that every value is a ``str`` (the pandas
    accessor learns this from pandas' own type inference); None checks.
    The digits are values 0-9 in a contiguous uint8 matrix.
    """
    array = np.asarray(values, dtype=object)
    if all_str is None:
        all_str = all(type(v) is str for v in array)
    if all_str:
        index = np.arange(len(array))
    else:
        is_str = np.fromiter(
            (type(v) is str for v in array), dtype=np.bool_, count=len(array)
        )
        index = np.flatnonzero(is_str)
    # Seventeen characters are enough to tell a longer string from a
    # 16-character one without copying huge junk values in full. ASCII
    # text fits one byte per character. Any other character (a full-width
    # digit, say) makes the conversion fail, so the wider code-point form
    # is used instead.
    try:
        text = array[index].astype("S17")
    except UnicodeEncodeError:
        return _clean_digits_unicode(array, index)
    sixteen = _sixteen_long(text, array[index])
    index = index[sixteen]
    # Subtracting "0" wraps every byte that is not an ASCII digit above 9.
    digits = text[sixteen].astype("S16").view(np.uint8).reshape(-1, 16) - np.uint8(48)
    digits_only = (digits <= 9).all(axis=1)
    return index[digits_only], digits[digits_only]


def _sixteen_long(text: npt.NDArray[Any], values: npt.NDArray[np.object_]) -> BoolArray:
    """Return which of `values` are 16 characters long, given their numpy `text`.

    numpy drops trailing NUL characters when it converts a str to a fixed
    width, so a value of 16 digits and a NUL would pass for 16 digits. The
    lengths of the values that look 16 long are therefore read from the
    strings themselves.
    """
    sixteen = np.asarray(np.char.str_len(text) == 16, dtype=np.bool_)
    candidates = np.flatnonzero(sixteen)
    lengths = np.fromiter(
        map(len, values[candidates]), dtype=np.int64, count=len(candidates)
    )
    sixteen[candidates[lengths != 16]] = False
    return sixteen


def _clean_digits_unicode(
    array: npt.NDArray[np.object_], index: IntArray
) -> tuple[IntArray, npt.NDArray[np.uint8]]:
    text = array[index].astype("<U17")
    sixteen = _sixteen_long(text, array[index])
    index = index[sixteen]
    units = text[sixteen].view(np.uint32).reshape(-1, 17)[:, :16]
    digits_only = ((units >= 48) & (units <= 57)).all(axis=1)
    digits = np.ascontiguousarray(units[digits_only] - 48, dtype=np.uint8)
    return index[digits_only], digits


def _clean_digits_arrow(array: Any) -> tuple[IntArray, npt.NDArray[np.uint8]]:
    """Return clean 16-digit strings of a pyarrow string array, without copying text.

    Strings of 16 bytes are filtered into one array whose data buffer is
    then read as an (n, 16) byte matrix. Multi-byte characters fail the
    digit test like any other non-digit.
    """
    import pyarrow as pa  # type: ignore[import-untyped]
    import pyarrow.compute as pc  # type: ignore[import-untyped]

    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    sixteen = pc.fill_null(pc.equal(pc.binary_length(array), 16), False)
    index = np.flatnonzero(sixteen.to_numpy(zero_copy_only=False))
    if len(index) == 0:
        return index, np.zeros((0, 16), dtype=np.uint8)
    kept = pc.filter(array, sixteen)
    offset_type = np.int64 if pa.types.is_large_string(kept.type) else np.int32
    offsets = np.frombuffer(kept.buffers()[1], dtype=offset_type)
    first = int(offsets[kept.offset])
    data = np.frombuffer(kept.buffers()[2], dtype=np.uint8)
    digits = data[first : first + 16 * len(kept)].reshape(-1, 16) - np.uint8(48)
    digits_only = (digits <= 9).all(axis=1)
    return index[digits_only], digits[digits_only]


def _number(digits: npt.NDArray[np.uint8], start: int, stop: int) -> IntArray:
    """Return the decimal number written by columns ``start:stop`` of each row."""
    number = digits[:, start].astype(np.int64)
    for column in range(start + 1, stop):
        number *= 10
        number += digits[:, column]
    return number


def _is_leap(year: IntArray) -> BoolArray:
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    return np.asarray(leap, dtype=np.bool_)


def _exists(year: IntArray, month: IntArray, day: IntArray) -> BoolArray:
    limit = _DAYS_IN_MONTH[np.clip(month, 0, 12)]
    feb_29_bad = (month == 2) & (day == 29) & ~_is_leap(year)
    return np.asarray((day >= 1) & (day <= limit) & ~feb_29_bad, dtype=np.bool_)


def _decode_dates(
    digits: npt.NDArray[np.uint8], as_of: date
) -> tuple[BoolArray, IntArray, IntArray, IntArray, BoolArray]:
    """Return (valid date, year, month, day, female) for each row of digits."""
    return _decode_date_codes(_number(digits, 6, 12), as_of)


_date_table_cache: dict[date, BoolArray] = {}


def _valid_date_codes(as_of: date) -> BoolArray:
    """Return a flag per ``DDMMYY`` number 0-999999: True for a valid NIK date."""
    table = _date_table_cache.get(as_of)
    if table is None:
        table = _decode_date_codes(np.arange(1_000_000, dtype=np.int64), as_of)[0]
        _date_table_cache.clear()
        _date_table_cache[as_of] = table
    return table


def _decode_date_codes(
    codes: IntArray, as_of: date
) -> tuple[BoolArray, IntArray, IntArray, IntArray, BoolArray]:
    """Decode ``DDMMYY`` numbers into (valid date, year, month, day, female)."""
    day_code = codes // 10_000
    month = codes // 100 % 100
    two_digits = codes % 100
    female = (day_code >= 41) & (day_code <= 71)
    day = np.where(female, day_code - 40, day_code)
    day_ok = ((day_code >= 1) & (day_code <= 31)) | female
    month_ok = (month >= 1) & (month <= 12)

    latest = as_of.year - (as_of.year - two_digits) % 100
    reference = as_of.year * 10_000 + as_of.month * 100 + as_of.day
    first_ok = _exists(latest, month, day) & (
        latest * 10_000 + month * 100 + day <= reference
    )
    earlier = latest - 100
    second_ok = _exists(earlier, month, day) & (
        earlier * 10_000 + month * 100 + day <= reference
    )
    year = np.where(first_ok, latest, earlier)
    valid = day_ok & month_ok & (first_ok | second_ok)
    return valid, year, month, day, female


def is_valid(
    values: Sequence[object],
    *,
    as_of: date | None = None,
    all_str: bool | None = None,
    arrow: Any = None,
) -> BoolArray:
    """Return `niklib.is_valid` for every value, computed in bulk.

    `arrow`, when given, is the same values as a pyarrow string array;
    clean strings are then read from its buffers instead of from `values`.
    """
    reference = resolve_as_of(as_of)
    result = np.zeros(len(values), dtype=np.bool_)
    if arrow is not None:
        index, digits = _clean_digits_arrow(arrow)
    else:
        index, digits = _clean_digits(values, all_str)
    if len(index):
        prefix = _number(digits, 0, 6)
        serial = _number(digits, 12, 16)
        dates_ok = _valid_date_codes(reference)[_number(digits, 6, 12)]
        result[index] = _known_codes()[prefix] & (serial > 0) & dates_ok
    fast = np.zeros(len(values), dtype=np.bool_)
    fast[index] = True
    for i in np.flatnonzero(~fast):
        result[i] = nik.is_valid(values[int(i)], as_of=reference)
    return result


class DecodedColumns:
    """Columns decoded from NIKs: validity, region code, birth date, sex, serial.

    Invalid entries have ``valid`` false and the other columns hold what
    `niklib.check` decoded for them (None where nothing could be).
    """

    def __init__(self, size: int) -> None:
        self.valid = np.zeros(size, dtype=np.bool_)
        self.region_code: list[str | None] = [None] * size
        self.birth_date: list[date | None] = [None] * size
        self.sex: list[str | None] = [None] * size
        self.serial: list[int | None] = [None] * size
        self.reasons: list[str] = [""] * size


def decode(
    values: Sequence[object], *, as_of: date | None = None, all_str: bool | None = None
) -> DecodedColumns:
    """Decode every value as `niklib.check` would, in bulk where the value is clean.

    Clean values whose region code is retired are decoded per value too, so
    that their warnings appear in ``reasons``.
    """
    reference = resolve_as_of(as_of)
    out = DecodedColumns(len(values))
    index, digits = _clean_digits(values, all_str)
    done = np.zeros(len(values), dtype=np.bool_)
    if len(index):
        prefix = _number(digits, 0, 6)
        serial = _number(digits, 12, 16)
        dates_ok, year, month, day, female = _decode_dates(digits, reference)
        current = _current_codes()[prefix]
        fast = _known_codes()[prefix] & (serial > 0) & dates_ok & current
        for row, i in zip(np.flatnonzero(fast), index[fast], strict=True):
            out.valid[i] = True
            out.region_code[i] = f"{prefix[row]:06d}"
            out.birth_date[i] = date(int(year[row]), int(month[row]), int(day[row]))
            out.sex[i] = "F" if female[row] else "M"
            out.serial[i] = int(serial[row])
        done[index[fast]] = True
    for i in np.flatnonzero(~done):
        result = nik.check(values[int(i)], as_of=reference)
        out.valid[i] = result.valid
        out.region_code[i] = result.digits[:6] if result.province else None
        out.birth_date[i] = result.birth_date
        out.sex[i] = result.sex.value if result.sex else None
        out.serial[i] = result.serial
        out.reasons[i] = ";".join(r.value for r in result.reasons)
    return out


def _is_current(table: regions.RegionTable, code: str) -> bool:
    region = table.get(code)
    return region is not None and region.is_current


_current_cache: dict[int, BoolArray] = {}


def _current_codes() -> BoolArray:
    """Return a flag per six-digit code: True where district and regency are current."""
    table = regions.default_table()
    cached = _current_cache.get(id(table))
    if cached is not None:
        return cached
    current = np.zeros(1_000_000, dtype=np.bool_)
    for code in table.district_codes:
        if _is_current(table, code) and _is_current(table, code[:4]):
            current[int(code)] = True
    _current_cache.clear()
    _current_cache[id(table)] = current
    return current
