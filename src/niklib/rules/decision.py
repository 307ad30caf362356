"""Decisions: the outcome of evaluating one household under one version."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING, Any

import attrs

from niklib.rules.benefit import MemberComponent
from niklib.rules.household import Household
from niklib.rules.model import Confidence

if TYPE_CHECKING:
    from niklib.rules.context import Context
    from niklib.rules.explain import Explanation

__all__ = ["Decision", "format_rupiah"]


def format_rupiah(amount: int | None) -> str:
    """Format an amount as ``Rp 1,750,000``; None gives ``unknown``."""
    return "unknown" if amount is None else f"Rp {amount:,}"


@attrs.frozen(kw_only=True)
class Decision:
    """The eligibility decision and yearly amount for one household.

    `eligible` is None when a condition could not be decided because an
    input is missing; `amount` is then 0. `amount` is None when the
    household is eligible but the file marks the amount for the date as not
    known. `tranches` is None when the split into tranches is not known.
    `unverified` lists the rules and parameters resting on unverified text
    that this decision used, as ``rules.<id>`` or ``parameters.<id>``.

    A decision is a model of the regulation, not an official determination;
    `notice` states this in the programme's words. `explain()` rebuilds the
    full explanation from the same inputs at any later time.
    """

    programme: str
    version: str
    version_chain: tuple[str, ...]
    as_of: datetime.date
    eligible: bool | None
    amount: int | None
    tranches: tuple[int, ...] | None
    components: tuple[MemberComponent, ...]
    warnings: tuple[str, ...]
    unverified: tuple[str, ...]
    confidence: Confidence
    notice: str = attrs.field(repr=False)
    household: Household = attrs.field(repr=False)
    context: Context = attrs.field(repr=False, eq=False)

    @property
    def status(self) -> str:
        """``eligible``, ``not eligible`` or ``undetermined``."""
        if self.eligible is None:
            return "undetermined"
        return "eligible" if self.eligible else "not eligible"

    def explain(self) -> Explanation:
        """Rebuild the explanation tree of this decision from its inputs."""
        from niklib.rules.explain import explain

        return explain(self.context, self.household)

    def summary(self) -> str:
        """Return a one-line summary: status, amount, tranches and version."""
        text = f"{self.programme} {self.version}: {self.status}"
        if self.eligible:
            text += f", {format_rupiah(self.amount)} per year"
            if self.tranches:
                text += " in tranches of " + " + ".join(
                    format_rupiah(part) for part in self.tranches
                )
        return f"{text} (as of {self.as_of.isoformat()})"

    def __str__(self) -> str:
        return f"{self.summary()}\n{self.notice}"

    def to_dict(self) -> dict[str, Any]:
        """Return the decision as a flat dict for CSV or JSON output."""
        return {
            "household": self.household.id,
            "programme": self.programme,
            "version": self.version,
            "version_chain": " > ".join(self.version_chain),
            "as_of": self.as_of.isoformat(),
            "status": self.status,
            "amount": self.amount,
            "tranches": None
            if self.tranches is None
            else " + ".join(str(part) for part in self.tranches),
            "components": ";".join(
                f"{item.member}:{item.component}"
                for item in self.components
                if item.counted
            ),
            "confidence": self.confidence.value,
            "unverified": ";".join(self.unverified),
            "warnings": " | ".join(self.warnings),
            "notice": self.notice,
        }

    def _repr_html_(self) -> str:
        from niklib.rules.render import explanation_html

        return explanation_html(self.explain())
