"""The eligibility step of the audit: one decision per list row, and its issues."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence

import attrs

import niklib
from niklib import rules
from niklib.audit.eligibility import (
    HouseholdInputs,
    KKSource,
    PersonFacts,
    build_household,
    find_kk,
    person_facts,
)
from niklib.audit.eligibility_notes import (
    HouseholdUse,
    carried_forward_note,
    evaluation_context,
    missing_list_note,
    other_programmes_input,
    programmes_read,
)
from niklib.audit.issues import Code, Issue
from niklib.audit.readers import InputRow, InputTable
from niklib.rules.reasons import failed_reasons, unknown_reasons

__all__ = [
    "RegistryFacts",
    "RowDecisions",
    "decide_rows",
    "decision_issues",
    "members_by_kk",
    "registry_members_of",
]

logger = logging.getLogger("niklib.audit")


@attrs.frozen
class RegistryFacts:
    """The facts the registry match gives the eligibility step.

    `members` lists the valid member NIKs per KK, `facts` the birth date
    and sex of those members per KK, and `matched_facts` and `matched_kk`
    the birth date and sex and the KK of each row's matched record.
    """

    members: Mapping[str, list[str]]
    facts: Mapping[str, Mapping[str, PersonFacts]]
    matched_facts: Sequence[PersonFacts | None]
    matched_kk: Sequence[str]


@attrs.frozen
class RowDecisions:
    """The decision and eligibility issues of every row, and notes for the audit."""

    decisions: list[rules.Decision | None]
    issues: list[list[Issue]]
    notes: list[str]


def decide_rows(
    rows: Sequence[InputRow],
    valid_niks: Sequence[str | None],
    *,
    programme: rules.Programme,
    as_of: datetime.date,
    inputs: HouseholdInputs | None,
    registry: RegistryFacts,
    other: Sequence[set[str]],
    list_names: Collection[str] | None,
    province: str | None,
) -> RowDecisions:
    """Build each row's household and evaluate it; blank rows get no decision.

    `other` contains the programme names whose lists each row was found on,
    and `list_names` the names of every list given (None if none was).
    """
    notes: list[str] = []
    if inputs is not None:
        notes.extend(filter(None, [inputs.repeated_note(), inputs.invalid_note()]))
    context = evaluation_context(programme, as_of)
    read = programmes_read(context) if context is not None else {}
    missing, missing_note = missing_list_note(programme, read, list_names or ())
    if context is not None:
        notes.extend(
            note for note in (carried_forward_note(context), missing_note) if note
        )
    facts, known = _row_facts(rows, valid_niks, registry.matched_facts, as_of)
    households = [
        ("", KKSource.NONE)
        if row.is_blank
        else find_kk(
            row,
            valid_niks[position],
            as_of=as_of,
            inputs=inputs,
            matched_kk=registry.matched_kk[position],
        )
        for position, row in enumerate(rows)
    ]
    other_by_kk = _programmes_by_kk(households, other)

    use = HouseholdUse()
    decisions: list[rules.Decision | None] = []
    issues: list[list[Issue]] = []
    failures: list[str] = []
    for position, row in enumerate(rows):
        if row.is_blank:
            decisions.append(None)
            issues.append([])
            continue
        kk, kk_source = households[position]
        if inputs is not None:
            use.rows += 1
            use.without_kk += kk_source is KKSource.NONE
            use.kk_not_listed += bool(kk) and kk not in inputs.by_kk
        decision = None
        try:
            household = build_household(
                row,
                birth_date=facts[position].birth_date,
                sex=facts[position].sex,
                as_of=as_of,
                inputs=inputs,
                registry_members=registry_members_of(registry.members, kk, kk_source),
                other_programmes=other_programmes_input(
                    other_by_kk[kk] if kk else other[position],
                    lists_given=list_names is not None,
                    read=read,
                    missing=missing,
                ),
                province=province,
                kk=kk,
                known=known,
                registry_facts=registry.facts.get(kk),
            )
        except ValueError as error:
            # rules.Household rejects a person listed twice; its message
            # masks the NIK.
            failures.append(str(error))
        else:
            decision = _evaluate(programme, household, as_of, failures)
        decisions.append(decision)
        issues.append(decision_issues(decision, failures))

    if failures:
        logger.warning(
            "eligibility not evaluated for %d rows: %s", len(failures), failures[0]
        )
    if inputs is not None and (households_note := use.note(inputs.source)):
        notes.append(households_note)
    return RowDecisions(decisions, issues, notes)


def _row_facts(
    rows: Sequence[InputRow],
    valid_niks: Sequence[str | None],
    matched_facts: Sequence[PersonFacts | None],
    as_of: datetime.date,
) -> tuple[list[PersonFacts], dict[str, PersonFacts]]:
    """Return each row's birth date and sex, and those of each valid NIK.

    The matched registry record's values win where valid, else the row's.
    """
    facts = [
        PersonFacts() if row.is_blank else person_facts(row.values, as_of)
        for row in rows
    ]
    facts = [
        own if record is None else record.over(own)
        for own, record in zip(facts, matched_facts, strict=True)
    ]
    known: dict[str, PersonFacts] = {}
    for nik, record in zip(valid_niks, facts, strict=True):
        if nik:
            known.setdefault(nik, record)
    return facts, known


def _programmes_by_kk(
    households: Sequence[tuple[str, KKSource]], other: Sequence[set[str]]
) -> dict[str, set[str]]:
    """Pool the programmes found on the rows of each household, by KK.

    A programme found on any row of a household counts for all its rows:
    a list may name the household twice, and another programme's list is
    matched one to one, so only one of the copies finds it there.
    """
    by_kk: dict[str, set[str]] = {}
    for (kk, _), programmes in zip(households, other, strict=True):
        if kk:
            by_kk.setdefault(kk, set()).update(programmes)
    return by_kk


def _evaluate(
    programme: rules.Programme,
    household: rules.Household,
    as_of: datetime.date,
    failures: list[str],
) -> rules.Decision | None:
    """Evaluate one household, or record in `failures` why that failed."""
    try:
        return programme.evaluate(household, as_of=as_of, gap="carry_forward")
    except rules.RulesError as error:
        failures.append(str(error))
        return None


def members_by_kk(table: InputTable, as_of: datetime.date) -> dict[str, list[str]]:
    """Return the valid member NIKs of a registry table per KK number."""
    members: dict[str, list[str]] = defaultdict(list)
    for row in table.rows:
        kk, nik = row.values.get("kk", ""), row.values.get("nik", "")
        if kk and niklib.is_valid(nik, as_of=as_of):
            valid_kk = niklib.kk.is_valid(kk, as_of=as_of)
            members[niklib.kk.compact(kk) if valid_kk else kk].append(
                niklib.compact(nik)
            )
    return dict(members)


def registry_members_of(
    registry_kk: Mapping[str, list[str]], kk: str, source: KKSource
) -> Sequence[str]:
    """Return the registry members of the household with KK `kk`."""
    # NOTE: `niklib.dask.audit` gathers the registry members of the KKs in
    # the recipient list only. A KK found through the households file or a
    # registry match therefore takes no registry members on either path, so
    # both give equal results.
    return registry_kk.get(kk, ()) if source is KKSource.LIST else ()


def decision_issues(
    decision: rules.Decision | None, failures: Sequence[str]
) -> list[Issue]:
    """Return the eligibility issue of a row, if any."""
    if decision is None:
        reason = failures[-1] if failures else "the programme could not be evaluated"
        return [Issue(Code.ELIGIBILITY_UNKNOWN, f"eligibility not evaluated: {reason}")]
    if decision.eligible:
        return []
    explanation = decision.explain()
    if decision.eligible is None:
        unknown = "; ".join(str(reason) for reason in unknown_reasons(explanation))
        message = f"eligibility undetermined: {unknown or 'see decisions.csv'}"
        return [Issue(Code.ELIGIBILITY_UNKNOWN, message)]
    reasons = "; ".join(str(reason) for reason in failed_reasons(explanation))
    message = f"not eligible: {reasons or 'see decisions.csv'}"
    return [Issue(Code.NOT_ELIGIBLE, message)]
