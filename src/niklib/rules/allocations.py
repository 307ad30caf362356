"""Allocations: how many households a programme funds per region and period.

An audit compares the recipients counted per regency with these numbers.
The optional ``[[allocations]]`` entries of a programme file give, for a
span of dates, a region code (2 digits for the province total, 4 for a
regency or city) and a number of households, with a citation and a
confidence label like every other value.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from niklib.rules.model import Confidence
from niklib.rules.validator import Checker

__all__ = ["ALLOCATION_KEYS", "Allocation", "build_allocations", "check_allocations"]

ALLOCATION_KEYS = {
    "from",
    "until",
    "region",
    "households",
    "citation",
    "confidence",
    "note",
}


@attrs.frozen(kw_only=True)
class Allocation:
    """The number of households funded in one region over a span of dates.

    `start` and `end` are inclusive. `region` is a 2-digit province code for
    the programme total or a 4-digit regency code.
    """

    region: str
    households: int
    start: datetime.date
    end: datetime.date
    citation: str
    confidence: Confidence
    note: str = ""

    def covers(self, day: datetime.date) -> bool:
        """Return True if `day` falls inside this allocation's span."""
        return self.start <= day <= self.end


def check_allocations(checker: Checker, data: Mapping[str, Any]) -> None:
    """Check the ``[[allocations]]`` entries; a region's spans must not overlap."""
    entries = data.get("allocations", [])
    if not isinstance(entries, list):
        checker.error(
            "wrong-type", "allocations", "allocations must be a list of tables"
        )
        return
    spans: dict[str, list[tuple[datetime.date, datetime.date, str]]] = {}
    counts: dict[tuple[str, datetime.date, datetime.date], int] = {}
    for index, entry in enumerate(entries):
        where = f"allocations[{index}]"
        if not isinstance(entry, dict):
            checker.error("wrong-type", where, "each allocation must be a table")
            continue
        checker.unknown_keys(entry, ALLOCATION_KEYS, where)
        checker.sourcing(entry, where)
        start = checker.date(entry, "from", where)
        end = checker.date(entry, "until", where)
        region = entry.get("region")
        if not (isinstance(region, str) and region.isdigit() and len(region) in (2, 4)):
            checker.error(
                "invalid-value",
                f"{where}.region",
                f"region must be a 2- or 4-digit code such as '36' or '3601', "
                f"got {region!r}",
            )
            region = None
        households = entry.get("households")
        if (
            isinstance(households, bool)
            or not isinstance(households, int)
            or (households < 0)
        ):
            checker.error(
                "invalid-value",
                f"{where}.households",
                f"households must be a whole number, got {households!r}",
            )
        if start is None or end is None or region is None:
            continue
        if end < start:
            checker.error(
                "invalid-date-range",
                f"{where}.until",
                f"until {end} is before from {start}",
            )
            continue
        spans.setdefault(region, []).append((start, end, where))
        if isinstance(households, int):
            counts[(region, start, end)] = households
    _check_overlaps(checker, spans)
    _check_sums(checker, counts)


def _check_overlaps(
    checker: Checker,
    spans: Mapping[str, list[tuple[datetime.date, datetime.date, str]]],
) -> None:
    for region, items in spans.items():
        items.sort()
        for (_, end, where), (next_start, _, next_where) in itertools.pairwise(items):
            if next_start <= end:
                checker.error(
                    "allocation-overlap",
                    next_where,
                    f"allocation for region {region} overlaps {where}",
                )


def _check_sums(
    checker: Checker, counts: Mapping[tuple[str, datetime.date, datetime.date], int]
) -> None:
    # Regencies allocated over the same span should add up to the province
    # total in force over that span.
    groups: dict[tuple[str, datetime.date, datetime.date], int] = {}
    for (region, start, end), households in counts.items():
        if len(region) == 4:
            key = (region[:2], start, end)
            groups[key] = groups.get(key, 0) + households
    for (province, start, end), total in sorted(groups.items()):
        for (region, total_start, total_end), expected in counts.items():
            if region != province or not total_start <= start <= end <= total_end:
                continue
            if total != expected:
                checker.warn(
                    "allocation-sum",
                    "allocations",
                    f"regency allocations of {province} from {start} to {end} "
                    f"sum to {total:,}, but the province total is {expected:,}",
                )


def build_allocations(entries: Sequence[Mapping[str, Any]]) -> tuple[Allocation, ...]:
    """Build allocations from validated file entries, sorted by region and date."""
    allocations = [
        Allocation(
            region=entry["region"],
            households=entry["households"],
            start=entry["from"],
            end=entry["until"],
            citation=entry["citation"],
            confidence=Confidence(entry["confidence"]),
            note=entry.get("note", ""),
        )
        for entry in entries
    ]
    return tuple(sorted(allocations, key=lambda item: (item.region, item.start)))
