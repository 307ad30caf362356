"""The eligibility step of the audit: one decision per list row, and its issues."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

import niklib
from niklib import rules
from niklib.audit.eligibility import HouseholdInputs, KKSource, build_household
from niklib.audit.identity import IdentityResult
from niklib.audit.issues import Code, Issue
from niklib.audit.readers import InputTable
from niklib.rules.reasons import failed_reasons, unknown_reasons

__all__ = ["decide", "decision_issues", "members_by_kk", "registry_members_of"]


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


def decide(
    programme: rules.Programme,
    row: Any,
    identity: IdentityResult,
    as_of: datetime.date,
    inputs: HouseholdInputs | None,
    registry_members: Sequence[str],
    other_programmes: frozenset[str] | None,
    kk: str,
    province: str | None,
    failures: list[str],
) -> rules.Decision | None:
    """Build the row's household and evaluate it, or record why that failed."""
    household = build_household(
        row,
        birth_date=identity.birth_date,
        sex=identity.sex,
        as_of=as_of,
        inputs=inputs,
        registry_members=registry_members,
        other_programmes=other_programmes,
        province=province,
        kk=kk,
    )
    try:
        return programme.evaluate(household, as_of=as_of, gap="carry_forward")
    except rules.RulesError as error:
        failures.append(str(error))
        return None


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
