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
from rapidfuzz.distance import Indel

from niklib.linkage.records import (
    normalize_address,
    normalize_region,
    normalize_sex,
    parse_birth_date,
)

__all__ = [
    "BOTH_MISSING",
    "ONE_MISSING",
    "AddressComparison",
    "BirthDateComparison",
    "Comparison",
    "ExactComparison",
    "Level",
    "RegionComparison",
    "SexComparison",
]

Index = npt.NDArray[np.intp]
Levels = npt.NDArray[np.int8]
Column = dict[str, Any]

BOTH_MISSING = 0
ONE_MISSING = 1

# Placeholder birth dates (MM-DD) and how many times more people share them
# than an ordinary date; see `BirthDateComparison.u_factor`.
_PLACEHOLDER_DATES = {"07-01": 13.9, "12-31": 7.8, "01-01": 3.5}
_ADDRESS_WORDS = 8  # words per address compared for overlap


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


class RegionComparison(Comparison):
    """Region codes by hierarchy: same district, regency, province, else.

    Kemendagri codes have 2 digits per level, so two codes agree on the
    regency when their first 4 digits match and on the province when their
    first 2 match. Region names (not codes) can only agree exactly.
    """

    def __init__(self, field: str = "region", *, name: str = "region") -> None:
        self.field = field
        self.name = name
        self.levels = _levels(
            ("exact", "same region"),
            ("regency", "same regency"),
            ("province", "same province"),
            ("else", "different region"),
        )

    def _prepare(self, values: Sequence[object]) -> Column:
        texts = [normalize_region(value) for value in values]
        column = _text_column(texts)
        column["regency"] = np.array(
            [t[:4] if t.isdigit() and len(t) > 4 else "" for t in texts], dtype=object
        )
        column["province"] = np.array(
            [t[:2] if t.isdigit() and len(t) > 2 else "" for t in texts], dtype=object
        )
        return column

    def compare(self, left: Column, right: Column, li: Index, ri: Index) -> Levels:
        assigner = _Assigner(
            left["present"][li], right["present"][ri], len(self.levels) - 1
        )
        assigner.assign(2, left["text"][li] == right["text"][ri])
        for level, part in ((3, "regency"), (4, "province")):
            a, b = left[part][li], right[part][ri]
            assigner.assign(level, (a == b) & (a != ""))
        return assigner.levels


class AddressComparison(Comparison):
    """Addresses after folding abbreviations (``Jl.``, ``Gg.``, ``RT 001``).

    The similarity of two addresses is the larger of two measures: the
    Indel similarity of their sorted words, and the share of the shorter
    address's words found in the other. Extra words on one side (a village
    name, ``RT1 RW2``) therefore lower it little.
    """

    def __init__(
        self,
        field: str = "address",
        *,
        name: str = "address",
        thresholds: tuple[float, float] = (0.9, 0.7),
    ) -> None:
        self.field = field
        self.name = name
        self.thresholds = thresholds
        self.options = ("thresholds",)
        high, low = thresholds
        self.levels = _levels(
            ("exact", "same address"),
            ("fuzzy_high", f"similarity >= {high:g}"),
            ("fuzzy_low", f"similarity >= {low:g}"),
            ("else", "different address"),
        )

    def _prepare(self, values: Sequence[object]) -> Column:
        texts = [normalize_address(value) for value in values]
        column = _text_column(texts)
        words = [text.split() for text in texts]
        column["sorted"] = np.array([" ".join(sorted(w)) for w in words], dtype=object)
        column["tokens"], column["mask"] = token_ids(words, width=_ADDRESS_WORDS)
        return column

    def compare(self, left: Column, right: Column, li: Index, ri: Index) -> Levels:
        assigner = _Assigner(
            left["present"][li], right["present"][ri], len(self.levels) - 1
        )
        assigner.assign(2, left["text"][li] == right["text"][ri])
        high, low = self.thresholds
        rows = np.flatnonzero(assigner.open)
        a, b = li[rows], ri[rows]
        edit = _similarity(
            Indel.normalized_similarity, left["sorted"][a], right["sorted"][b]
        )
        # Word overlap can only raise a score, so it is needed below `high` only.
        low_edit = np.flatnonzero(edit < high)
        a, b = a[low_edit], b[low_edit]
        left_share, right_share = token_overlap(
            (left["tokens"][a], left["mask"][a]), (right["tokens"][b], right["mask"][b])
        )
        score = edit.astype(np.float64)
        overlap = np.maximum(left_share, right_share)
        score[low_edit] = np.maximum(score[low_edit], overlap)
        assigner.assign_where(3, rows, score >= high)
        assigner.assign_where(4, rows, (score >= low) & (score < high))
        return assigner.levels


class BirthDateComparison(Comparison):
    """Birth dates: exact, day and month swapped, one digit, same year, two years.

    Values are parsed with `parse_birth_date` (explicit formats only). The
    exact level gets a term-frequency adjustment, so a shared placeholder
    date such as 1 July counts for less than a shared ordinary date.
    """

    def __init__(self, field: str = "birth_date", *, name: str = "birth_date") -> None:
        self.field = field
        self.name = name
        self.levels = _levels(
            ("exact", "same date"),
            ("swapped", "day and month swapped"),
            ("one_digit", "one digit different"),
            ("same_year", "same year"),
            ("two_years", "within two years"),
            ("else", "different date"),
        )
        self.tf_levels = frozenset({"exact"})

    def _prepare(self, values: Sequence[object]) -> Column:
        dates = [parse_birth_date(value) for value in values]
        present = np.array([d is not None for d in dates], dtype=bool)
        ymd = np.array(
            [(d.year, d.month, d.day) if d else (0, 0, 0) for d in dates],
            dtype=np.int32,
        ).reshape(-1, 3)
        text = np.array([d.isoformat() if d else "" for d in dates], dtype=object)
        # The digits of YYYYMMDD, for the "one digit different" level.
        number = ymd[:, 0] * 10_000 + ymd[:, 1] * 100 + ymd[:, 2]
        powers = 10 ** np.arange(7, -1, -1)
        digits = ((number[:, None] // powers) % 10).astype(np.uint8)
        return {"present": present, "ymd": ymd, "text": text, "digits": digits}

    def compare(self, left: Column, right: Column, li: Index, ri: Index) -> Levels:
        a, b = left["ymd"][li], right["ymd"][ri]
        assigner = _Assigner(
            left["present"][li], right["present"][ri], len(self.levels) - 1
        )
        same_year = a[:, 0] == b[:, 0]
        assigner.assign(2, same_year & (a[:, 1] == b[:, 1]) & (a[:, 2] == b[:, 2]))
        swapped = same_year & (a[:, 1] == b[:, 2]) & (a[:, 2] == b[:, 1])
        assigner.assign(3, swapped)
        differing = (left["digits"][li] != right["digits"][ri]).sum(axis=1)
        assigner.assign(4, differing == 1)
        assigner.assign(5, same_year)
        assigner.assign(6, np.abs(a[:, 0] - b[:, 0]) <= 2)
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

    def u_factor(self, value: object) -> float:
        """Return the excess chance agreement of a placeholder birth date.

        Registries recorded unknown dates as 31 December (before 2004),
        1 July (from 2004) and the 15th when only the month was known. Each
        factor is the date's share of the 2019 population over the uniform
        share 1/365. About 10.3 M of 270 M people were registered as born
        on 1 July (13.9), 5.8 M on 31 December (7.8) and 2.6 M on 1 January
        (3.5).
        """
        text = str(value)
        month_day = text[5:]
        if month_day in _PLACEHOLDER_DATES:
            return _PLACEHOLDER_DATES[month_day]
        # NOTE: the share of dates on the 15th is not published; 1.5 is an
        # estimate.
        return 1.5 if month_day.endswith("-15") else 1.0
