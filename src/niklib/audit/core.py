"""The audit job: check a recipient list row by row against a registry,
other programmes' lists and a programme's eligibility rules."""

from __future__ import annotations

import datetime
import logging
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, Union

import attrs

import niklib
from niklib import regions, rules
from niklib._structure import resolve_as_of
from niklib.audit.decisions import RegistryFacts, decide_rows, members_by_kk
from niklib.audit.duplicates import find_duplicates
from niklib.audit.eligibility import (
    HouseholdInputs,
    PersonFacts,
    kk_of_matches,
    person_facts,
    regency_code_of,
    registry_facts_by_kk,
)
from niklib.audit.identity import IdentityResult, check_identity
from niklib.audit.issues import Code, Issue
from niklib.audit.matching import (
    Reference,
    match_rows,
    registry_issues,
    registry_note,
)
from niklib.audit.readers import InputRow, InputTable, read_records, read_table
from niklib.audit.result import (
    AuditResult,
    MatchResult,
    RowResult,
    household_numbers,
    summarise_regencies,
)
from niklib.linkage import Model

__all__ = ["ListLoader", "Settings", "Source", "audit", "audit_table"]

logger = logging.getLogger("niklib.audit")
# The `extra` attribute of log records that repeat a note of the result.
NOTE_MARK = "niklib_audit_note"

#: A list given as a file path, a pandas DataFrame or an iterable of mappings.
Source = Union[str, "os.PathLike[str]", Iterable[Mapping[str, object]], Any]
Progress = Callable[[str], None]

NOTICE = (
    "Eligibility decisions are a model of the regulation built from public "
    "sources, not an official determination."
)


def _load(
    source: Source,
    columns: Mapping[str, str] | None,
    required: Sequence[str],
    name: str,
    sheet: str | None = None,
) -> InputTable:
    if isinstance(source, (str, os.PathLike)):
        return read_table(source, columns=columns, required=required, sheet=sheet)
    to_dict = getattr(source, "to_dict", None)
    if callable(to_dict):  # a pandas DataFrame
        records = to_dict("records")
        headers = [str(column) for column in getattr(source, "columns", ())]
        return read_records(
            records, columns=columns, required=required, source=name, headers=headers
        )
    return read_records(source, columns=columns, required=required, source=name)


@attrs.frozen
class Settings:
    """An audit's checked settings, shared by `audit` and `niklib.dask.audit`."""

    as_of: datetime.date
    province: str | None
    programme: rules.Programme
    model: Model
    threshold: float
    allocation: Mapping[str, int] | None
    households: HouseholdInputs | None
    report: Progress

    @classmethod
    def check(
        cls,
        *,
        exclude: object,
        households: str | os.PathLike[str] | None,
        programme: str | os.PathLike[str],
        as_of: datetime.date | None,
        province: str | None,
        model: Model | None,
        threshold: float,
        allocation: Mapping[str, int] | None,
        progress: Progress | None,
    ) -> Settings:
        """Check the arguments; raise TypeError or ValueError naming the field."""
        reference_date = resolve_as_of(as_of)
        checked_province = _check_province(province)
        if exclude is not None and not isinstance(exclude, Mapping):
            raise TypeError(
                "exclude must map programme ids to lists, such as "
                f"{{'pkh': 'pkh.csv'}}, not {type(exclude).__name__}"
            )
        return cls(
            as_of=reference_date,
            province=checked_province,
            programme=rules.load(os.fspath(programme)),
            model=model or Model.default(),
            threshold=threshold,
            allocation=allocation,
            # Read before the long steps, so that a bad cell stops the audit early.
            households=(
                HouseholdInputs.read(households) if households is not None else None
            ),
            report=progress or (lambda message: None),
        )


#: Reads another list for matching. It gets the list's name and source, and
#: the recipient rows with their valid NIKs, so that a loader may gather
#: only the records those rows can match.
ListLoader = Callable[[str, Any, Sequence[InputRow], Sequence[str | None]], Reference]


def audit(
    recipients: Source,
    *,
    registry: Source | None = None,
    exclude: Mapping[str, Source] | None = None,
    households: str | os.PathLike[str] | None = None,
    programme: str | os.PathLike[str] = "jamsosratu",
    as_of: datetime.date | None = None,
    columns: Mapping[str, str] | None = None,
    province: str | None = "36",
    model: Model | None = None,
    threshold: float = 0.9,
    allocation: Mapping[str, int] | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
) -> AuditResult:
    """Audit a recipient list and return one `RowResult` per input row, in input order.

    `exclude` maps programme ids (such as ``"pkh"``) to their lists; a row
    found there gets ``in_other_programme`` and the household's
    ``other_programmes`` input for the rules. `households` is a CSV of
    asserted rule inputs per member (see `niklib.audit.eligibility`).
    `programme` is a shipped programme name or a programme file path;
    `province` is the programme's province code (None for national
    programmes). `threshold` is the match probability above which linkage
    counts as a match. `columns` maps field names to headers of the
    recipient list only; the registry and other lists are mapped
    automatically. `sheet` names the sheet of an XLSX recipient list.
    """
    settings = Settings.check(
        exclude=exclude,
        households=households,
        programme=programme,
        as_of=as_of,
        province=province,
        model=model,
        threshold=threshold,
        allocation=allocation,
        progress=progress,
    )
    table = _load(recipients, columns, ("nik", "name"), "recipients", sheet)

    def load_list(
        name: str, source: Any, rows: Sequence[InputRow], niks: Sequence[str | None]
    ) -> Reference:
        whole = _load(source, None, ("nik", "name"), name)
        return Reference.build(whole, as_of=settings.as_of)

    return audit_table(
        table,
        registry=registry,
        exclude=exclude,
        settings=settings,
        load_list=load_list,
    )


def audit_table(
    table: InputTable,
    *,
    registry: object | None,
    exclude: Mapping[str, object] | None,
    settings: Settings,
    load_list: ListLoader,
) -> AuditResult:
    """Audit a list already read; `load_list` reads the registry and other lists."""
    reference_date, province = settings.as_of, settings.province
    model, threshold, report = settings.model, settings.threshold, settings.report
    programme_rules = settings.programme
    rows = table.rows
    logger.info("auditing %d rows of %s", len(rows), table.source)

    report("checking NIKs")
    identities = [
        check_identity(r, as_of=reference_date, province=province) for r in rows
    ]
    valid_niks = [i.valid_nik for i in identities]
    issues: list[list[Issue]] = [list(i.issues) for i in identities]

    report("finding duplicates")
    duplicate_issues, groups = find_duplicates(
        rows, valid_niks, model=model, threshold=threshold
    )
    for position, found in enumerate(duplicate_issues):
        issues[position].extend(found)

    matches: list[MatchResult | None] = [None] * len(rows)
    registry_kk: dict[str, list[str]] = {}
    registry_facts: dict[str, dict[str, PersonFacts]] = {}
    matched_facts: list[PersonFacts | None] = [None] * len(rows)
    matched_kk = [""] * len(rows)
    notes = [NOTICE]
    if registry is not None:
        report("matching the registry")
        reference = load_list("registry", registry, rows, valid_niks)
        for position, match in enumerate(
            match_rows(rows, valid_niks, reference, model=model, threshold=threshold)
        ):
            matches[position] = match
            if not rows[position].is_blank:
                issues[position].extend(registry_issues(match))
        registry_kk = members_by_kk(reference.table, reference_date)
        registry_facts = registry_facts_by_kk(reference.table, reference_date)
        matched_facts = _matched_facts(reference, matches)
        notes.extend(filter(None, [registry_note(reference, matches)]))
        matched_kk = kk_of_matches(
            reference.table,
            [None if m is None else m.registry_row for m in matches],
            reference_date,
        )

    other: list[set[str]] = [set() for _ in rows]
    for name, source in (exclude or {}).items():
        report(f"checking the {name} list")
        reference = load_list(name, source, rows, valid_niks)
        for position, match in enumerate(
            match_rows(rows, valid_niks, reference, model=model, threshold=threshold)
        ):
            if match is None:
                continue
            other[position].add(name.lower())
            how = "by NIK" if match.basis == "nik" else "by name, date and address"
            issues[position].append(
                Issue(
                    Code.IN_OTHER_PROGRAMME,
                    f"also on the {name} list, row {match.registry_row} ({how})",
                )
            )

    report("deciding eligibility")
    step = decide_rows(
        rows,
        valid_niks,
        programme=programme_rules,
        as_of=reference_date,
        inputs=settings.households,
        registry=RegistryFacts(registry_kk, registry_facts, matched_facts, matched_kk),
        other=other,
        list_names=None if exclude is None else list(exclude),
        province=province,
    )
    notes.extend(step.notes)
    results = [
        _row_result(
            row,
            identities[position],
            [*issues[position], *step.issues[position]],
            matches[position],
            step.decisions[position],
            groups[position],
            province,
        )
        for position, row in enumerate(rows)
    ]
    results = household_numbers(results)

    for warning in notes[1:]:
        # Marked, so that the command line, which prints the notes in its
        # summary, can leave them out of its warnings.
        logger.warning("%s", warning, extra={NOTE_MARK: True})
    allocation = settings.allocation
    if allocation is None:
        allocation, note = _allocation(programme_rules, reference_date)
        notes.extend([note] if note else [])
    logger.info("audit finished: %d rows", len(results))
    return AuditResult(
        source=table.source,
        programme=programme_rules.name,
        as_of=reference_date,
        rows=tuple(results),
        matches=tuple(m for m in matches if m is not None),
        regencies=summarise_regencies(results, allocation),
        notes=tuple(notes),
        data_info={"regions": regions.data_info().regulation},
        decisions=tuple(step.decisions),
    )


def _check_province(province: object) -> str | None:
    """Return a known 2-digit province code, or raise ValueError naming the field."""
    if province is None:
        return None
    text = str(province).strip() if isinstance(province, (str, int)) else ""
    region = regions.lookup(text) if text.isdigit() else None
    if region is None or region.level != regions.Level.PROVINCE:
        raise ValueError(
            f"province must be a 2-digit Kemendagri province code such as '36' "
            f"(Banten), or None for a national programme; got {province!r}"
        )
    return region.code


def _allocation(
    programme: rules.Programme, as_of: datetime.date
) -> tuple[dict[str, int], str | None]:
    """Return the regency allocation in force on `as_of`, else the latest before it."""
    current = programme.allocations_at(as_of)
    regencies = {code: a.households for code, a in current.items() if len(code) == 4}
    if regencies:
        return regencies, None
    earlier = [
        a for a in programme.allocations if len(a.region) == 4 and a.start <= as_of
    ]
    if not earlier:
        return {}, None
    latest = max(a.start for a in earlier)
    chosen = {a.region: a.households for a in earlier if a.start == latest}
    return chosen, (
        f"No regency allocation of {programme.name} covers {as_of.isoformat()}; "
        f"the counts are compared with the {latest.year} allocation, the latest known."
    )


def _matched_facts(
    reference: Reference, matches: Sequence[MatchResult | None]
) -> list[PersonFacts | None]:
    """Return the birth date and sex of each row's matched registry record."""
    by_number = {row.row_number: row for row in reference.table.rows}
    return [
        None
        if match is None
        else person_facts(by_number[match.registry_row].values, reference.as_of)
        for match in matches
    ]


def _row_result(
    row: Any,
    identity: IdentityResult,
    issues: list[Issue],
    match: MatchResult | None,
    decision: rules.Decision | None,
    group: int | None,
    province: str | None,
) -> RowResult:
    regency = regency_code_of(row, province)
    if regency is None and identity.nik.regency is not None:
        regency = identity.nik.regency.code
    return RowResult(
        row_number=row.row_number,
        nik_masked=niklib.mask(row.values.get("nik", "")),
        name=row.values.get("name", ""),
        regency_code=regency,
        issues=tuple(issues),
        match=match,
        decision_status=decision.status if decision is not None else None,
        # An undetermined decision has no amount: its 0 would read as "none".
        amount=decision.amount
        if decision is not None and decision.eligible is not None
        else None,
        version=decision.version if decision is not None else None,
        duplicate_group=group,
        household=decision.household.id if decision is not None else None,
    )
