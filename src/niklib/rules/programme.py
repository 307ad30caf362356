"""Programmes: a loaded programme file and the verbs that evaluate it."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any, ClassVar

import attrs

from niklib.rules.benefit import (
    MemberComponent,
    counted_components,
    settle,
    split_tranches,
)
from niklib.rules.context import (
    Context,
    build_context,
    household_warnings,
    unknown_domicile,
)
from niklib.rules.decision import Decision
from niklib.rules.errors import NoVersionError, UnknownVersionError
from niklib.rules.household import Household
from niklib.rules.model import (
    Benefit,
    BenefitMode,
    Parameter,
    Rule,
    Switch,
    Version,
)
from niklib.rules.params import GapPolicy

if TYPE_CHECKING:
    from niklib.rules.allocations import Allocation
    from niklib.rules.explain import Explanation
    from niklib.rules.usage import Usage
    from niklib.rules.validator import Problem

__all__ = ["Programme"]


def _check_date(as_of: object) -> datetime.date:
    if isinstance(as_of, datetime.datetime) or not isinstance(as_of, datetime.date):
        raise TypeError(
            f"as_of must be a datetime.date such as date(2019, 6, 1), got {as_of!r}"
        )
    return as_of


@attrs.frozen(kw_only=True, eq=False)
class Programme:
    """A programme loaded from its file: versions, parameters, rules, benefits.

    Load one with `niklib.rules.load`. `problems` contains the validator's
    warnings for the file (errors stop loading). `data` is the parsed file,
    which reform overlays start from.
    """

    DEFAULT_NOTICE: ClassVar[str] = (
        "This decision is a model of the regulation, not an official determination."
    )

    id: str
    name: str
    jurisdiction: str
    currency: str
    notice: str
    versions: tuple[Version, ...]
    parameters: Mapping[str, Parameter]
    switches: Mapping[str, Switch]
    rules: Mapping[str, Rule]
    benefits: Mapping[str, Benefit]
    source: str
    allocations: tuple[Allocation, ...] = ()
    problems: tuple[Problem, ...] = ()
    data: Mapping[str, Any] = attrs.field(factory=dict, repr=False)
    _plans: dict[Any, Any] = attrs.field(factory=dict, init=False, repr=False)

    def __reduce__(self) -> tuple[object, ...]:
        # Compiled plans hold generated functions, which cannot be pickled;
        # the copy compiles its own on first use.
        fields = {
            field.name: getattr(self, field.name)
            for field in attrs.fields(type(self))
            if field.init
        }
        fields["parameters"] = dict(self.parameters)
        return (_rebuild_programme, (fields,))

    def allocations_at(self, as_of: datetime.date) -> dict[str, Allocation]:
        """Return the allocation in force on `as_of` per region code.

        Keys are 2-digit province codes (the programme total) and 4-digit
        regency codes. A region without an allocation for the date is absent.
        """
        return {item.region: item for item in self.allocations if item.covers(as_of)}

    def version(self, version_id: str) -> Version:
        """Return the version with id `version_id`."""
        for version in self.versions:
            if version.id == version_id:
                return version
        raise UnknownVersionError(
            self.id, version_id, [version.id for version in self.versions]
        )

    def version_at(self, as_of: datetime.date) -> Version:
        """Return the version in force on `as_of`, raising `NoVersionError` if none."""
        for version in self.versions:
            if version.covers(as_of):
                return version
        first, last = self.versions[0], self.versions[-1]
        if last.end is None:
            span = f"{first.start.isoformat()} onward"
        else:
            span = f"{first.start.isoformat()} to {last.end.isoformat()}"
        raise NoVersionError(
            self.id, as_of, f"{span}, with any gaps reported by the validator"
        )

    def chain(self, version: Version) -> tuple[str, ...]:
        """Return the instruments that make up `version`, oldest first.

        A version that amends another starts with that version's chain;
        consolidated amendments follow the version's own instrument.
        """
        chain: list[str] = []
        if version.amends is not None:
            chain += self.chain(self.version(version.amends))
        chain.append(version.instrument)
        chain += version.amendments
        return tuple(chain)

    def context(
        self,
        *,
        as_of: datetime.date,
        version: str | None = None,
        gap: GapPolicy | str = GapPolicy.STRICT,
        switches: Mapping[str, bool] | None = None,
    ) -> Context:
        """Resolve and compile everything needed to evaluate at `as_of`.

        `version` forces a version instead of the one in force; parameters
        are still read at `as_of`. `switches` overrides switch defaults.
        """
        return build_context(
            self,
            as_of=_check_date(as_of),
            version=version,
            gap=GapPolicy.coerce(gap),
            switches=switches,
        )

    def evaluate(
        self,
        household: Household,
        *,
        as_of: datetime.date,
        version: str | None = None,
        gap: GapPolicy | str = GapPolicy.STRICT,
        switches: Mapping[str, bool] | None = None,
    ) -> Decision:
        """Decide whether `household` is eligible on `as_of`, and for how much.

        Raises `NoVersionError` when no version is in force and, under the
        strict gap policy, `ParameterGapError` when a parameter has no value
        for `as_of`.
        """
        context = self.context(as_of=as_of, version=version, gap=gap, switches=switches)
        return next(decide(context, (household,)))

    def evaluate_many(
        self,
        households: Iterable[Household],
        *,
        as_of: datetime.date,
        version: str | None = None,
        gap: GapPolicy | str = GapPolicy.STRICT,
        switches: Mapping[str, bool] | None = None,
    ) -> Iterator[Decision]:
        """Yield one decision per household, in input order, as they stream in.

        The version, switches and parameters are resolved once, in this
        call, so a gap or a missing version raises here, before iteration.
        Households are read lazily, one at a time.
        """
        if isinstance(households, (str, bytes)) or not isinstance(households, Iterable):
            raise TypeError(
                "households must be an iterable of niklib.rules.Household, "
                f"got {type(households).__name__}"
            )
        context = self.context(as_of=as_of, version=version, gap=gap, switches=switches)
        return decide(context, households)

    def explain(
        self,
        household: Household,
        *,
        as_of: datetime.date,
        version: str | None = None,
        gap: GapPolicy | str = GapPolicy.STRICT,
        switches: Mapping[str, bool] | None = None,
    ) -> Explanation:
        """Evaluate `household` and return the full explanation tree."""
        from niklib.rules.explain import explain

        context = self.context(as_of=as_of, version=version, gap=gap, switches=switches)
        return explain(context, household)

    def with_parameters(
        self,
        values: Mapping[str, object],
        *,
        start: datetime.date,
        citation: str,
        name: str | None = None,
    ) -> Programme:
        """Return a reform: this programme with parameter values replaced from `start`.

        Each value takes effect on `start` and stays in force with no end
        date. Earlier values are kept and cut off the day before. The
        reform's values carry `citation` and the confidence UNVERIFIED,
        because they are proposals, not regulation. A value of None marks
        the parameter as not known from `start`. Raises `KeyError` for an
        unknown parameter and `ProgrammeError` for a value of the wrong type.
        Raises `ValueError` when a flat amount and its tranche amounts no
        longer add up, such as a new `household_amount` without new
        `tranche_amounts`.
        Switch settings are changed per call with `switches=` instead; for
        rule changes, see `niklib.rules.load_reform`.
        """
        from niklib.rules.overlay import apply_overlay

        parameters: dict[str, Any] = {}
        for key, value in values.items():
            if key not in self.parameters:
                raise KeyError(f"programme {self.id!r} has no parameter {key!r}")
            if isinstance(value, (tuple, set, frozenset)):
                value = (
                    sorted(value)
                    if isinstance(value, (set, frozenset))
                    else list(value)
                )
            entry: dict[str, Any] = {
                "from": start,
                "citation": citation,
                "confidence": "unverified",
            }
            if value is None:
                entry.update(known=False, note="reform: value not known")
            else:
                entry.update(value=value, note="reform value")
            parameters[key] = {"values": [entry]}
        overlay = {
            "reform": {"name": name or f"{self.name} (reform)", "citation": citation},
            "parameters": parameters,
        }
        reform = apply_overlay(self, overlay, source="<with_parameters>")
        _check_tranche_sums(self, reform)
        return reform


def _check_tranche_sums(base: Programme, reform: Programme) -> None:
    """Raise ValueError when a reform leaves tranches that no longer add up.

    A flat amount paid in tranches whose sum differs has no known split, so
    every decision would lose its tranches without saying why.
    """
    known = {(p.location, p.message) for p in base.problems}
    new = [
        problem
        for problem in reform.problems
        if problem.code == "tranche-sum"
        and (problem.location, problem.message) not in known
    ]
    if not new:
        return
    locations = sorted({problem.location for problem in new})
    names = ", ".join(location.split(".", 1)[1] for location in locations)
    details = "; ".join(problem.message for problem in new)
    raise ValueError(
        f"the reform's amounts no longer equal the sum of {names} ({details}); "
        f"pass {names} in the same call with amounts that add up, or None "
        "when the split is not known"
    )


def _rebuild_programme(fields: dict[str, Any]) -> Programme:
    return Programme(**fields)


def decide(context: Context, households: Iterable[Household]) -> Iterator[Decision]:
    """Yield the decision of each household under one prepared context."""
    plan = context.plan
    function = plan.compiled.function
    terms = plan.terms
    as_of = context.as_of
    base_warnings = context.warnings
    programme_id, version_id, chain = (
        context.programme.id,
        plan.version.id,
        context.chain,
    )
    usage_of = plan.usage.of
    flat_usages: dict[tuple[bool, bool], Usage] = {}
    notice = context.programme.notice
    # Flat benefits do not depend on the members, so the amount and the
    # tranches are the same for every eligible household. `settle` gives
    # the same result one household at a time, which the explainer uses.
    flat = terms.benefit.mode is BenefitMode.FLAT
    flat_amount = terms.household_amount
    flat_tranches = split_tranches(flat_amount, terms.tranches)
    ids = terms.component_ids

    for index, household in enumerate(households):
        if not isinstance(household, Household):
            raise TypeError(
                f"households[{index}] must be a niklib.rules.Household, "
                f"got {type(household).__name__}"
            )
        eligible, matches, fixed, unsure, member_warnings, absent = function(
            household, as_of
        )
        has_members = len(household.members) > absent

        if flat:
            counted = eligible is True
            usage = flat_usages.get((has_members, counted))
            if usage is None:
                usage = usage_of(has_members=has_members, eligible=eligible)
                flat_usages[has_members, counted] = usage
            amount = flat_amount if counted else 0
            tranches = flat_tranches if counted else ()
            components = tuple(
                [
                    MemberComponent(
                        member=member,
                        component=ids[number],
                        amount=None,
                        counted=counted,
                    )
                    for member, number in matches
                ]
            )
        else:
            settlement = settle(terms, eligible, matches, fixed)
            amount, tranches = settlement.amount, settlement.tranches
            components = settlement.components
            usage = usage_of(
                has_members=has_members,
                eligible=eligible,
                counted=counted_components(settlement, eligible),
                fixed=fixed,
            )

        snapshot = household.target_data_snapshot
        warnings = base_warnings
        if (
            member_warnings
            or (unsure and eligible)
            or (fixed is None and eligible)
            or (snapshot is not None and snapshot > as_of)
            or unknown_domicile(household)
        ):
            warnings = household_warnings(
                context, household, member_warnings, unsure, fixed, eligible
            )

        yield Decision(
            programme=programme_id,
            version=version_id,
            version_chain=chain,
            as_of=as_of,
            eligible=eligible,
            amount=amount,
            tranches=tranches,
            components=components,
            warnings=warnings,
            unverified=usage.unverified,
            confidence=usage.confidence,
            notice=notice,
            household=household,
            context=context,
        )
