"""Matching list rows to a registry and to other programmes' lists.

A row is matched by its NIK where the NIK is valid and present in the
other list. Rows left over (no NIK, invalid NIK, NIK not found) are
linked by name, birth date, sex and address with `niklib.linkage`.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence

import attrs
import numpy as np
import numpy.typing as npt

import niklib
from niklib.audit.issues import Code, Issue
from niklib.audit.readers import InputRow, InputTable
from niklib.audit.result import MatchResult
from niklib.exceptions import Reason
from niklib.linkage import DEFAULT_RULES, Model
from niklib.linkage.blocking import candidate_pairs
from niklib.linkage.score import probability
from niklib.linkage.table import Table, prepare

__all__ = [
    "BLOCKING_FIELDS",
    "Reference",
    "blocking_table",
    "match_rows",
    "record_of",
    "records_of",
    "registry_issues",
    "registry_note",
]

#: The standard fields that the default blocking rules read.
BLOCKING_FIELDS = tuple(sorted({f for rule in DEFAULT_RULES for f in rule.fields}))

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
# Plain words for the comparison levels whose labels name an algorithm and
# a threshold, for the officers who read findings and matches.
_PLAIN_LABELS = {
    ("name", "fuzzy_high"): "similar but not the same",
    ("name", "fuzzy_middle"): "somewhat similar",
    ("name", "fuzzy_low"): "slightly similar",
    ("address", "fuzzy_high"): "similar but not the same",
    ("address", "fuzzy_low"): "slightly similar",
}
_FIELD_NAMES = {
    "name": "name",
    "birth_date": "birth date",
    "sex": "sex",
    "address": "address",
}


def record_of(values: Mapping[str, str], identifier: int) -> dict[str, object]:
    """Return the linkage record (standard keys) of one row's values by field."""
    address = " ".join(
        part for part in (values.get("address", ""), values.get("village", "")) if part
    )
    return {
        "id": identifier,
        "nik": values.get("nik") or None,
        "name": values.get("name") or None,
        "birth_date": values.get("birth_date") or None,
        "sex": values.get("sex") or None,
        "address": address or None,
        "region": values.get("district") or None,
    }


def records_of(rows: Sequence[InputRow]) -> list[dict[str, object]]:
    """Return linkage records (standard keys) for input rows, ids = positions."""
    return [record_of(row.values, position) for position, row in enumerate(rows)]


@attrs.define
class Reference:
    """Another list prepared for matching: its records and a NIK index.

    `size` is the number of records in the whole list. It sets the prior
    match probability, and differs from ``len(records)`` when only the
    records a recipient list can match were gathered from a larger list
    (as `niklib.dask.audit` does).
    """

    table: InputTable
    records: list[dict[str, object]]
    by_nik: dict[str, list[int]]
    as_of: datetime.date
    size: int
    _blocking: Table | None = None

    def blocking_table(self) -> Table:
        """Return the records prepared for blocking only (no comparison columns)."""
        if self._blocking is None:
            self._blocking = blocking_table(self.records)
        return self._blocking

    @classmethod
    def build(
        cls, table: InputTable, *, as_of: datetime.date, size: int | None = None
    ) -> Reference:
        """Prepare a list: linkage records and an index of its valid NIKs.

        `size` defaults to the number of rows in `table`.
        """
        records = records_of(table.rows)
        by_nik: dict[str, list[int]] = {}
        for position, row in enumerate(table.rows):
            text = row.values.get("nik", "")
            if niklib.is_valid(text, as_of=as_of):
                by_nik.setdefault(niklib.compact(text), []).append(position)
        return cls(
            table, records, by_nik, as_of, len(records) if size is None else size
        )


def blocking_table(records: Sequence[dict[str, object]]) -> Table:
    """Prepare linkage records for the default blocking rules only."""
    return prepare(records, (), extra_fields=BLOCKING_FIELDS)


def _score_pairs(
    model: Model,
    left: Sequence[dict[str, object]],
    right: Sequence[dict[str, object]],
    li: npt.NDArray[np.intp],
    ri: npt.NDArray[np.intp],
    prior: float,
) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.float64]]:
    """Return comparison levels and match weights of the pairs ``(li[k], ri[k])``.

    Only the records that appear in a pair are prepared for comparison,
    which keeps a million-record registry cheap when few of its records
    are candidates.
    """
    left_used, li_local = np.unique(li, return_inverse=True)
    right_used, ri_local = np.unique(ri, return_inverse=True)
    left_table = prepare([left[i] for i in left_used], model.comparisons)
    right_table = prepare([right[j] for j in right_used], model.comparisons)
    return model.match_weights(left_table, right_table, li_local, ri_local, prior=prior)


def _best_pairs(
    li: npt.NDArray[np.intp],
    ri: npt.NDArray[np.intp],
    weights: npt.NDArray[np.float64],
    keep: npt.NDArray[np.bool_],
    *,
    one_to_one: bool,
) -> dict[int, int]:
    """Return the best kept pair index per left record (greedy by weight)."""
    best: dict[int, int] = {}
    used_right: set[int] = set()
    rows = np.flatnonzero(keep)
    for k in rows[np.argsort(-weights[rows], kind="stable")]:
        a, b = int(li[k]), int(ri[k])
        if a in best or (one_to_one and b in used_right):
            continue
        best[a] = int(k)
        used_right.add(b)
    return best


def match_rows(
    rows: Sequence[InputRow],
    valid_niks: Sequence[str | None],
    reference: Reference,
    *,
    model: Model,
    threshold: float,
) -> list[MatchResult | None]:
    """Match every row to at most one reference record, by NIK first, then by linkage.

    Returns one entry per row, in order, None where nothing matched. A NIK
    match is kept whatever its score, because the differences it shows
    are findings. A linkage match needs `threshold` probability, and each
    reference record is linked to at most one row.
    """
    records = records_of(rows)
    prior = model.prior or 1.0 / max(len(rows), reference.size, 2)
    results: list[MatchResult | None] = [None] * len(rows)

    pairs = [
        (position, candidate)
        for position, nik in enumerate(valid_niks)
        if nik
        for candidate in reference.by_nik.get(nik, ())
    ]
    matched: set[int] = set()
    if pairs:
        li = np.array([a for a, _ in pairs], dtype=np.intp)
        ri = np.array([b for _, b in pairs], dtype=np.intp)
        levels, weights = _score_pairs(model, records, reference.records, li, ri, prior)
        keep = np.ones(len(li), dtype=np.bool_)
        for position, k in _best_pairs(li, ri, weights, keep, one_to_one=False).items():
            results[position] = _match(
                rows[position],
                reference,
                int(ri[k]),
                "nik",
                model,
                levels[k],
                weights[k],
            )
            matched.add(position)

    unmatched = [
        p for p in range(len(rows)) if p not in matched and not rows[p].is_blank
    ]
    if unmatched:
        left_table = blocking_table([records[p] for p in unmatched])
        right_table = reference.blocking_table()
        candidates = candidate_pairs(left_table, right_table, rules=DEFAULT_RULES)
        if len(candidates):
            li = np.array([unmatched[i] for i in candidates.left], dtype=np.intp)
            ri = candidates.right.astype(np.intp)
            levels, weights = _score_pairs(
                model, records, reference.records, li, ri, prior
            )
            keep = probability(weights) >= threshold
            for position, k in _best_pairs(
                li, ri, weights, keep, one_to_one=True
            ).items():
                results[position] = _match(
                    rows[position],
                    reference,
                    int(ri[k]),
                    "linkage",
                    model,
                    levels[k],
                    weights[k],
                )
    return results


def _match(
    row: InputRow,
    reference: Reference,
    index: int,
    basis: str,
    model: Model,
    levels: npt.NDArray[np.int8],
    weight: float,
) -> MatchResult:
    other = reference.table.rows[index]
    differing: list[tuple[str, str]] = []
    for comparison, level in zip(model.comparisons, levels, strict=True):
        same = _SAME_LEVELS.get(comparison.name)
        key = comparison.levels[int(level)].key
        if same is not None and key not in same:
            label = _PLAIN_LABELS.get(
                (comparison.name, key), comparison.levels[int(level)].label
            )
            differing.append((comparison.name, label))
    nik = other.values.get("nik", "")
    return MatchResult(
        row_number=row.row_number,
        registry_row=other.row_number,
        basis=basis,
        probability=float(probability(np.array([weight]))[0]),
        weight=float(weight),
        registry_nik=niklib.compact(nik)
        if niklib.is_valid(nik, as_of=reference.as_of)
        else "",
        registry_name=other.values.get("name", ""),
        differences=tuple(
            f"{_FIELD_NAMES[name]}: {label}" for name, label in differing
        ),
        differing_fields=tuple(name for name, _ in differing),
    )


def registry_issues(match: MatchResult | None) -> list[Issue]:
    """Return the issues a registry match (or its absence) raises for a row."""
    if match is None:
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
    for field, difference in zip(
        match.differing_fields, match.differences, strict=True
    ):
        label = difference.split(": ", 1)[1]
        issues.append(
            Issue(
                _DIFFERENCE_CODES[field],
                f"registry {_FIELD_NAMES[field]} differs ({label})",
            )
        )
    return issues


def registry_note(
    reference: Reference, matches: Sequence[MatchResult | None]
) -> str | None:
    """Describe a registry that cannot serve the audit, if it cannot.

    Two cases: a registry without records, and one whose matched records
    mostly lack a valid NIK, as when its NIK column was read as numbers.
    Only matched records are examined, because `niklib.dask.audit` keeps
    no others, so both paths give the same note.
    """
    if reference.size == 0:
        return (
            "The registry has 0 records, so no row was matched to it and "
            "every row is reported as not_in_registry; check that the right "
            "file or sheet was given."
        )
    found = [match for match in matches if match is not None]
    invalid = [match for match in found if not match.registry_nik]
    if not found or len(invalid) * 2 <= len(found):
        return None
    by_number = {row.row_number: row for row in reference.table.rows}
    numbers = sum(_looks_numeric(by_number[match.registry_row]) for match in invalid)
    written = (
        f", and {numbers:,} of them are written as numbers (a '.0' tail or "
        "scientific notation)"
        if numbers
        else ""
    )
    return (
        f"{len(invalid):,} of the {len(found):,} registry records matched to rows "
        f"have no valid NIK{written}. The registry's NIK column seems damaged, "
        "so rows were matched by name, date and address only. Read the NIK "
        "column as text (in pandas, dtype=str) and run the audit again."
    )


def _looks_numeric(row: InputRow) -> bool:
    text = row.values.get("nik", "")
    if "nik" in row.numeric_cells:
        return True
    errors = niklib.check(text).errors if text else ()
    return bool(errors) and errors[0].reason is Reason.SPREADSHEET_DAMAGE
