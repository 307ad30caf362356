"""The result of a Dask link or deduplication: kept pairs and their clusters."""

# mypy: disable-error-code="no-untyped-call,no-any-return"
# (dask ships no type hints, so its calls and results are untyped.)

from __future__ import annotations

from collections.abc import Sequence

import attrs
import dask.dataframe as dd
import numpy as np
import numpy.typing as npt
import pandas as pd

from niklib._dask._common import POSITION, broadcast
from niklib._dask.blocking import LEFT, RIGHT, RULE
from niklib.linkage import BlockingRule, Model, Pair
from niklib.linkage.link import _one_to_one  # the greedy pass of link(), reused

__all__ = ["Components", "DaskLinkResult"]

IntArray = npt.NDArray[np.int64]


@attrs.frozen(eq=False)
class Components:
    """Connected components of the kept pairs, over global record positions.

    `nodes` are the positions that appear in a kept pair (sorted) and
    `roots` the smallest position of each one's component. `absorbed` are
    the sorted nodes that are not their own root. Positions in no kept
    pair are components of their own.
    """

    nodes: IntArray
    roots: IntArray
    absorbed: IntArray

    @classmethod
    def of_pairs(cls, a: IntArray, b: IntArray) -> Components:
        """Return the components of the graph whose edges are ``(a[k], b[k])``."""
        parent: dict[int, int] = {}

        def find(node: int) -> int:
            root = node
            while parent.get(root, root) != root:
                root = parent[root]
            while node != root:
                parent[node], node = root, parent.get(node, node)
            return root

        for x, y in zip(a.tolist(), b.tolist(), strict=True):
            root_x, root_y = find(x), find(y)
            if root_x != root_y:
                parent[max(root_x, root_y)] = min(root_x, root_y)
        nodes = np.unique(np.concatenate([a, b]).astype(np.int64))
        roots = np.array([find(int(n)) for n in nodes], dtype=np.int64)
        return cls(nodes, roots, nodes[roots != nodes])

    def numbers(self, positions: IntArray) -> IntArray:
        """Return the cluster number of each position, counted in order of roots.

        A component's number is the count of components whose root is a
        smaller position: its root minus the absorbed positions below it.
        """
        index = np.searchsorted(self.nodes, positions)
        clipped = np.minimum(index, max(len(self.nodes) - 1, 0))
        if len(self.nodes):
            hit = self.nodes[clipped] == positions
            roots = np.where(hit, self.roots[clipped], positions)
        else:
            roots = positions
        numbers: IntArray = roots - np.searchsorted(self.absorbed, roots, side="left")
        return numbers


def _numbers_partition(
    frame: pd.DataFrame, components: Components, offset: int
) -> pd.Series:
    positions = frame[POSITION].to_numpy(dtype=np.int64) + offset
    return pd.Series(components.numbers(positions), index=frame.index, name="cluster")


@attrs.frozen(eq=False)
class DaskLinkResult:
    """Kept pairs of a Dask link or deduplication, and their clusters.

    `kept` is a pandas DataFrame of the kept pairs, highest weight first,
    with positions (`left_index`, `right_index`), ids, the first blocking
    rule, weight, probability and one ``level_<comparison>`` column per
    comparison. `candidates` is the lazy Dask DataFrame of every scored
    candidate pair. `left` and `right` are the inputs' linkage columns
    with their positions; `right` is None for a deduplication.
    """

    model: Model
    left: dd.DataFrame
    right: dd.DataFrame | None
    sizes: tuple[int, int | None]
    candidates: dd.DataFrame
    kept: pd.DataFrame
    rule_labels: tuple[str, ...]
    prior: float
    threshold: float
    components: Components

    @classmethod
    def collect(
        cls,
        *,
        model: Model,
        left: dd.DataFrame,
        right: dd.DataFrame | None,
        sizes: tuple[int, int | None],
        candidates: dd.DataFrame,
        rules: Sequence[BlockingRule],
        prior: float,
        threshold: float,
        one_to_one: bool,
    ) -> DaskLinkResult:
        """Compute the kept pairs and their components, and build the result."""
        kept = candidates[candidates["probability"] >= threshold].compute()
        # Candidate order in niklib.linkage is by (left, right) position;
        # ties in weight keep that order in both selections below.
        kept = kept.sort_values([LEFT, RIGHT], kind="stable").reset_index(drop=True)
        if one_to_one:
            chosen = _one_to_one(
                kept[LEFT].to_numpy(),
                kept[RIGHT].to_numpy(),
                kept["weight"].to_numpy(),
                np.ones(len(kept), dtype=np.bool_),
            )
            kept = kept[chosen].reset_index(drop=True)
        order = np.argsort(-kept["weight"].to_numpy(), kind="stable")
        kept = kept.iloc[order].reset_index(drop=True)
        offset = 0 if right is None else sizes[0]
        components = Components.of_pairs(
            kept[LEFT].to_numpy(dtype=np.int64),
            kept[RIGHT].to_numpy(dtype=np.int64) + offset,
        )
        return cls(
            model=model,
            left=left,
            right=right,
            sizes=sizes,
            candidates=candidates,
            kept=kept,
            rule_labels=tuple(rule.label for rule in rules),
            prior=prior,
            threshold=threshold,
            components=components,
        )

    @property
    def pairs(self) -> tuple[Pair, ...]:
        """The kept pairs as `niklib.linkage.Pair` values, highest weight first."""
        return tuple(
            Pair(
                left_id=row["left_id"],
                right_id=row["right_id"],
                left_index=int(row[LEFT]),
                right_index=int(row[RIGHT]),
                weight=float(row["weight"]),
                probability=float(row["probability"]),
                rule=self.rule_labels[int(row[RULE])],
            )
            for row in self.kept.to_dict("records")
        )

    def cluster_ids(self) -> tuple[dd.Series, dd.Series | None]:
        """Return a lazy cluster number per left row and per right row.

        Numbers are those of `niklib.linkage.LinkResult.cluster_ids`: the
        connected components of the kept pairs, numbered from 0 in order of
        their first record, left rows before right rows. The right Series
        is None for a deduplication. Each Series keeps its input's index.
        """
        shipped = broadcast(self.components)
        meta = pd.Series([], dtype="int64", name="cluster")
        left = self.left.map_partitions(_numbers_partition, shipped, 0, meta=meta)
        if self.right is None:
            return left, None
        right = self.right.map_partitions(
            _numbers_partition, shipped, self.sizes[0], meta=meta
        )
        return left, right
