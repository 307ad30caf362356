"""Evaluation contexts: a version, switch settings and parameters at a date.

A context is built once per call of `evaluate` or `evaluate_many` and then
shared by every decision of that call, so a decision can rebuild its
explanation later from the same inputs. The compiled evaluator (the plan)
depends only on the version, the switches and which parameter values are in
force, so dates that resolve to the same values share one plan.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import TYPE_CHECKING

import attrs

from niklib.rules.benefit import BenefitTerms
from niklib.rules.compiler import Compiled, compile_plan, needed_rules
from niklib.rules.household import region_name
from niklib.rules.model import BenefitMode, RuleKind, Version
from niklib.rules.params import GapPolicy, ResolvedParameter, resolve
from niklib.rules.usage import BenefitParameters, UsageTable

if TYPE_CHECKING:
    from niklib.rules.household import Household
    from niklib.rules.programme import Programme

__all__ = [
    "Context",
    "Plan",
    "build_context",
    "household_warnings",
    "unknown_domicile",
]


@attrs.frozen(kw_only=True, eq=False)
class Plan:
    """A compiled version under one switch setting and one set of values."""

    version: Version
    switches: Mapping[str, bool]
    rules: tuple[str, ...]
    operands: Mapping[str, object]
    terms: BenefitTerms
    compiled: Compiled
    usage: UsageTable


@attrs.frozen(kw_only=True, eq=False)
class Context:
    """Everything needed to evaluate or explain a household at one date."""

    programme: Programme
    plan: Plan
    as_of: datetime.date
    gap: GapPolicy
    resolved: Mapping[str, ResolvedParameter]
    warnings: tuple[str, ...]
    chain: tuple[str, ...]

    @property
    def version(self) -> Version:
        """The version in force (or forced) for this context."""
        return self.plan.version

    def __reduce__(self) -> tuple[object, ...]:
        # The compiled function cannot be pickled, so a context travels to a
        # worker process as its inputs and is rebuilt there.
        arguments = (
            self.programme,
            self.as_of,
            self.plan.version.id,
            self.gap,
            dict(self.plan.switches),
        )
        return (_rebuild, arguments)


def _rebuild(
    programme: Programme,
    as_of: datetime.date,
    version: str,
    gap: GapPolicy,
    switches: dict[str, bool],
) -> Context:
    return build_context(
        programme, as_of=as_of, version=version, gap=gap, switches=switches
    )


def _settings(
    programme: Programme, switches: Mapping[str, bool] | None
) -> dict[str, bool]:
    settings = {name: switch.default for name, switch in programme.switches.items()}
    for name, value in (switches or {}).items():
        if name not in settings:
            known = ", ".join(sorted(settings)) or "none"
            raise ValueError(
                f"unknown switch {name!r} for programme {programme.id!r}; "
                f"known switches: {known}"
            )
        if not isinstance(value, bool):
            raise TypeError(f"switch {name!r} must be True or False, got {value!r}")
        settings[name] = value
    return settings


def _needed_parameters(
    programme: Programme,
    version: Version,
    rules: list[str],
    settings: Mapping[str, bool],
) -> list[str]:
    benefit = programme.benefits[version.benefit]
    names = [programme.rules[name].parameter for name in rules]
    names += [benefit.amount, benefit.tranches]
    names += [component.amount for component in benefit.components]
    names += [item.amount for item in benefit.fixed_aid]
    if benefit.cap_switch is None or settings[benefit.cap_switch]:
        names.append(benefit.cap)
    return sorted({name for name in names if name is not None})


def build_context(
    programme: Programme,
    *,
    as_of: datetime.date,
    version: str | None,
    gap: GapPolicy,
    switches: Mapping[str, bool] | None,
) -> Context:
    """Resolve the version, switches and parameters for `as_of` and compile.

    Raises `NoVersionError` when no version is in force and
    `ParameterGapError` under the strict policy when a needed parameter has
    no value on `as_of`.
    """
    chosen = programme.version(version) if version else programme.version_at(as_of)
    settings = _settings(programme, switches)
    benefit = programme.benefits[chosen.benefit]
    roots = [chosen.eligibility, *(c.rule for c in benefit.components)]
    roots += [item.rule for item in benefit.fixed_aid if item.rule is not None]
    rules = needed_rules(programme.rules, roots, settings)
    resolved = {
        name: resolve(
            programme.parameters[name], as_of, programme=programme.id, gap=gap
        )
        for name in _needed_parameters(programme, chosen, rules, settings)
    }
    warnings = tuple(
        warning
        for item in resolved.values()
        if (warning := item.warning(as_of)) is not None
    )
    key = (
        chosen.id,
        tuple(sorted(settings.items())),
        tuple((name, id(item.entry)) for name, item in resolved.items()),
    )
    plan = programme._plans.get(key)
    if plan is None:
        plan = _make_plan(programme, chosen, settings, rules, resolved)
        programme._plans[key] = plan
    return Context(
        programme=programme,
        plan=plan,
        as_of=as_of,
        gap=gap,
        resolved=resolved,
        warnings=warnings,
        chain=programme.chain(chosen),
    )


def _make_plan(
    programme: Programme,
    version: Version,
    settings: dict[str, bool],
    rules: list[str],
    resolved: Mapping[str, ResolvedParameter],
) -> Plan:
    operands = {}
    for name in rules:
        rule = programme.rules[name]
        if rule.kind is RuleKind.CONDITION:
            operands[name] = (
                rule.value if rule.parameter is None else resolved[rule.parameter].value
            )
    terms = _terms(programme, version, settings, resolved)
    compiled = compile_plan(
        programme.rules,
        eligibility=version.eligibility,
        benefit=programme.benefits[version.benefit],
        switches=settings,
        operands=operands,
        component_amounts=terms.component_amounts,
    )
    enabled = [
        rule
        for rule in (programme.rules[name] for name in rules)
        if rule.switch is None or settings[rule.switch]
    ]
    usage = UsageTable(
        version=version,
        rules=enabled,
        resolved=resolved,
        benefit_parameters=_benefit_parameters(programme, version, settings),
    )
    return Plan(
        version=version,
        switches=dict(settings),
        rules=tuple(rules),
        operands=operands,
        terms=terms,
        compiled=compiled,
        usage=usage,
    )


def _benefit_parameters(
    programme: Programme, version: Version, settings: Mapping[str, bool]
) -> BenefitParameters:
    benefit = programme.benefits[version.benefit]
    capped = benefit.cap_switch is None or settings[benefit.cap_switch]
    return BenefitParameters(
        mode=benefit.mode,
        amount=benefit.amount,
        tranches=benefit.tranches,
        components={item.id: item.amount for item in benefit.components},
        fixed_aid=tuple(item.amount for item in benefit.fixed_aid),
        cap=benefit.cap if capped else None,
    )


def _whole(value: object) -> int | None:
    # The validator has checked that amounts and caps are whole numbers.
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _split(value: object) -> tuple[int, ...] | int | None:
    if isinstance(value, tuple):
        return tuple(item for item in value if isinstance(item, int))
    return _whole(value)


def _terms(
    programme: Programme,
    version: Version,
    settings: Mapping[str, bool],
    resolved: Mapping[str, ResolvedParameter],
) -> BenefitTerms:
    benefit = programme.benefits[version.benefit]

    def value(name: str | None) -> object:
        return None if name is None or name not in resolved else resolved[name].value

    flat = benefit.mode is BenefitMode.FLAT
    return BenefitTerms(
        benefit=benefit,
        household_amount=_whole(value(benefit.amount)) if flat else None,
        component_ids=tuple(component.id for component in benefit.components),
        component_amounts=tuple(_whole(value(c.amount)) for c in benefit.components),
        fixed_aid_amounts=tuple(
            _whole(value(item.amount)) for item in benefit.fixed_aid
        ),
        cap=_whole(value(benefit.cap)),
        tranches=_split(value(benefit.tranches)),
    )


def unknown_domicile(household: Household) -> bool:
    """Return True when the household's domicile code is not a known region."""
    return household.domicile is not None and region_name(household.domicile) is None


def household_warnings(
    context: Context,
    household: Household,
    member_warnings: list[tuple[int, str]] | None,
    unsure: int,
    fixed: int | None,
    eligible: bool | None,
) -> tuple[str, ...]:
    """Return the warnings of one decision: the context's and the household's."""
    warnings = list(context.warnings)
    for index, warning in member_warnings or ():
        warnings.append(f"members[{index}]: {warning}")
    if unknown_domicile(household):
        warnings.append(
            f"domicile {household.domicile} is not a region code in niklib's "
            "table of current and retired codes; check the KK or registry "
            "address"
        )
    snapshot = household.target_data_snapshot
    if snapshot is not None and snapshot > context.as_of:
        warnings.append(
            f"target data snapshot {snapshot.isoformat()} is later than the "
            f"as-of date {context.as_of.isoformat()}"
        )
    if eligible is True and unsure:
        warnings.append(
            f"{unsure} member(s) may qualify for a better-paid component, but "
            "an input is missing; the amount counts only known components"
        )
    if eligible is True and fixed is None:
        warnings.append(
            "the fixed aid is unknown because an input that selects it is "
            "missing, so the amount is unknown"
        )
    return tuple(warnings)
