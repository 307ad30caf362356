"""Checks of dates: parameter values covering each version, tranche sums."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from niklib.rules.crosscheck import Index, reachable
from niklib.rules.validator import (
    Checker,
)

__all__ = ["check_coverage", "uncovered", "value_spans"]

ONE_DAY = datetime.timedelta(days=1)
Span = tuple[datetime.date, "datetime.date | None"]


def value_spans(table: Mapping[str, Any]) -> list[tuple[Span, Mapping[str, Any]]]:
    """Return the effective span and entry of each well-formed value, in order."""
    values = table.get("values")
    items = [
        entry
        for entry in (values if isinstance(values, list) else [])
        if isinstance(entry, dict) and _is_date(entry.get("from"))
    ]
    spans: list[tuple[Span, Mapping[str, Any]]] = []
    for position, entry in enumerate(items):
        end = entry.get("until")
        if not _is_date(end):
            end = (
                items[position + 1]["from"] - ONE_DAY
                if position + 1 < len(items)
                else None
            )
        spans.append(((entry["from"], end), entry))
    return spans


def _is_date(value: object) -> bool:
    return isinstance(value, datetime.date) and not isinstance(value, datetime.datetime)


def uncovered(span: Span, covered: Iterable[Span]) -> list[Span]:
    """Return the parts of `span` that no span in `covered` includes."""
    start, end = span
    gaps: list[Span] = []
    cursor: datetime.date | None = start
    for cover_start, cover_end in sorted(covered, key=lambda item: item[0]):
        if cursor is None:
            break
        if end is not None and cover_start > end:
            break
        if cover_start > cursor:
            gaps.append((cursor, cover_start - ONE_DAY))
        if cover_end is None:
            cursor = None
        elif cover_end >= cursor:
            cursor = cover_end + ONE_DAY
    if cursor is not None and (end is None or cursor <= end):
        gaps.append((cursor, end))
    return gaps


def check_coverage(checker: Checker, data: Mapping[str, Any]) -> None:
    """Warn where a parameter has no value while a version using it is in force."""
    index = Index(data)
    for location, version in index.versions:
        start, end = version.get("in_force"), version.get("until")
        if not _is_date(start):
            continue
        span: Span = (start, end if _is_date(end) else None)  # type: ignore[assignment]
        _, parameters, _ = reachable(index, version)
        for name in sorted(parameters):
            covered = [
                value_span for value_span, _ in value_spans(index.parameters[name])
            ]
            for gap_start, gap_end in uncovered(span, covered):
                until = f"to {gap_end}" if gap_end is not None else "onward"
                checker.warn(
                    "parameter-gap",
                    f"parameters.{name}",
                    f"no value from {gap_start} {until}, although version "
                    f"{version.get('id')!r} ({location}) is in force then",
                )
        _check_tranche_sums(checker, index, version, span)


def _check_tranche_sums(
    checker: Checker, index: Index, version: Mapping[str, Any], span: Span
) -> None:
    benefit = index.benefits.get(version.get("benefit"))  # type: ignore[arg-type]
    if benefit is None or benefit.get("mode") != "flat":
        return
    amount = index.parameters.get(benefit.get("amount"))  # type: ignore[arg-type]
    tranches = index.parameters.get(benefit.get("tranches"))  # type: ignore[arg-type]
    if amount is None or tranches is None:
        return
    for (a_start, a_end), a_entry in value_spans(amount):
        for (t_start, t_end), t_entry in value_spans(tranches):
            if not (
                _overlaps((a_start, a_end), (t_start, t_end))
                and _overlaps((a_start, a_end), span)
            ):
                continue
            total, split = a_entry.get("value"), t_entry.get("value")
            if (
                isinstance(total, int)
                and isinstance(split, list)
                and all(isinstance(item, int) for item in split)
                and sum(split) != total
            ):
                checker.warn(
                    "tranche-sum",
                    f"parameters.{benefit['tranches']}",
                    f"tranches from {t_start} sum to {sum(split)}, but the "
                    f"amount from {a_start} is {total}",
                )


def _overlaps(first: Span, second: Span) -> bool:
    first_end = first[1] or datetime.date.max
    second_end = second[1] or datetime.date.max
    return first[0] <= second_end and second[0] <= first_end
