"""The eligibility step of the audit: registry members by KK, and decision issues."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Mapping, Sequence

import niklib
from niklib import rules
from niklib.audit.eligibility import KKSource
from niklib.audit.issues import Code, Issue
from niklib.audit.readers import InputTable
from niklib.rules.reasons import failed_reasons, unknown_reasons

__all__ = ["decision_issues", "members_by_kk", "registry_members_of"]


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
