"""The audit's results: one `RowResult` per input row, matches, decisions and counts."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

import attrs

from niklib.audit.issues import Code, Issue, status_of

if TYPE_CHECKING:
    from niklib.rules import Decision

__all__ = [
    "AuditResult",
    "MatchResult",
    "RegencySummary",
    "RowResult",
    "eligible_households",
]


@attrs.frozen
class MatchResult:
    """The registry record a row was matched to, how, and what differs.

    `basis` is ``nik`` for a match on the NIK alone, ``linkage`` for a
    match found by scoring names, dates and addresses. `registry_nik` is
    the full registry NIK, so an officer can correct the row; it appears
    in ``matches.csv`` only, never in messages or the repr.
    """

    row_number: int
    registry_row: int
    basis: str
    probability: float
    weight: float
    registry_nik: str = attrs.field(repr=False)
    registry_name: str
    differences: tuple[str, ...]
    differing_fields: tuple[str, ...] = ()


@attrs.frozen
class RowResult:
    """Everything the audit found about one input row."""

    row_number: int
    nik_masked: str
    name: str
    regency_code: str | None
    issues: tuple[Issue, ...]
    match: MatchResult | None = None
    decision_status: str | None = None
    amount: int | None = None
    version: str | None = None
    duplicate_group: int | None = None
    household: str | None = attrs.field(default=None, repr=False)

    @property
    def status(self) -> str:
        """``ok``, ``review`` or ``error``: the most serious issue's level."""
        return status_of(self.issues)

    @property
    def codes(self) -> tuple[Code, ...]:
        """The codes of the issues, in the order found."""
        return tuple(issue.code for issue in self.issues)


def counted(count: int, noun: str) -> str:
    """Return a count with its noun, plural unless the count is 1: "1 row"."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def eligible_households(rows: Iterable[RowResult]) -> dict[str, int]:
    """Return the yearly amount per eligible household, each household once.

    Rows of one household (the same KK number, or a duplicate row) count
    once, so duplicates do not inflate the totals.
    """
    households: dict[str, int] = {}
    for row in rows:
        if row.decision_status == "eligible":
            key = row.household or f"row {row.row_number}"
            households.setdefault(key, row.amount or 0)
    return households


@attrs.frozen
class RegencySummary:
    """Counts for one regency (kabupaten/kota) against the programme allocation."""

    code: str
    name: str
    rows: int
    ok: int
    review: int
    error: int
    eligible: int
    amount: int
    allocation: int | None


@attrs.frozen(eq=False)
class AuditResult:
    """The whole audit: rows in input order, one per input row, and the summary."""

    source: str
    programme: str
    as_of: datetime.date
    rows: tuple[RowResult, ...]
    matches: tuple[MatchResult, ...]
    regencies: tuple[RegencySummary, ...]
    notes: tuple[str, ...]
    data_info: Mapping[str, str]
    decisions: tuple[Decision | None, ...] = attrs.field(default=(), repr=False)

    def __len__(self) -> int:
        return len(self.rows)

    def status_counts(self) -> dict[str, int]:
        """Return the number of rows per status, ``ok``, ``review`` and ``error``."""
        counts = Counter(row.status for row in self.rows)
        return {status: counts.get(status, 0) for status in ("ok", "review", "error")}

    def eligible_households(self) -> dict[str, int]:
        """Return the yearly amount per eligible household, each household once."""
        return eligible_households(self.rows)

    def code_counts(self) -> Counter[Code]:
        """Return how many rows carry each issue code (a row counts once per code)."""
        counts: Counter[Code] = Counter()
        for row in self.rows:
            counts.update(set(row.codes))
        return counts

    def summary_text(self) -> str:
        """Return a short plain-text summary for standard output."""
        counts = self.status_counts()
        lines = [
            f"audited {counted(len(self.rows), 'row')} of {self.source} for "
            f"{self.programme} "
            f"as of {self.as_of.isoformat()}",
            f"  ok: {counts['ok']}  review: {counts['review']}  "
            f"error: {counts['error']}",
        ]
        eligible = self.eligible_households()
        if any(row.decision_status for row in self.rows):
            lines.append(
                f"  eligible households: {len(eligible)}  "
                f"total yearly amount: Rp {sum(eligible.values()):,}"
            )
        # Ties are broken by code name: set iteration order varies between runs.
        ranked = sorted(
            self.code_counts().items(), key=lambda item: (-item[1], item[0].value)
        )
        for code, count in ranked[:8]:
            lines.append(f"  {code.value}: {count}")
        lines.extend(f"note: {note}" for note in self.notes)
        return "\n".join(lines)
