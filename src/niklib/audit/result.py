"""The audit's results: one `RowResult` per input row, matches, decisions and counts."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING

import attrs

from niklib import regions
from niklib.audit.issues import Code, Issue, status_of

if TYPE_CHECKING:
    from niklib.rules import Decision

__all__ = [
    "AuditResult",
    "MatchResult",
    "RegencySummary",
    "RowResult",
    "eligible_households",
    "household_numbers",
    "summarise_regencies",
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
    household_number: int | None = None

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


def eligible_households(rows: Iterable[RowResult]) -> dict[str, int | None]:
    """Return the yearly amount per eligible household, each household once.

    Rows of one household (the same KK number) count once, so duplicates
    do not inflate the totals. The amount is None where the rules could
    not compute it, such as a PKH household whose ``pkh_access_area`` is
    not known.
    """
    households: dict[str, int | None] = {}
    for row in rows:
        if row.decision_status == "eligible":
            key = row.household or f"row {row.row_number}"
            households.setdefault(key, row.amount)
    return households


def household_numbers(rows: Sequence[RowResult]) -> list[RowResult]:
    """Return the rows with `household_number` set, 1 for the first household.

    The number is unique per household within the audit, in order of each
    household's first row, and reveals nothing of the KK number. Rows
    without a decision (blank rows) get None.
    """
    numbers: dict[str, int] = {}
    numbered = []
    for row in rows:
        number = None
        if row.household is not None:
            number = numbers.setdefault(row.household, len(numbers) + 1)
        numbered.append(attrs.evolve(row, household_number=number))
    return numbered


def amount_text(known: int, unknown: int) -> str:
    """Return a yearly amount that states how many households it leaves out.

    `known` is the sum of the known amounts, and `unknown` the number of
    eligible households whose amount is not known. An unknown amount is
    never written as "Rp 0".
    """
    if not unknown:
        return f"Rp {known:,}"
    unknown_text = f"{counted(unknown, 'household')} unknown"
    if known:
        return f"Rp {known:,} (known amounts only; {unknown_text})"
    return f"unknown ({unknown_text})"


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
    #: Eligible households whose amount is not known, so `amount` leaves them out.
    amount_unknown: int = 0


def summarise_regencies(
    results: Sequence[RowResult], allocation: Mapping[str, int] | None
) -> tuple[RegencySummary, ...]:
    """Return the counts per regency, with every regency of `allocation`."""
    buckets: dict[str, list[RowResult]] = defaultdict(list)
    for result in results:
        buckets[result.regency_code or "unknown"].append(result)
    codes = set(buckets) | set(allocation or {})
    summaries = []
    for code in sorted(codes):
        found = buckets.get(code, [])
        region = regions.lookup(code) if code != "unknown" else None
        paid = eligible_households(found)
        summaries.append(
            RegencySummary(
                code=code,
                name=region.name if region else "regency not known",
                rows=len(found),
                ok=sum(r.status == "ok" for r in found),
                review=sum(r.status == "review" for r in found),
                error=sum(r.status == "error" for r in found),
                eligible=len(paid),
                amount=sum(a for a in paid.values() if a is not None),
                allocation=(allocation or {}).get(code),
                amount_unknown=sum(a is None for a in paid.values()),
            )
        )
    return tuple(summaries)


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

    def eligible_households(self) -> dict[str, int | None]:
        """Return the yearly amount per eligible household, each household once."""
        return eligible_households(self.rows)

    def unknown_amount_lines(self) -> list[str]:
        """Describe the eligible households whose amount is not known, by reason.

        Each household counts once, under the inputs its decision lacks.
        """
        reasons: dict[str, str] = {}
        for row, decision in zip(self.rows, self.decisions, strict=False):
            key = row.household or f"row {row.row_number}"
            if row.decision_status != "eligible" or key in reasons:
                continue
            reasons[key] = "" if row.amount is not None else _unknown_reason(decision)
        counts = Counter(reason for reason in reasons.values() if reason)
        return [
            f"amount unknown for {counted(count, 'eligible household')} ({reason})"
            for reason, count in sorted(counts.items(), key=lambda item: -item[1])
        ]

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
            known = sum(amount for amount in eligible.values() if amount is not None)
            unknown = sum(amount is None for amount in eligible.values())
            lines.append(
                f"  eligible households: {len(eligible)}  "
                f"total yearly amount: {amount_text(known, unknown)}"
            )
            lines.extend(f"  {line}" for line in self.unknown_amount_lines())
        # Ties are broken by code name: set iteration order varies between runs.
        ranked = sorted(
            self.code_counts().items(), key=lambda item: (-item[1], item[0].value)
        )
        for code, count in ranked[:8]:
            lines.append(f"  {code.value}: {count}")
        lines.extend(f"note: {note}" for note in self.notes)
        return "\n".join(lines)


def _unknown_reason(decision: Decision | None) -> str:
    """Name the household inputs whose absence left a decision's amount unknown."""
    if decision is None:
        return "the decision is not kept"
    context = decision.context
    programme = context.programme
    benefit = programme.benefits[context.plan.version.benefit]
    facts: list[str] = []
    pending = [item.rule for item in benefit.fixed_aid if item.rule is not None]
    while pending:
        rule = programme.rules[pending.pop(0)]
        pending.extend(rule.children)
        if rule.fact is not None:
            facts.append(rule.fact)
    household = decision.household
    missing = [
        fact
        for fact in dict.fromkeys(facts)
        if hasattr(household, fact) and getattr(household, fact) is None
    ]
    if missing:
        return ", ".join(missing) + " not known"
    return "the programme gives no amount for the date"
