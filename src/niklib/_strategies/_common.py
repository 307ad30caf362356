"""Argument checks and region choices shared by the NIK and KK strategies."""

from __future__ import annotations

import functools
import itertools
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from hypothesis.errors import InvalidArgument

from niklib import regions
from niklib._structure import Sex
from niklib.regions import Region, RegionTable, format_code

__all__ = [
    "date_bounds",
    "earliest_representable",
    "region_codes",
    "resolve_as_of",
    "resolve_sex",
]

RegionPin = str | Region | None


def resolve_as_of(as_of: object) -> date:
    """Return the reference date: `as_of`, its date for a datetime, or today.

    Raises `InvalidArgument` for anything but a date, a datetime or None.
    """
    if as_of is None:
        return date.today()
    if isinstance(as_of, datetime):
        # The same rule as niklib.parse and niklib.check, which take the date
        # of a datetime as_of.
        return as_of.date()
    if not isinstance(as_of, date):
        raise InvalidArgument(
            f"as_of must be a datetime.date such as date(2026, 1, 31), "
            f"not {type(as_of).__name__}"
        )
    return as_of


def resolve_sex(sex: object) -> Sex | None:
    """Return the `Sex` pinned by `sex` (a `Sex`, ``"M"``, ``"F"`` or None)."""
    if sex is None or isinstance(sex, Sex):
        return sex
    if sex in ("M", "F"):
        return Sex(sex)
    raise InvalidArgument(
        f"sex must be niklib.Sex.MALE, niklib.Sex.FEMALE, 'M', 'F' or None, got {sex!r}"
    )


def earliest_representable(as_of: date) -> date:
    """Return the earliest date a ``DDMMYY`` block decodes to itself at `as_of`.

    The century is inferred as the most recent one whose date is not after
    `as_of`, so a date 100 years or more before `as_of` decodes a century
    later.
    """
    return as_of - relativedelta(years=100) + timedelta(days=1)


def date_bounds(
    min_value: object, max_value: object, as_of: date, *, names: tuple[str, str]
) -> tuple[date, date]:
    """Check user date bounds against what a two-digit year can encode at `as_of`."""
    earliest = earliest_representable(as_of)
    low_name, high_name = names
    for name, value in ((low_name, min_value), (high_name, max_value)):
        if value is not None and (
            not isinstance(value, date) or isinstance(value, datetime)
        ):
            raise InvalidArgument(
                f"{name} must be a datetime.date or None, got {value!r}"
            )
    low = earliest if min_value is None else min_value
    high = as_of if max_value is None else max_value
    assert isinstance(low, date)
    assert isinstance(high, date)
    if low < earliest:
        raise InvalidArgument(
            f"{low_name}={low.isoformat()} is 100 years or more before "
            f"as_of={as_of.isoformat()}; the two-digit year would decode to "
            f"a later century, so use {earliest.isoformat()} or later, or an "
            "earlier as_of"
        )
    if high > as_of:
        raise InvalidArgument(
            f"{high_name}={high.isoformat()} is after as_of={as_of.isoformat()}; "
            "a date after the reference date cannot be decoded, so lower it "
            "or pass a later as_of"
        )
    if low > high and max_value is None:
        raise InvalidArgument(
            f"{low_name}={low.isoformat()} is after as_of={as_of.isoformat()}, "
            f"which is the default {high_name}. Lower {low_name} or pass a "
            "later as_of."
        )
    if low > high:
        raise InvalidArgument(
            f"{low_name}={low.isoformat()} is after {high_name}={high.isoformat()}"
        )
    return low, high


def _pin_code(value: RegionPin, name: str, digits: int) -> str | None:
    if value is None:
        return None
    if isinstance(value, Region):
        code = value.code
    elif isinstance(value, str):
        code = value.replace(".", "").replace(" ", "")
    else:
        raise InvalidArgument(
            f"{name} must be a region code string such as "
            f"{'3604050'[:digits]!r}, a niklib.regions.Region or None, "
            f"got {type(value).__name__}"
        )
    if len(code) != digits or not (code.isascii() and code.isdigit()):
        raise InvalidArgument(
            f"{name} must be a {digits}-digit Kemendagri code, got {value!r}"
        )
    return code


def region_codes(
    *,
    province: RegionPin,
    regency: RegionPin,
    district: RegionPin,
    allow_retired: bool,
) -> tuple[str, ...]:
    """Return the sorted six-digit region codes that satisfy every pin.

    Raises `InvalidArgument` for an unknown code, pins that contradict
    each other, or a retired pin without `allow_retired`.
    """
    if not isinstance(allow_retired, bool):
        raise InvalidArgument(f"allow_retired must be a bool, got {allow_retired!r}")
    table = regions.default_table()
    pins = [
        (name, code)
        for name, code in (
            ("province", _pin_code(province, "province", 2)),
            ("regency", _pin_code(regency, "regency", 4)),
            ("district", _pin_code(district, "district", 6)),
        )
        if code is not None
    ]
    for (outer_name, outer), (inner_name, inner) in itertools.pairwise(pins):
        if not inner.startswith(outer):
            raise InvalidArgument(
                f"{inner_name} {format_code(inner)} is not within {outer_name} "
                f"{format_code(outer)}; drop one of the two or make them agree"
            )
    prefix = ""
    for name, code in pins:
        if code[:4] in table.regencies_without_districts and len(code) == 6:
            # Any district digits but 00 are valid under a retired regency
            # whose districts are unknown.
            if code[4:] == "00":
                raise InvalidArgument(
                    f"{name} {format_code(code)} is not a district: district "
                    "numbers start at 01"
                )
            return _retired_only(code, allow_retired)
        if table.get(code) is None:
            raise InvalidArgument(
                f"{name} {format_code(code)} is not in the region table; "
                "see niklib.regions.search() for valid codes"
            )
        prefix = code
    codes = tuple(c for c in _all_codes(table, allow_retired) if c.startswith(prefix))
    if not codes:
        hint = "" if allow_retired else "; pass allow_retired=True for retired codes"
        raise InvalidArgument(
            f"no {'current ' if not allow_retired else ''}district code lies "
            f"under {format_code(prefix)}{hint}"
        )
    return codes


def _retired_only(code: str, allow_retired: bool) -> tuple[str, ...]:
    if not allow_retired:
        raise InvalidArgument(
            f"district {format_code(code)} lies under a retired regency; "
            "pass allow_retired=True"
        )
    return (code,)


@functools.lru_cache(maxsize=8)
def _all_codes(table: RegionTable, allow_retired: bool) -> tuple[str, ...]:
    codes = []
    for code in table.district_codes:
        district = table.get(code)
        regency = table.get(code[:4])
        assert district is not None
        current = district.is_current and regency is not None and regency.is_current
        if current or allow_retired:
            codes.append(code)
    if allow_retired:
        # Retired regencies whose district codes are unknown: any district
        # digits pass, so "01" stands for all of them.
        codes.extend(code + "01" for code in table.regencies_without_districts)
    return tuple(sorted(codes))
