"""Comparisons: each field pair falls into one ordered, labelled comparison level.

Every comparison has the same first two levels, ``both missing`` and
``one side missing``, which carry weight 0 (a missing value is no evidence,
never a similarity of 0). The agreement levels follow from strictest to
loosest, and ``else`` comes last.

Comparisons are vectorised: `Comparison.prepare` turns one list of field
values into arrays once, and `Comparison.compare` assigns levels to many
candidate pairs at once with numpy and rapidfuzz's batch functions.
"""

from __future__ import annotations

import abc
from collections.abc import Sequence
from typing import Any

import attrs
import numpy as np
import numpy.typing as npt
from rapidfuzz import process

from niklib.linkage.records import normalize_sex

__all__ = [
    "BOTH_MISSING",
    "ONE_MISSING",
    "Comparison",
    "ExactComparison",
    "Level",
    "SexComparison",
    "token_ids",
    "token_overlap",
]

Index = npt.NDArray[np.intp]
Levels = npt.NDArray[np.int8]
Column = dict[str, Any]

BOTH_MISSING = 0
ONE_MISSING = 1


@attrs.frozen
class Level:
    """One comparison level: a short key for parameters and a human label."""

    key: str
    label: str

    @property
    def is_missing(self) -> bool:
        """True for the two missing-value levels, which carry weight 0."""
        return self.key in ("both_missing", "one_missing")


def _levels(*pairs: tuple[str, str]) -> tuple[Level, ...]:
    missing = (
        Level("both_missing", "both missing"),
        Level("one_missing", "one side missing"),
    )
    return missing + tuple(Level(key, label) for key, label in pairs)


class _Assigner:
    """Assigns levels in order: each pair keeps the first level it qualifies for."""

    def __init__(
        self,
        present_left: npt.NDArray[np.bool_],
        present_right: npt.NDArray[np.bool_],
        else_level: int,
    ) -> None:
        both = present_left & present_right
        self.levels: Levels = np.full(len(both), else_level, dtype=np.int8)
        self.levels[~present_left & ~present_right] = BOTH_MISSING
        self.levels[present_left ^ present_right] = ONE_MISSING
        self.open = both

    def assign(self, level: int, condition: npt.NDArray[np.bool_]) -> None:
        hit = self.open & condition
        self.levels[hit] = level
        self.open &= ~hit

    def assign_where(
        self, level: int, rows: Index, condition: npt.NDArray[np.bool_]
    ) -> None:
        """Assign `level` to the open pairs `rows` where `condition` holds."""
        hit = rows[condition & self.open[rows]]
        self.levels[hit] = level
        self.open[hit] = False


class Comparison(abc.ABC):
    """A field comparison with ordered, labelled levels.

    Subclasses set `name` (the comparison's name in parameters and
    explanations), `field` (the standard record key it reads) and `levels`.
    """

    name: str
    field: str
    levels: tuple[Level, ...]
    #: Level keys whose weight gets a term-frequency adjustment.
    tf_levels: frozenset[str] = frozenset()
    #: Constructor options saved with a model, besides `field` and `name`.
    options: tuple[str, ...] = ()

    def config(self) -> dict[str, Any]:
        """Return the constructor arguments that rebuild this comparison."""
        config: dict[str, Any] = {
            "type": type(self).__name__,
            "field": self.field,
            "name": self.name,
        }
        for option in self.options:
            value = getattr(self, option)
            config[option] = list(value) if isinstance(value, tuple) else value
        return config

    def u_factor(self, value: object) -> float:
        """Return how much more often than average `value` agrees by chance.

        Used for the term-frequency adjustment when the model has no
        frequency table for this comparison. 1.0 means no adjustment.
        """
        return 1.0

    def prepare(self, values: Sequence[object]) -> Column:
        """Normalise one list of field values into arrays for `compare`.

        Each distinct value is normalised once, because names, dates and
        addresses repeat a lot within a list.
        """
        positions: dict[tuple[type, object], int] = {}
        try:
            index = np.fromiter(
                (positions.setdefault((type(v), v), len(positions)) for v in values),
                dtype=np.intp,
                count=len(values),
            )
        except TypeError:  # an unhashable value: normalise every value
            return self._prepare(values)
        column = self._prepare([value for _, value in positions])
        return {key: _expand(part, index) for key, part in column.items()}

    @abc.abstractmethod
    def _prepare(self, values: Sequence[object]) -> Column:
        """Normalise distinct field values into arrays for `compare`."""

    @abc.abstractmethod
    def compare(self, left: Column, right: Column, li: Index, ri: Index) -> Levels:
        """Return the level index of each pair ``(left[li[k]], right[ri[k]])``."""

    def tf_values(
        self, left: Column, right: Column, li: Index, ri: Index, levels: Levels
    ) -> npt.NDArray[np.object_]:
        """Return each pair's value for a term-frequency lookup (None if none)."""
        return np.full(len(li), None, dtype=object)

    def tf_population(self, column: Column) -> npt.NDArray[np.object_]:
        """Return each record's value as counted in a term-frequency table."""
        return np.full(len(column["present"]), None, dtype=object)

    def display(self, column: Column, row: int) -> str:
        """Return a record's prepared value as shown in explanations."""
        return str(column["text"][row]) if column["present"][row] else ""

    def level_index(self, key: str) -> int:
        """Return the index of the level with this key, or raise KeyError."""
        for index, level in enumerate(self.levels):
            if level.key == key:
                return index
        keys = ", ".join(level.key for level in self.levels)
        raise KeyError(f"comparison {self.name!r} has no level {key!r}; levels: {keys}")

    def __repr__(self) -> str:
        return f"{type(self).__name__}(name={self.name!r}, field={self.field!r})"


def _expand(part: Any, index: npt.NDArray[np.intp]) -> Any:
    """Return a prepared array, list or tuple of arrays taken at `index`."""
    if isinstance(part, np.ndarray):
        return part[index]
    if isinstance(part, tuple):
        return tuple(_expand(item, index) for item in part)
    return [part[i] for i in index]


def _text_column(texts: Sequence[str]) -> Column:
    array = np.array(list(texts), dtype=object)
    present = np.array([bool(text) for text in texts], dtype=bool)
    return {"text": array, "present": present}


def _similarity(
    scorer: Any, left: npt.NDArray[np.object_], right: npt.NDArray[np.object_]
) -> npt.NDArray[np.float64]:
    if len(left) == 0:
        return np.zeros(0)
    result: npt.NDArray[np.float64] = process.cpdist(
        left, right, scorer=scorer, workers=1, dtype=np.float32
    )
    return result


def token_ids(
    token_lists: Sequence[Sequence[str]], *, width: int
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.uint64]]:
    """Return token hashes (one row per record, -1 for no token) and token bit masks.

    Rows keep at most `width` tokens. Each mask has bit ``hash % 64`` set
    for every token, so two records whose masks share no bit share no
    token. Hashes are only compared within one process, so Python's
    per-process string hashing is fine here.
    """
    padding = [-1] * width
    rows: list[list[int]] = []
    masks: list[int] = []
    for tokens in token_lists:
        values = [hash(token) & 0x7FFFFFFF for token in tokens[:width]]
        mask = 0
        for value in values:
            mask |= 1 << (value & 63)
        rows.append(values + padding[len(values) :])
        masks.append(mask)
    matrix = np.array(rows, dtype=np.int32).reshape(len(rows), width)
    return matrix, np.array(masks, dtype=np.uint64)


def token_overlap(
    left: tuple[npt.NDArray[np.int32], npt.NDArray[np.uint64]],
    right: tuple[npt.NDArray[np.int32], npt.NDArray[np.uint64]],
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Return, per row, the share of left tokens found on the right and vice versa.

    Only rows whose masks share a bit are compared token by token; the
    others share no token.
    """
    (a, a_mask), (b, b_mask) = left, right
    left_share = np.zeros(len(a))
    right_share = np.zeros(len(a))
    rows = np.flatnonzero(a_mask & b_mask)
    if len(rows) == 0:
        return left_share, right_share
    a, b = a[rows], b[rows]
    equal = (a[:, :, None] == b[:, None, :]) & (a[:, :, None] >= 0)
    left_share[rows] = equal.any(axis=2).sum(axis=1) / np.maximum(
        (a >= 0).sum(axis=1), 1
    )
    right_share[rows] = equal.any(axis=1).sum(axis=1) / np.maximum(
        (b >= 0).sum(axis=1), 1
    )
    return left_share, right_share


class ExactComparison(Comparison):
    """Exact agreement on any field after trimming and upper-casing."""

    def __init__(
        self, field: str, *, name: str | None = None, term_frequency: bool = False
    ) -> None:
        self.field = field
        self.name = name or field
        self.term_frequency = term_frequency
        self.options = ("term_frequency",)
        self.levels = _levels(("exact", "equal"), ("else", "different"))
        self.tf_levels = frozenset({"exact"}) if term_frequency else frozenset()

    def _prepare(self, values: Sequence[object]) -> Column:
        texts = [
            "" if value is None else " ".join(str(value).upper().split())
            for value in values
        ]
        return _text_column(texts)

    def compare(self, left: Column, right: Column, li: Index, ri: Index) -> Levels:
        assigner = _Assigner(
            left["present"][li], right["present"][ri], len(self.levels) - 1
        )
        assigner.assign(2, left["text"][li] == right["text"][ri])
        return assigner.levels

    def tf_values(
        self, left: Column, right: Column, li: Index, ri: Index, levels: Levels
    ) -> npt.NDArray[np.object_]:
        values = np.full(len(li), None, dtype=object)
        exact = levels == 2
        values[exact] = left["text"][li[exact]]
        return values

    def tf_population(self, column: Column) -> npt.NDArray[np.object_]:
        values: npt.NDArray[np.object_] = column["text"].copy()
        values[~column["present"]] = None
        return values


class SexComparison(Comparison):
    """Sex: agree or disagree, with ``L``/``P``, ``M``/``F`` and more read alike."""

    def __init__(self, field: str = "sex", *, name: str = "sex") -> None:
        self.field = field
        self.name = name
        self.levels = _levels(("agree", "same sex"), ("else", "different sex"))

    def _prepare(self, values: Sequence[object]) -> Column:
        return _text_column([normalize_sex(value) or "" for value in values])

    def compare(self, left: Column, right: Column, li: Index, ri: Index) -> Levels:
        assigner = _Assigner(
            left["present"][li], right["present"][ri], len(self.levels) - 1
        )
        assigner.assign(2, left["text"][li] == right["text"][ri])
        return assigner.levels
