"""Caches of valid region and NIK date codes, for the fast path of `nik.parse`.

The caches keep only valid codes, so their size does not depend on the
input: at most one entry per district of the region table, and at most
73,200 birth dates (366 days, two sexes, 100 years).
"""

from __future__ import annotations

from datetime import date
from time import time

from niklib import _structure, regions
from niklib._structure import KnownRegion
from niklib.regions import RegionTable, default_table

__all__ = ["KnownCodes", "known_codes", "today"]


class KnownCodes:
    """The valid region codes of one table and the valid NIK date codes of one date.

    `regions` maps a six-digit code to (province, regency, district,
    warnings). `birth_dates` maps a ``DDMM`` code to a list of 100 birth
    dates indexed by the two-digit year, with the century inferred against
    `reference` and None where no date is known yet. A list per day and
    month keeps the memory that a look-up touches small, which matters more
    than the number of steps when a list of NIKs is parsed. `region` and
    `birth_date` decode a code that is missing and keep it if it is valid.
    """

    __slots__ = ("birth_dates", "reference", "regions", "table")

    def __init__(
        self,
        table: RegionTable,
        reference: date,
        regions: dict[str, KnownRegion],
    ) -> None:
        self.table = table
        self.reference = reference
        self.regions = regions
        self.birth_dates: dict[str, list[date | None]] = {}

    def region(self, code: str) -> KnownRegion | None:
        """Return the parts of a valid six-digit region code; None on error.

        `district` is None under a retired regency whose district codes are
        unknown.
        """
        found = self.regions.get(code)
        if found is not None:
            return found
        if code not in self.table.district_codes and (
            code[:4] not in self.table.regencies_without_districts or code[4:] == "00"
        ):
            return None  # unknown, which `decode_region` would find slower
        province, regency, district, findings = _structure.decode_region(
            code, self.table
        )
        if province is None or regency is None:
            return None
        for finding in findings:
            if finding.reason not in _structure.WARNING_REASONS:
                return None
        found = province, regency, district, findings
        self.regions[code] = found
        return found

    def birth_date(self, code: str) -> date | None:
        """Return the birth date of a NIK ``DDMMYY`` code; None on error."""
        found = _structure.birth_date_and_sex(code, self.reference)
        if found is None:
            return None
        by_year = self.birth_dates.get(code[:4])
        if by_year is None:
            by_year = self.birth_dates[code[:4]] = [None] * 100
        by_year[int(code[4:])] = found[0]
        return found[0]


_current: KnownCodes | None = None
_NO_SPAN: tuple[float, float, KnownCodes | None] = (0.0, 0.0, None)
# The caches `known_codes(None)` returned last, with the epoch seconds at
# which their reference date starts and ends as a local date. Within that
# span the caches hold for today after one clock reading, so a caller on
# the fast path may read `today` itself instead of calling `known_codes`.
# It is emptied whenever the region table in use changes.
today = _NO_SPAN


def _forget_today() -> None:
    global today
    today = _NO_SPAN


regions._on_table_change.append(_forget_today)


def known_codes(as_of: date | None) -> KnownCodes:
    """Return the caches for the region table in use and `as_of` (default today).

    Raises `TypeError` when `as_of` is not a `datetime.date`. The date codes
    start afresh when the reference date changes, and both caches when the
    table changes.
    """
    global today
    if as_of is None:
        start, end, codes = today
        if start <= time() < end and codes is not None:
            return codes
        start, end, reference = _structure.today_span()
        codes = _codes_for(reference)
        today = (start, end, codes)
        return codes
    return _codes_for(_structure.resolve_as_of(as_of))


def _codes_for(reference: date) -> KnownCodes:
    global _current
    table = default_table()
    current = _current
    if current is None or current.table is not table:
        current = KnownCodes(table, reference, {})
    elif current.reference is not reference and current.reference != reference:
        current = KnownCodes(table, reference, current.regions)
    else:
        return current
    _current = current
    return current
