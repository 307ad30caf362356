"""The usage of one decision: its parameters, unverified sources and confidence.

A decision uses the version, the rules evaluated for its household and the
parameter values those rules and the applied benefit computation read.
Household rules are always evaluated. Member rules are evaluated only when
the household has a member who existed on the as-of date. The benefit
parameters count only for an eligible household: the flat amount and its
tranches, or the amounts of the counted components, the fixed aid that
applied, the cap when its switch is on, and the tranches.

Few combinations occur in a batch, so each result is computed once per
plan and then looked up.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from niklib.rules.model import (
    BenefitMode,
    Confidence,
    Rule,
    Scope,
    Version,
    weakest,
)
from niklib.rules.params import ResolvedParameter

__all__ = ["Usage", "UsageTable"]


@attrs.frozen
class Usage:
    """The parameter ids a decision read, its unverified sources and confidence.

    `unverified` lists ``versions.<id>``, ``rules.<id>`` and
    ``parameters.<id>`` entries resting on unverified text.
    """

    parameters: tuple[str, ...]
    unverified: tuple[str, ...]
    confidence: Confidence


# has members, eligible, counted component ids, fixed aid index
_Key = tuple[bool, bool, frozenset[str], int | None]


class UsageTable:
    """The `Usage` of each kind of decision under one compiled plan."""

    def __init__(
        self,
        *,
        version: Version,
        rules: Iterable[Rule],
        resolved: Mapping[str, ResolvedParameter],
        benefit_parameters: BenefitParameters,
    ) -> None:
        self._version = version
        enabled = list(rules)
        self._household_rules = [r for r in enabled if r.scope is Scope.HOUSEHOLD]
        self._member_rules = [r for r in enabled if r.scope is Scope.MEMBER]
        self._resolved = resolved
        self._benefit = benefit_parameters
        self._cache: dict[_Key, Usage] = {}

    def of(
        self,
        *,
        has_members: bool,
        eligible: bool | None,
        counted: frozenset[str] = frozenset(),
        fixed: int | None = -1,
    ) -> Usage:
        """Return the usage of a decision.

        `counted` contains the ids of the components counted in the amount
        and `fixed` is the index of the fixed aid that applied (-1 for
        none, None when unknown). Both matter only when `eligible` is True.
        """
        paid = eligible is True
        key: _Key = (has_members, paid, counted if paid else frozenset(), fixed)
        usage = self._cache.get(key)
        if usage is None:
            usage = self._cache[key] = self._compute(*key)
        return usage

    def _compute(
        self, has_members: bool, paid: bool, counted: frozenset[str], fixed: int | None
    ) -> Usage:
        rules = list(self._household_rules)
        if has_members:
            rules += self._member_rules
        names = [rule.parameter for rule in rules if rule.parameter is not None]
        if paid:
            names += self._benefit.read(counted, fixed)
        parameters = tuple(sorted({name for name in names if name in self._resolved}))
        entries = [self._resolved[name].entry for name in parameters]

        levels = [
            self._version.confidence,
            *(rule.confidence for rule in rules),
            *(entry.confidence for entry in entries),
        ]

        unverified = []
        if self._version.confidence is Confidence.UNVERIFIED:
            unverified.append(f"versions.{self._version.id}")
        unverified += [
            f"rules.{rule.id}"
            for rule in rules
            if rule.confidence is Confidence.UNVERIFIED
        ]
        unverified += [
            f"parameters.{name}"
            for name, entry in zip(parameters, entries, strict=True)
            if entry.confidence is Confidence.UNVERIFIED
        ]

        return Usage(
            parameters=parameters,
            unverified=tuple(unverified),
            confidence=weakest(levels),
        )


@attrs.frozen(kw_only=True)
class BenefitParameters:
    """The parameter ids of one benefit that an eligible household may read.

    `components` maps a component id to its amount parameter, and
    `fixed_aid` gives each fixed-aid entry's amount parameter. `cap` is None
    when no cap applies under the plan's switches.
    """

    mode: BenefitMode
    amount: str | None
    tranches: str | None
    components: Mapping[str, str | None]
    fixed_aid: tuple[str | None, ...]
    cap: str | None

    def read(self, counted: frozenset[str], fixed: int | None) -> list[str]:
        """Return the parameter ids the amount computation read."""
        names = [self.tranches]
        if self.mode is BenefitMode.FLAT:
            names.append(self.amount)
        else:
            names += [self.components[component] for component in sorted(counted)]
            if fixed is not None and fixed >= 0:
                names.append(self.fixed_aid[fixed])
            names.append(self.cap)
        return [name for name in names if name is not None]
