"""Linking two Dask DataFrames and deduplicating one with `niklib.linkage` models.

Blocking runs as distributed joins on each rule's keys. Candidate pairs
are then joined to their records and scored per partition with the same
`Model`. Weights, probabilities and kept pairs equal those of
`niklib.linkage.link` and `dedupe` on the same records.
"""

# mypy: disable-error-code="no-untyped-call,no-any-return"
# (dask ships no type hints, so its calls and results are untyped.)

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

import attrs
import dask.dataframe as dd
import numpy as np
import pandas as pd
from dask.base import compute, persist

from niklib._dask._common import POSITION, as_frame, broadcast, with_positions
from niklib._dask.blocking import (
    LEFT,
    RIGHT,
    RULE,
    candidate_pairs,
    first_rule,
    rule_keys,
)
from niklib._dask.records import (
    linkage_fields,
    partition_ids,
    partition_records,
    source_columns,
)
from niklib._dask.result import DaskLinkResult
from niklib.linkage import DEFAULT_RULES, BlockingRule, Model, TermFrequencies
from niklib.linkage.records import ColumnMap
from niklib.linkage.score import probability
from niklib.linkage.table import prepare

__all__ = ["dedupe", "link"]

_LEFT_PREFIX = "left:"
_RIGHT_PREFIX = "right:"


@attrs.frozen
class _Side:
    frame: dd.DataFrame
    size: int
    names: tuple[str, ...]
    columns: ColumnMap


def _side(
    data: Any, name: str, columns: ColumnMap | None, fields: Sequence[str]
) -> _Side:
    frame = as_frame(data, name=name)
    mapping = dict(columns or {})
    # One record with every column checks the column map on the client,
    # with the errors `prepare` raises for an unknown field or column.
    prepare(
        [dict.fromkeys(frame.columns)],
        (),
        columns=mapping,
        extra_fields=fields,
        name=f"{name} frame",
    )
    names = source_columns(fields, mapping, frame.columns)
    # Persisted, the input is read once: counting rows, computing keys and
    # joining records to pairs then read the workers' memory, not the files.
    (selected,) = persist(frame[names])
    positioned, size = with_positions(selected)
    return _Side(positioned, size, tuple(names), mapping)


def _tf_partition(
    frame: pd.DataFrame, model: Model, names: Sequence[str], columns: ColumnMap
) -> pd.DataFrame:
    records = partition_records(frame, names)
    wanted = [
        c
        for c in model.comparisons
        if c.tf_levels and c.name not in model.term_frequencies
    ]
    table = prepare(records, wanted, columns=columns)
    rows: list[tuple[str, str, int]] = []
    for comparison in wanted:
        population = comparison.tf_population(table.columns[comparison.name])
        counts = Counter(str(value) for value in population if value is not None)
        rows.extend((comparison.name, value, n) for value, n in counts.items())
    return pd.DataFrame(rows, columns=["comparison", "value", "count"])


def _data_term_frequencies(model: Model, sides: Sequence[_Side]) -> Model:
    """Return `model` with frequency tables counted over every side's records."""
    meta = pd.DataFrame(
        {
            "comparison": pd.Series([], dtype=object),
            "value": pd.Series([], dtype=object),
            "count": pd.Series([], dtype="int64"),
        }
    )
    shipped = broadcast(model)
    parts = [
        side.frame.map_partitions(
            _tf_partition, shipped, list(side.names), side.columns, meta=meta
        )
        for side in sides
    ]
    totals = dd.concat(parts).groupby(["comparison", "value"])["count"].sum()
    (counted,) = compute(totals)
    tables: dict[str, TermFrequencies] = {}
    for comparison in model.comparisons:
        if not comparison.tf_levels or comparison.name in model.term_frequencies:
            continue
        counts: dict[str, int] = {}
        if comparison.name in counted.index.get_level_values(0):
            found = counted.xs(comparison.name, level=0)
            counts = {str(v): int(n) for v, n in found.items()}
        tables[comparison.name] = TermFrequencies(
            counts=counts, total=sum(counts.values())
        )
    return attrs.evolve(model, term_frequencies={**model.term_frequencies, **tables})


def _score_partition(
    frame: pd.DataFrame,
    model: Model,
    left: tuple[tuple[str, ...], ColumnMap],
    right: tuple[tuple[str, ...], ColumnMap],
    prior: float,
) -> pd.DataFrame:
    left_records = partition_records(frame, left[0], _LEFT_PREFIX)
    right_records = partition_records(frame, right[0], _RIGHT_PREFIX)
    # Prepared columns hold per-process string hashes, so both tables are
    # prepared here, in the process that compares them.
    left_table = prepare(left_records, model.comparisons, columns=left[1])
    right_table = prepare(right_records, model.comparisons, columns=right[1])
    rows = np.arange(len(frame), dtype=np.intp)
    levels, weights = model.match_weights(
        left_table, right_table, rows, rows, prior=prior
    )
    scored = {
        LEFT: frame[LEFT].to_numpy(),
        RIGHT: frame[RIGHT].to_numpy(),
        RULE: frame[RULE].to_numpy(),
        "left_id": partition_ids(left_records, frame[LEFT].tolist(), left[1]),
        "right_id": partition_ids(right_records, frame[RIGHT].tolist(), right[1]),
        "weight": weights,
        "probability": probability(weights),
    }
    for column, comparison in enumerate(model.comparisons):
        scored[f"level_{comparison.name}"] = levels[:, column]
    return pd.DataFrame(scored)


def _score_meta(model: Model) -> pd.DataFrame:
    columns: dict[str, pd.Series] = {
        LEFT: pd.Series([], dtype="int64"),
        RIGHT: pd.Series([], dtype="int64"),
        RULE: pd.Series([], dtype="int16"),
        "left_id": pd.Series([], dtype=object),
        "right_id": pd.Series([], dtype=object),
        "weight": pd.Series([], dtype="float64"),
        "probability": pd.Series([], dtype="float64"),
    }
    for comparison in model.comparisons:
        columns[f"level_{comparison.name}"] = pd.Series([], dtype="int8")
    return pd.DataFrame(columns)


def _with_records(pairs: dd.DataFrame, side: _Side, on: str, prefix: str) -> Any:
    fields = side.frame.rename(
        columns={name: prefix + name for name in side.frame.columns}
    )
    # A hash join, never a broadcast one, so all pairs of one position on
    # this side land in the same output partition.
    return pairs.merge(
        fields, left_on=on, right_on=prefix + POSITION, how="inner", broadcast=False
    )


def _score(
    pairs: dd.DataFrame, model: Model, left: _Side, right: _Side, prior: float
) -> dd.DataFrame:
    joined = _with_records(pairs, left, LEFT, _LEFT_PREFIX)
    joined = joined.map_partitions(first_rule, meta=joined._meta)
    joined = _with_records(joined, right, RIGHT, _RIGHT_PREFIX)
    return joined.map_partitions(
        _score_partition,
        broadcast(model),
        (left.names, left.columns),
        (right.names, right.columns),
        prior,
        meta=_score_meta(model),
    )


def _check_arguments(threshold: float, rules: Sequence[BlockingRule]) -> None:
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(
            f"threshold is a match probability and must be in [0, 1], got {threshold!r}"
        )
    if not rules:
        raise ValueError(
            "at least one blocking rule is needed; pass rules=DEFAULT_RULES or your own"
        )


def link(
    left: Any,
    right: Any,
    *,
    model: Model | None = None,
    columns: ColumnMap | None = None,
    right_columns: ColumnMap | None = None,
    rules: Sequence[BlockingRule] = DEFAULT_RULES,
    threshold: float = 0.5,
    one_to_one: bool = False,
    term_frequencies_from_data: bool = False,
    max_pairs: int = 50_000_000,
) -> DaskLinkResult:
    """Link two Dask (or pandas) DataFrames; options as in `niklib.linkage.link`.

    Runs blocking and scoring on the Dask scheduler in use and collects
    the kept pairs, which are few, on the client. The linkage columns of
    both frames are persisted (held in the workers' memory) while the
    result refers to them. The result's pairs and
    cluster numbers equal those of `niklib.linkage.link` on the rows as
    records (``frame.to_dict("records")``), positions counted over each
    whole frame.
    """
    _check_arguments(threshold, rules)
    model = model or Model.default()
    fields = linkage_fields(model, rules)
    left_side = _side(left, "left", columns, fields)
    right_map = columns if right_columns is None else right_columns
    right_side = _side(right, "right", right_map, fields)
    if term_frequencies_from_data:
        model = _data_term_frequencies(model, [left_side, right_side])
    prior = (
        model.prior
        if model.prior is not None
        else 1.0 / max(left_side.size, right_side.size, 2)
    )
    left_keys = rule_keys(left_side.frame, rules, left_side.names, left_side.columns)
    right_keys = rule_keys(
        right_side.frame, rules, right_side.names, right_side.columns
    )
    left_keys, right_keys = persist(left_keys, right_keys)
    pairs = candidate_pairs(left_keys, right_keys, rules, max_pairs=max_pairs)
    scored = _score(pairs, model, left_side, right_side, prior)
    return DaskLinkResult.collect(
        model=model,
        left=left_side.frame,
        right=right_side.frame,
        sizes=(left_side.size, right_side.size),
        candidates=scored,
        rules=tuple(rules),
        prior=prior,
        threshold=threshold,
        one_to_one=one_to_one,
    )


def dedupe(
    records: Any,
    *,
    model: Model | None = None,
    columns: ColumnMap | None = None,
    rules: Sequence[BlockingRule] = DEFAULT_RULES,
    threshold: float = 0.5,
    term_frequencies_from_data: bool = False,
    max_pairs: int = 50_000_000,
) -> DaskLinkResult:
    """Find rows of one Dask DataFrame that are the same person.

    Options and results are those of `niklib.linkage.dedupe`; clusters are
    the connected components of every kept pair, across all partitions.
    """
    _check_arguments(threshold, rules)
    model = model or Model.default()
    fields = linkage_fields(model, rules)
    side = _side(records, "records", columns, fields)
    if term_frequencies_from_data:
        model = _data_term_frequencies(model, [side])
    prior = model.prior if model.prior is not None else 1.0 / max(side.size, 2)
    (keys,) = persist(rule_keys(side.frame, rules, side.names, side.columns))
    pairs = candidate_pairs(keys, None, rules, max_pairs=max_pairs)
    scored = _score(pairs, model, side, side, prior)
    return DaskLinkResult.collect(
        model=model,
        left=side.frame,
        right=None,
        sizes=(side.size, None),
        candidates=scored,
        rules=tuple(rules),
        prior=prior,
        threshold=threshold,
        one_to_one=False,
    )
