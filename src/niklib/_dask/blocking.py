"""Blocking as one distributed join on every rule's keys, stacked.

Each row gets one key per rule, computed per partition with the rule's
own normalisers. The keys of all rules are stacked into one column,
prefixed with the rule's number, so a single hash join on that column
finds the candidate pairs of every rule at once.
"""

# mypy: disable-error-code="no-untyped-call,no-any-return"
# (dask ships no type hints, so its calls and results are untyped.)

from __future__ import annotations

from collections.abc import Sequence

import dask.dataframe as dd
import pandas as pd
from dask.base import compute

from niklib._dask._common import POSITION
from niklib._dask.records import partition_records
from niklib.linkage.blocking import BlockingRule
from niklib.linkage.records import ColumnMap
from niklib.linkage.table import prepare

__all__ = ["KEY", "LEFT", "RIGHT", "RULE", "candidate_pairs", "rule_keys"]

LEFT = "left_index"
RIGHT = "right_index"
RULE = "rule"
KEY = "_niklib_key"


def _keys_partition(
    frame: pd.DataFrame,
    rules: Sequence[BlockingRule],
    names: Sequence[str],
    columns: ColumnMap,
) -> pd.DataFrame:
    records = partition_records(frame, names)
    fields = sorted({f for rule in rules for f in rule.fields})
    table = prepare(records, (), columns=columns, extra_fields=fields)
    positions = frame[POSITION].tolist()
    found_positions: list[int] = []
    found_rules: list[int] = []
    found_keys: list[str] = []
    for number, rule in enumerate(rules):
        for position, key in zip(positions, rule.keys(table), strict=True):
            if key is None:
                continue
            found_positions.append(position)
            found_rules.append(number)
            # NOTE: keys are joined on their repr, which matches equality
            # for the str, int, date and tuple keys of the shipped
            # normalisers; a custom key function needs an equally exact repr.
            found_keys.append(f"{number}|{key!r}")
    return pd.DataFrame(
        {
            POSITION: pd.array(found_positions, dtype="int64"),
            RULE: pd.array(found_rules, dtype="int16"),
            KEY: pd.array(found_keys, dtype="string"),
        }
    )


def _keys_meta() -> pd.DataFrame:
    return pd.DataFrame(
        {
            POSITION: pd.Series([], dtype="int64"),
            RULE: pd.Series([], dtype="int16"),
            KEY: pd.Series([], dtype="string"),
        }
    )


def rule_keys(
    frame: dd.DataFrame,
    rules: Sequence[BlockingRule],
    names: Sequence[str],
    columns: ColumnMap,
) -> dd.DataFrame:
    """Return one row per record and rule that gives a key: position, rule, key."""
    return frame.map_partitions(
        _keys_partition, rules, list(names), dict(columns), meta=_keys_meta()
    )


def _pair_counts(
    left_keys: dd.DataFrame, right_keys: dd.DataFrame | None, count: int
) -> list[int]:
    """Return how many pairs each rule generates, from key counts alone."""
    left_counts = left_keys.groupby(KEY)[RULE].agg(["first", "size"])
    if right_keys is None:
        squares = left_counts["size"] * (left_counts["size"] - 1) // 2
        per_rule = squares.groupby(left_counts["first"]).sum()
    else:
        right_counts = right_keys.groupby(KEY)[RULE].size().to_frame("right")
        joined = left_counts.join(right_counts, how="inner")
        products = joined["size"] * joined["right"]
        per_rule = products.groupby(joined["first"]).sum()
    (totals,) = compute(per_rule)
    return [int(totals.get(number, 0)) for number in range(count)]


def candidate_pairs(
    left_keys: dd.DataFrame,
    right_keys: dd.DataFrame | None,
    rules: Sequence[BlockingRule],
    *,
    max_pairs: int,
) -> dd.DataFrame:
    """Return every pair a rule generates, with that rule's number.

    A pair that several rules generate appears once per rule; the caller
    keeps the first rule after grouping pairs by their left position.
    ``right_keys=None`` deduplicates: pairs have the smaller position on
    the left. Raises ValueError before joining when one rule would
    generate more than `max_pairs` pairs, as `niklib.linkage.link` does.
    """
    counts = _pair_counts(left_keys, right_keys, len(rules))
    for rule, pairs in zip(rules, counts, strict=True):
        if pairs > max_pairs:
            raise ValueError(
                f"blocking rule {rule.label!r} generates {pairs:,} pairs, more than "
                f"max_pairs={max_pairs:,}; use a stricter rule or raise max_pairs"
            )
    left = left_keys.rename(columns={POSITION: LEFT})
    other = left_keys if right_keys is None else right_keys
    right = other[[POSITION, KEY]].rename(columns={POSITION: RIGHT})
    joined = left.merge(right, on=KEY, how="inner", broadcast=False)
    if right_keys is None:
        joined = joined[joined[LEFT] < joined[RIGHT]]
    return joined[[LEFT, RIGHT, RULE]]


def first_rule(frame: pd.DataFrame) -> pd.DataFrame:
    """Keep one row per (left, right) pair: the one with the lowest rule number.

    The frame must hold every row of each left position it contains.
    """
    ordered = frame.sort_values(RULE, kind="stable")
    return ordered.drop_duplicates([LEFT, RIGHT], keep="first")
