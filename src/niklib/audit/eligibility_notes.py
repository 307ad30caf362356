"""Notes on the eligibility step that concern the whole audit, not one row.

Each note states an assumption that changes decisions silently otherwise:
parameter values carried forward past their end date, another programme's
membership that no exclusion list supplies, and a households file that
could not be used.
"""

from __future__ import annotations

import datetime
from collections.abc import Collection, Iterable

import attrs

from niklib import rules
from niklib.rules.context import Context
from niklib.rules.explain import ParameterUse

__all__ = [
    "HouseholdUse",
    "carried_forward_note",
    "evaluation_context",
    "missing_list_note",
    "other_programmes_input",
    "programmes_read",
]


def evaluation_context(
    programme: rules.Programme, as_of: datetime.date
) -> Context | None:
    """Return the context the audit evaluates under, or None if it fails.

    The audit carries parameter values forward. A failure here also fails
    every row, which reports it there.
    """
    try:
        return programme.context(as_of=as_of, gap="carry_forward")
    except rules.RulesError:
        return None


def _value_text(use: ParameterUse) -> str:
    if not use.known:
        return "not known"
    if isinstance(use.value, tuple):
        return " + ".join(str(part) for part in use.value)
    return str(use.value)


def carried_forward_note(context: Context) -> str | None:
    """Describe the parameters whose value was carried forward, if any."""
    uses = sorted(
        (
            ParameterUse.of(item)
            for item in context.resolved.values()
            if item.carried_forward
        ),
        key=lambda use: use.id,
    )
    if not uses:
        return None
    parts = []
    for use in uses:
        span = use.start.isoformat()
        if use.end is not None:
            span += f" to {use.end.isoformat()}"
        parts.append(
            f"{use.id} = {_value_text(use)} (in force {span}, {use.confidence.value})"
        )
    count = "1 parameter" if len(uses) == 1 else f"{len(uses)} parameters"
    return (
        f"{context.programme.name} has no value on {context.as_of.isoformat()} "
        f"for {count}, so the decisions use the latest earlier value: "
        + "; ".join(parts)
        + "."
    )


def programmes_read(context: Context) -> dict[str, str]:
    """Return the programme ids whose membership the rules in use read.

    The value is the label of the first rule that reads each id. Rules
    switched off are not in use.
    """
    programme = context.programme
    read: dict[str, str] = {}
    for name in context.plan.rules:
        rule = programme.rules[name]
        if rule.fact != "other_programmes":
            continue
        if rule.switch is not None and not context.plan.switches[rule.switch]:
            continue
        operand = context.plan.operands.get(name)
        ids = [operand] if isinstance(operand, str) else operand
        if not isinstance(ids, (list, frozenset)):
            continue
        for item in ids:
            read.setdefault(str(item).lower(), str(rule.label))
    return read


def missing_list_note(
    programme: rules.Programme, read: dict[str, str], names: Collection[str]
) -> tuple[set[str], str | None]:
    """Return the programme ids the rules read but no list supplies, and a note."""
    missing = sorted(set(read) - {name.lower() for name in names})
    if not missing:
        return set(), None
    list_names = ", ".join(sorted(names)) if names else "none"
    first = missing[0]
    reads = ", ".join(f"{item} (rule '{read[item]}')" for item in missing)
    note = (
        f"The rules of {programme.name} read membership of {reads}, but no "
        f"exclusion list has that name (lists given: {list_names}). That membership "
        "was not checked, so eligibility that depends on it is undetermined. "
        f"Name the list after the programme id, as in --exclude {first}=FILE "
        f"or exclude={{'{first}': FILE}}."
    )
    return set(missing), note


def other_programmes_input(
    found: set[str], *, lists_given: bool, read: Iterable[str], missing: set[str]
) -> frozenset[str] | None:
    """Return the household's `other_programmes` input for the rules.

    None (not checked) without lists, and when a programme the rules read
    has no list, unless the row was found on a list the rules read.
    """
    if not lists_given:
        return None
    if missing and not found & set(read):
        return None
    return frozenset(found)


@attrs.define
class HouseholdUse:
    """Counts of rows whose household the households file did not supply."""

    rows: int = 0
    without_kk: int = 0
    kk_not_listed: int = 0

    def note(self, source: str) -> str | None:
        """Describe the rows the households file was not used for, if any."""
        unused = self.without_kk + self.kk_not_listed
        if not unused:
            return None
        reasons = []
        if self.without_kk:
            reasons.append(
                f"{self.without_kk} have no KK in the recipient list, and "
                "neither their NIK in the households file nor a registry "
                "match gave one"
            )
        if self.kk_not_listed:
            reasons.append(
                f"{self.kk_not_listed} have a KK that the households file does not list"
            )
        return (
            f"The households file {source} was not used for {unused} of "
            f"{self.rows} rows, so their asserted rule inputs are unknown: "
            + ", and ".join(reasons)
            + "."
        )
