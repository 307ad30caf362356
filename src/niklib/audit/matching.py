"""Matching list rows to a registry and to other programmes' lists.

A row is matched by its NIK where the NIK is valid and present in the
other list; rows left over (no NIK, invalid NIK, NIK not found) are
linked by name, birth date, sex and address with `niklib.linkage`.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

import niklib
from niklib.audit.issues import Code, Issue
from niklib.audit.readers import InputRow, InputTable
from niklib.audit.result import MatchResult
from niklib.linkage import Model, Score, link

__all__ = ["Reference", "match_rows", "records_of"]

# Comparison levels that count as "the same" when reporting differences
# between a row and its registry record.
_SAME_LEVELS = {
    "name": {"exact", "token_set", "subset", "both_missing", "one_missing"},
    "birth_date": {"exact", "both_missing", "one_missing"},
    "sex": {"agree", "both_missing", "one_missing"},
    "address": {"exact", "fuzzy_high", "both_missing", "one_missing"},
}
_DIFFERENCE_CODES = {
    "name": Code.REGISTRY_NAME_DIFFERS,
    "birth_date": Code.REGISTRY_DATE_DIFFERS,
    "sex": Code.REGISTRY_SEX_DIFFERS,
    "address": Code.REGISTRY_ADDRESS_DIFFERS,
}
_FIELD_NAMES = {
    "name": "name",
    "birth_date": "birth date",
    "sex": "sex",
    "address": "address",
}


def records_of(rows: Sequence[InputRow]) -> list[dict[str, object]]:
    """Return linkage records (standard keys) for input rows, ids = positions."""
    records: list[dict[str, object]] = []
    for position, row in enumerate(rows):
        values = row.values
        address = " ".join(
            part
            for part in (values.get("address", ""), values.get("village", ""))
            if part
        )
        records.append(
            {
                "id": position,
                "nik": values.get("nik") or None,
                "name": values.get("name") or None,
                "birth_date": values.get("birth_date") or None,
                "sex": values.get("sex") or None,
                "address": address or None,
                "region": values.get("district") or None,
            }
        )
    return records


@attrs.define
class Reference:
    """Another list prepared for matching: its records and a NIK index."""

    table: InputTable
    records: list[dict[str, object]]
    by_nik: dict[str, list[int]]

    @classmethod
    def build(cls, table: InputTable) -> Reference:
        """Prepare a list: linkage records and an index of its valid NIKs."""
        records = records_of(table.rows)
        by_nik: dict[str, list[int]] = {}
        for position, row in enumerate(table.rows):
            text = row.values.get("nik", "")
            if niklib.is_valid(text):
                by_nik.setdefault(niklib.compact(text), []).append(position)
        return cls(table, records, by_nik)


def match_rows(
    rows: Sequence[InputRow],
    valid_niks: Sequence[str | None],
    reference: Reference,
    *,
    model: Model,
    threshold: float,
) -> list[tuple[MatchResult | None, Score | None]]:
    """Match every row to at most one reference record, by NIK first, then by linkage.

    Returns one entry per row, in order: the match (None when nothing
    matched) and its score.
    """
    records = records_of(rows)
    results: list[tuple[MatchResult | None, Score | None]] = [(None, None)] * len(rows)
    unmatched: list[int] = []
    for position, nik in enumerate(valid_niks):
        candidates = reference.by_nik.get(nik, []) if nik else []
        if not candidates:
            unmatched.append(position)
            continue
        scored = [
            (model.score(records[position], reference.records[c]), c)
            for c in candidates
        ]
        score, best = max(scored, key=lambda item: item[0].weight)
        results[position] = (
            _match(rows[position], reference, best, "nik", score),
            score,
        )

    if unmatched:
        linked = link(
            [records[p] for p in unmatched],
            reference.records,
            model=model,
            threshold=threshold,
            one_to_one=True,
        )
        for pair in linked.pairs:
            position = unmatched[pair.left_index]
            score = model.score(records[position], reference.records[pair.right_index])
            match = _match(
                rows[position], reference, pair.right_index, "linkage", score
            )
            results[position] = (match, score)
    return results


def _match(
    row: InputRow, reference: Reference, index: int, basis: str, score: Score
) -> MatchResult:
    other = reference.table.rows[index]
    differences = tuple(
        f"{_FIELD_NAMES[c.comparison]}: {c.label}"
        for c in score.contributions
        if c.comparison in _SAME_LEVELS and c.level not in _SAME_LEVELS[c.comparison]
    )
    return MatchResult(
        row_number=row.row_number,
        registry_row=other.row_number,
        basis=basis,
        probability=score.probability,
        weight=score.weight,
        registry_nik=niklib.compact(other.values["nik"])
        if niklib.is_valid(other.values.get("nik", ""))
        else "",
        registry_name=other.values.get("name", ""),
        differences=differences,
    )


def registry_issues(match: MatchResult | None, score: Score | None) -> list[Issue]:
    """Return the issues a registry match (or its absence) raises for a row."""
    if match is None or score is None:
        return [
            Issue(
                Code.NOT_IN_REGISTRY,
                "no registry record has this NIK or a matching name, birth date "
                "and address; check the NIK against the KK",
            )
        ]
    issues: list[Issue] = []
    if match.basis == "linkage":
        shown = (
            niklib.mask(match.registry_nik) if match.registry_nik else "no valid NIK"
        )
        issues.append(
            Issue(
                Code.REGISTRY_LINKED,
                f"matched to registry row {match.registry_row} by name, date and "
                f"address (probability {match.probability:.3f}); the registry NIK is "
                f"{shown}, see matches.csv",
            )
        )
    for contribution in score.contributions:
        same = _SAME_LEVELS.get(contribution.comparison)
        if same is None or contribution.level in same:
            continue
        field = _FIELD_NAMES[contribution.comparison]
        issues.append(
            Issue(
                _DIFFERENCE_CODES[contribution.comparison],
                f"registry {field} differs ({contribution.label})",
            )
        )
    return issues
