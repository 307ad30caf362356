"""Comparison of two scenarios over the same households.

A scenario is a programme (or a reform of it made with
`Programme.with_parameters`), an as-of date, and optionally a forced
version and switch settings. Comparing two versions means two scenarios
with different dates or forced versions; comparing a reform means the same
date with the reformed programme. The result lists every household with
both decisions, marks which changed and why, and totals amounts by regency.
"""

from __future__ import annotations

import datetime
import html
from collections.abc import Iterable, Mapping

import attrs

from niklib.rules.context import Context
from niklib.rules.decision import Decision, format_rupiah
from niklib.rules.household import Household, region_name
from niklib.rules.params import GapPolicy, ResolvedParameter
from niklib.rules.programme import Programme, decide

__all__ = ["Change", "Comparison", "RegencyTotal", "Scenario", "compare"]


@attrs.frozen(kw_only=True)
class Scenario:
    """A programme evaluated at one date, with optional version and switches."""

    programme: Programme
    as_of: datetime.date
    version: str | None = None
    switches: Mapping[str, bool] | None = None
    gap: GapPolicy | str = GapPolicy.STRICT
    label: str = ""

    def context(self) -> Context:
        """Resolve and compile this scenario."""
        return self.programme.context(
            as_of=self.as_of, version=self.version, gap=self.gap, switches=self.switches
        )


@attrs.frozen(kw_only=True)
class Change:
    """One household's decisions under both scenarios."""

    index: int
    baseline: Decision
    reform: Decision

    @property
    def changed(self) -> bool:
        """True when eligibility, amount or tranches differ."""
        before, after = self.baseline, self.reform
        return (before.eligible, before.amount, before.tranches) != (
            after.eligible,
            after.amount,
            after.tranches,
        )

    @property
    def amount_delta(self) -> int | None:
        """Reform amount minus baseline amount; None if either is unknown."""
        if self.baseline.amount is None or self.reform.amount is None:
            return None
        return self.reform.amount - self.baseline.amount

    def reasons(self) -> tuple[str, ...]:
        """Explain the change: version, rule outcomes and parameter values that differ.

        A parameter counts when either decision used it, including one that
        only the baseline or only the reform reads; that side shows
        ``not used``. Builds both explanations, so call it only for the
        changes you read.
        """
        before, after = self.baseline.explain(), self.reform.explain()
        reasons = []
        if before.version.id != after.version.id:
            reasons.append(f"version {before.version.id} -> {after.version.id}")
        outcomes = {(node.rule, node.member): node for node in before.nodes()}
        for node in after.nodes():
            old = outcomes.get((node.rule, node.member))
            if old is None or old.outcome is node.outcome or node.children:
                continue
            who = f" members[{node.member}]" if node.member is not None else ""
            reasons.append(
                f"rules.{node.rule}{who}: {old.outcome.value} -> {node.outcome.value}"
            )
        reasons += _parameter_changes(
            self.baseline.context.resolved,
            self.reform.context.resolved,
            used={*before.parameters, *after.parameters},
        )
        return tuple(reasons)


def _parameter_changes(
    old: Mapping[str, ResolvedParameter],
    new: Mapping[str, ResolvedParameter],
    *,
    used: set[str],
) -> list[str]:
    """Describe the used parameters whose value differs or exists on one side."""
    changes = []
    for name in [*old, *(name for name in new if name not in old)]:
        if name not in used:
            continue
        before = repr(old[name].value) if name in old else "not used"
        after = repr(new[name].value) if name in new else "not used"
        if before != after:
            changes.append(f"parameters.{name}: {before} -> {after}")
    return changes


@attrs.frozen(kw_only=True)
class RegencyTotal:
    """Counts and amounts of one regency under both scenarios."""

    regency: str | None
    name: str | None
    households: int
    baseline_eligible: int
    reform_eligible: int
    baseline_amount: int
    reform_amount: int
    changed: int

    @property
    def delta(self) -> int:
        """Reform amount minus baseline amount, unknown amounts counted as 0."""
        return self.reform_amount - self.baseline_amount


@attrs.frozen(kw_only=True)
class Comparison:
    """Both scenarios' decisions for every household, in input order."""

    baseline: Scenario
    reform: Scenario
    rows: tuple[Change, ...]

    def changed(self) -> tuple[Change, ...]:
        """The households whose decision or amount changed."""
        return tuple(row for row in self.rows if row.changed)

    def totals_by_regency(self) -> tuple[RegencyTotal, ...]:
        """Totals per domicile regency, sorted by code; no domicile sorts last."""
        groups: dict[str | None, list[Change]] = {}
        for row in self.rows:
            groups.setdefault(row.baseline.household.domicile_regency, []).append(row)
        totals = []
        for code in sorted(groups, key=lambda code: (code is None, code or "")):
            rows = groups[code]
            totals.append(
                RegencyTotal(
                    regency=code,
                    name=region_name(code),
                    households=len(rows),
                    baseline_eligible=sum(
                        row.baseline.eligible is True for row in rows
                    ),
                    reform_eligible=sum(row.reform.eligible is True for row in rows),
                    baseline_amount=sum(row.baseline.amount or 0 for row in rows),
                    reform_amount=sum(row.reform.amount or 0 for row in rows),
                    changed=sum(row.changed for row in rows),
                )
            )
        return tuple(totals)

    def _rows(self) -> list[tuple[str, ...]]:
        header: tuple[str, ...] = (
            "regency",
            "name",
            "households",
            "eligible before",
            "eligible after",
            "amount before",
            "amount after",
            "changed",
        )
        rows: list[tuple[str, ...]] = [header]
        return rows + [
            (
                total.regency or "(none)",
                total.name or "",
                str(total.households),
                str(total.baseline_eligible),
                str(total.reform_eligible),
                format_rupiah(total.baseline_amount),
                format_rupiah(total.reform_amount),
                str(total.changed),
            )
            for total in self.totals_by_regency()
        ]

    def to_table(self) -> str:
        """Render the totals by regency as a plain-text table."""
        rows = self._rows()
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        return "\n".join(
            "  ".join(
                cell.ljust(width) for cell, width in zip(row, widths, strict=True)
            ).rstrip()
            for row in rows
        )

    def _repr_html_(self) -> str:
        rows = self._rows()
        head = "".join(f"<th>{html.escape(cell)}</th>" for cell in rows[0])
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
            for row in rows[1:]
        )
        changed = len(self.changed())
        return (
            f"<p>{changed} of {len(self.rows)} households changed</p>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )


def compare(
    households: Iterable[Household], *, baseline: Scenario, reform: Scenario
) -> Comparison:
    """Evaluate every household under both scenarios and pair the decisions."""
    before_context, after_context = baseline.context(), reform.context()
    rows = []
    for index, household in enumerate(households):
        before = next(decide(before_context, (household,)))
        after = next(decide(after_context, (household,)))
        rows.append(Change(index=index, baseline=before, reform=after))
    return Comparison(baseline=baseline, reform=reform, rows=tuple(rows))
