"""Evaluation against labels: true pairs, precision, recall and F1."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["metrics", "pair_key", "pairs_from_labels"]


def pair_key(a: object, b: object, unordered: bool) -> tuple[object, object]:
    """Return a pair of record ids, in a fixed order when `unordered` is true."""
    if unordered and repr(b) < repr(a):
        return b, a
    return a, b


def metrics(true_positives: int, kept: int, relevant: int) -> dict[str, float]:
    """Return pairs kept, true positives, precision, recall and F1."""
    precision = true_positives / kept if kept else 1.0
    recall = true_positives / relevant if relevant else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "pairs": float(kept),
        "true_positives": float(true_positives),
        "precision": precision,
        "recall": recall,
        "f1": f1,
    }


def pairs_from_labels(
    left_labels: Sequence[Any],
    right_labels: Sequence[Any] | None = None,
    *,
    left_ids: Sequence[Any] | None = None,
    right_ids: Sequence[Any] | None = None,
) -> set[tuple[Any, Any]]:
    """Return the true pairs implied by entity labels (one label per record).

    Records with equal labels are the same person. Ids default to positions.
    With `right_labels` None the pairs are within the one list.
    """
    left_ids = list(left_ids) if left_ids is not None else list(range(len(left_labels)))
    groups: dict[Any, list[Any]] = {}
    for record_id, label in zip(left_ids, left_labels, strict=True):
        groups.setdefault(label, []).append(record_id)
    pairs: set[tuple[Any, Any]] = set()
    if right_labels is None:
        for members in groups.values():
            pairs |= {
                pair_key(a, b, True)
                for i, a in enumerate(members)
                for b in members[i + 1 :]
            }
        return pairs
    right_ids = (
        list(right_ids) if right_ids is not None else list(range(len(right_labels)))
    )
    for record_id, label in zip(right_ids, right_labels, strict=True):
        pairs |= {(a, record_id) for a in groups.get(label, ())}
    return pairs
