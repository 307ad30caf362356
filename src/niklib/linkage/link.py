"""Linking two lists and deduplicating one: candidate pairs, scores, clusters.

`link` and `dedupe` block, compare and score every candidate pair at once,
then keep the pairs whose match probability reaches the threshold,
optionally one-to-one. Clusters are the connected components of the kept
pairs; every input record belongs to exactly one cluster.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Mapping, Sequence

import attrs
import numpy as np
import numpy.typing as npt

from niklib.linkage.blocking import (
    DEFAULT_RULES,
    BlockingRule,
    CandidatePairs,
    candidate_pairs,
)
from niklib.linkage.crosscheck import pair_notes
from niklib.linkage.evaluation import metrics, pair_key, pairs_from_labels
from niklib.linkage.model import Model, TermFrequencies
from niklib.linkage.records import ColumnMap
from niklib.linkage.score import Score, build_score, probability
from niklib.linkage.table import Table, prepare

__all__ = ["LinkResult", "Pair", "dedupe", "link", "pairs_from_labels"]

Records = Iterable[Mapping[str, object]]

logger = logging.getLogger("niklib.linkage")


@attrs.frozen
class Pair:
    """A kept pair: record ids and positions on each side, weight and probability."""

    left_id: object
    right_id: object
    left_index: int
    right_index: int
    weight: float
    probability: float
    rule: str


@attrs.frozen(eq=False)
class LinkResult:
    """Every candidate pair with its score, the kept pairs and the clusters.

    Arrays have one entry per candidate pair: `weights`, `probabilities`,
    `levels` (one column per comparison) and `kept`. `right` is None for a
    deduplication, where pairs and clusters refer to the one list.
    """

    model: Model
    left: Table
    right: Table | None
    candidates: CandidatePairs
    levels: npt.NDArray[np.int8]
    weights: npt.NDArray[np.float64]
    probabilities: npt.NDArray[np.float64]
    kept: npt.NDArray[np.bool_]
    prior: float
    threshold: float

    def __repr__(self) -> str:
        # The tables hold NIKs and names, so the repr shows counts only.
        side = "dedupe" if self.right is None else "link"
        return (
            f"LinkResult({side}: {len(self.candidates):,} candidate pairs, "
            f"{int(self.kept.sum()):,} kept at threshold {self.threshold})"
        )

    @property
    def pairs(self) -> tuple[Pair, ...]:
        """The kept pairs, highest weight first."""
        right = self.left if self.right is None else self.right
        rows = np.flatnonzero(self.kept)
        rows = rows[np.argsort(-self.weights[rows], kind="stable")]
        return tuple(
            Pair(
                left_id=self.left.ids[self.candidates.left[k]],
                right_id=right.ids[self.candidates.right[k]],
                left_index=int(self.candidates.left[k]),
                right_index=int(self.candidates.right[k]),
                weight=float(self.weights[k]),
                probability=float(self.probabilities[k]),
                rule=self.candidates.rules[self.candidates.rule[k]].label,
            )
            for k in rows
        )

    def cluster_ids(self) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp] | None]:
        """Return a cluster number per left record and per right record.

        The right array is None for a deduplication.

        Clusters are the connected components of the kept pairs, numbered
        from 0 in order of their first record.
        """
        n_left = len(self.left)
        offset = 0 if self.right is None else n_left
        size = n_left if self.right is None else n_left + len(self.right)
        parent = np.arange(size)

        def find(node: int) -> int:
            root = node
            while parent[root] != root:
                root = parent[root]
            while parent[node] != root:
                parent[node], node = root, parent[node]
            return root

        rows = np.flatnonzero(self.kept)
        for a, b in zip(
            self.candidates.left[rows],
            self.candidates.right[rows] + offset,
            strict=True,
        ):
            ra, rb = find(int(a)), find(int(b))
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
        roots = np.array([find(node) for node in range(size)])
        _, numbers = np.unique(roots, return_inverse=True)
        if self.right is None:
            return numbers, None
        return numbers[:n_left], numbers[n_left:]

    @property
    def clusters(self) -> tuple[tuple[object, ...], ...]:
        """Each cluster's members, singletons included.

        Members are record ids for a deduplication, and ``("left", id)`` or
        ``("right", id)`` tuples for a link.
        """
        left_ids, right_ids = self.cluster_ids()
        members: dict[int, list[object]] = {}
        if right_ids is None:
            for record_id, number in zip(self.left.ids, left_ids, strict=True):
                members.setdefault(int(number), []).append(record_id)
        else:
            assert self.right is not None
            for record_id, number in zip(self.left.ids, left_ids, strict=True):
                members.setdefault(int(number), []).append(("left", record_id))
            for record_id, number in zip(self.right.ids, right_ids, strict=True):
                members.setdefault(int(number), []).append(("right", record_id))
        return tuple(tuple(members[number]) for number in sorted(members))

    def score(self, candidate: int) -> Score:
        """Return the explained `Score` of one candidate pair (by position)."""
        right = self.left if self.right is None else self.right
        li, ri = (
            int(self.candidates.left[candidate]),
            int(self.candidates.right[candidate]),
        )
        notes = (
            pair_notes(self.left, li, right, ri) if "nik" in self.left.fields else ()
        )
        return build_score(
            self.model, self.left, right, li, ri, prior=self.prior, notes=notes
        )

    def true_pair_mask(
        self, true_pairs: Iterable[tuple[object, object]]
    ) -> npt.NDArray[np.bool_]:
        """Return which candidate pairs are in `true_pairs` (pairs of record ids)."""
        right = self.left if self.right is None else self.right
        expected_pairs = {pair_key(a, b, self.right is None) for a, b in true_pairs}
        return np.array(
            [
                pair_key(self.left.ids[a], right.ids[b], self.right is None)
                in expected_pairs
                for a, b in zip(
                    self.candidates.left, self.candidates.right, strict=True
                )
            ],
            dtype=bool,
        )

    def evaluate(self, true_pairs: Iterable[tuple[object, object]]) -> dict[str, float]:
        """Return pairs kept, precision, recall and F1 of the kept pairs."""
        truth = {pair_key(a, b, self.right is None) for a, b in true_pairs}
        is_true = self.true_pair_mask(truth)
        return metrics(
            int((is_true & self.kept).sum()), int(self.kept.sum()), len(truth)
        )

    def precision_recall(
        self,
        true_pairs: Iterable[tuple[object, object]],
        *,
        thresholds: Sequence[float] | None = None,
    ) -> list[dict[str, float]]:
        """Return precision, recall and F1 at each match-probability threshold.

        True pairs that no blocking rule generated count as missed at every
        threshold. One-to-one selection is not applied here.
        """
        truth = {pair_key(a, b, self.right is None) for a, b in true_pairs}
        is_true = self.true_pair_mask(truth)
        grid = (
            thresholds
            if thresholds is not None
            else (0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999)
        )
        rows = []
        for threshold in grid:
            kept = self.probabilities >= threshold
            row = metrics(int((is_true & kept).sum()), int(kept.sum()), len(truth))
            rows.append({"threshold": float(threshold), **row})
        return rows


def _one_to_one(
    li: npt.NDArray[np.intp],
    ri: npt.NDArray[np.intp],
    weights: npt.NDArray[np.float64],
    kept: npt.NDArray[np.bool_],
) -> npt.NDArray[np.bool_]:
    """Return the pairs kept by a greedy pass that uses each record at most once.

    Pairs are taken by descending weight. A pair is skipped when either of
    its records is already in a taken pair.
    """
    result = np.zeros_like(kept)
    used_left: set[int] = set()
    used_right: set[int] = set()
    rows = np.flatnonzero(kept)
    for k in rows[np.argsort(-weights[rows], kind="stable")]:
        a, b = int(li[k]), int(ri[k])
        if a not in used_left and b not in used_right:
            used_left.add(a)
            used_right.add(b)
            result[k] = True
    return result


def _data_term_frequencies(model: Model, tables: Sequence[Table]) -> Model:
    tables_by_name = dict(model.term_frequencies)
    for comparison in model.comparisons:
        if comparison.tf_levels and comparison.name not in tables_by_name:
            values = [
                v
                for t in tables
                for v in comparison.tf_population(t.columns[comparison.name])
            ]
            tables_by_name[comparison.name] = TermFrequencies.from_values(values)
    return attrs.evolve(model, term_frequencies=tables_by_name)


def _run(
    model: Model,
    left: Table,
    right: Table | None,
    *,
    rules: Sequence[BlockingRule],
    threshold: float,
    one_to_one: bool,
    prior: float,
    max_pairs: int,
) -> LinkResult:
    if not 0.0 <= threshold <= 1.0:
        raise ValueError(
            f"threshold is a match probability and must be in [0, 1], got {threshold!r}"
        )
    started = time.perf_counter()
    pairs = candidate_pairs(left, right, rules=rules, max_pairs=max_pairs)
    logger.info("blocking: %d candidate pairs from %d rules", len(pairs), len(rules))
    other = left if right is None else right
    levels, weights = model.match_weights(
        left, other, pairs.left, pairs.right, prior=prior
    )

    probabilities = probability(weights)
    kept = probabilities >= threshold
    if one_to_one:
        kept = _one_to_one(pairs.left, pairs.right, weights, kept)
    logger.info(
        "scored %d pairs, kept %d at threshold %s in %.2f s",
        len(pairs),
        int(kept.sum()),
        threshold,
        time.perf_counter() - started,
    )
    return LinkResult(
        model=model,
        left=left,
        right=right,
        candidates=pairs,
        levels=levels,
        weights=weights,
        probabilities=probabilities,
        kept=kept,
        prior=prior,
        threshold=threshold,
    )


def link(
    left: Records,
    right: Records,
    *,
    model: Model | None = None,
    columns: ColumnMap | None = None,
    right_columns: ColumnMap | None = None,
    rules: Sequence[BlockingRule] = DEFAULT_RULES,
    threshold: float = 0.5,
    one_to_one: bool = False,
    term_frequencies_from_data: bool = False,
    max_pairs: int = 50_000_000,
) -> LinkResult:
    """Link two lists of records and return every candidate pair's score.

    Pairs with match probability >= `threshold` are kept; with
    `one_to_one`, each record keeps at most its best pair. `columns` maps
    both lists' columns unless `right_columns` maps the right list's. Without a model
    prior the prior is one over the larger list. With
    `term_frequencies_from_data`, comparisons that have no frequency table
    in the model take one from both lists.
    """
    model = model or Model.default()
    fields = sorted(
        {f for rule in rules for f in rule.fields} | {"nik", "birth_date", "sex"}
    )
    left_table = prepare(
        left, model.comparisons, columns=columns, extra_fields=fields, name="left list"
    )
    right_columns = columns if right_columns is None else right_columns
    right_table = prepare(
        right,
        model.comparisons,
        columns=right_columns,
        extra_fields=fields,
        name="right list",
    )
    if term_frequencies_from_data:
        model = _data_term_frequencies(model, [left_table, right_table])
    prior = (
        model.prior
        if model.prior is not None
        else 1.0 / max(len(left_table), len(right_table), 2)
    )
    return _run(
        model,
        left_table,
        right_table,
        rules=rules,
        threshold=threshold,
        one_to_one=one_to_one,
        prior=prior,
        max_pairs=max_pairs,
    )


def dedupe(
    records: Records,
    *,
    model: Model | None = None,
    columns: ColumnMap | None = None,
    rules: Sequence[BlockingRule] = DEFAULT_RULES,
    threshold: float = 0.5,
    term_frequencies_from_data: bool = False,
    max_pairs: int = 50_000_000,
) -> LinkResult:
    """Find records of one list that are the same person; see `link` for options.

    Without a model prior the prior is one over the list size.
    """
    model = model or Model.default()
    fields = sorted(
        {f for rule in rules for f in rule.fields} | {"nik", "birth_date", "sex"}
    )
    table = prepare(
        records,
        model.comparisons,
        columns=columns,
        extra_fields=fields,
        name="list",
    )
    if term_frequencies_from_data:
        model = _data_term_frequencies(model, [table])
    prior = model.prior if model.prior is not None else 1.0 / max(len(table), 2)
    return _run(
        model,
        table,
        None,
        rules=rules,
        threshold=threshold,
        one_to_one=False,
        prior=prior,
        max_pairs=max_pairs,
    )
