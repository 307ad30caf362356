"""Caches of valid region and NIK date codes, for the fast path of `nik.parse`.

A valid NIK costs two dictionary look-ups here. The dictionaries keep only
valid codes, so their size does not depend on the input: at most one
entry per district of the region table, and at most 73,200 date codes
(366 days, two sexes, 100 years).
"""

from __future__ import annotations

from datetime import date

from niklib import _structure
from niklib._structure import KnownRegion, Sex
from niklib.regions import RegionTable, default_table

__all__ = ["KnownCodes", "known_codes"]


class KnownCodes:
    """The valid region codes of one table and the valid NIK date codes of one date.

    `regions` maps a six-digit code to (province, regency, district,
    warnings), and `birth_dates` maps a ``DDMMYY`` code to (birth date,
    sex) with the century inferred against `reference`. `region` and
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
        self.birth_dates: dict[str, tuple[date, Sex]] = {}

    def region(self, code: str) -> KnownRegion | None:
        """Return the parts of a valid six-digit region code; None on error.

        `district` is None under a retired regency whose district codes are
        unknown.
        """
        found = self.regions.get(code)
        if found is not None:
            return found
        if (
            code not in self.table.district_codes
            and code[:4] not in self.table.regencies_without_districts
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

    def birth_date(self, code: str) -> tuple[date, Sex] | None:
        """Return the birth date and sex of a NIK ``DDMMYY`` code; None on error."""
        found = self.birth_dates.get(code)
        if found is not None:
            return found
        found = _structure.birth_date_and_sex(code, self.reference)
        if found is not None:
            self.birth_dates[code] = found
        return found


_current: KnownCodes | None = None


def known_codes(as_of: date | None) -> KnownCodes:
    """Return the caches for the region table in use and `as_of` (default today).

    Raises `TypeError` when `as_of` is not a `datetime.date`. The date codes
    start afresh when the reference date changes, and both caches when the
    table changes.
    """
    global _current
    reference = _structure.today() if as_of is None else _structure.resolve_as_of(as_of)
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
