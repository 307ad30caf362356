"""Name comparison on folded name keys.

Levels, strictest first: the same key, then the same tokens in another
order, then one side's tokens a subset of the other's (an initial such as
``M`` may stand for a full token such as ``MUHAMMAD``), then three
Jaro-Winkler bands, then else.

A patronymic (``bin X``) takes part only when both sides have one, so
``SUPARMAN`` and ``SUPARMAN BIN KASIMO`` are the same key, while
``SUPARMAN BIN KASIMO`` and ``SUPARMAN BIN JOKO`` are not.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz.distance import JaroWinkler

from niklib.linkage.comparisons import (
    Column,
    Comparison,
    Index,
    Levels,
    _Assigner,
    _levels,
    _similarity,
    token_ids,
    token_overlap,
)
from niklib.linkage.names import parse_name

__all__ = ["NameComparison", "tokens_match_with_initials"]

_NAME_TOKENS = 8  # name tokens compared for the subset level


def tokens_match_with_initials(shorter: Sequence[str], longer: Sequence[str]) -> bool:
    """Return True if every token of `shorter` pairs with its own token of `longer`.

    A one-letter token pairs with any token starting with that letter, and
    a full token with an equal token or with its initial.

    >>> tokens_match_with_initials(["M", "JUSUF"], ["MUHAMAD", "JUSUF"])
    True
    """
    remaining = list(longer)
    # Full tokens first, so an initial does not take a token a full one needs.
    for token in sorted(shorter, key=len, reverse=True):
        for position, other in enumerate(remaining):
            if (
                token == other
                or (len(token) == 1 and other.startswith(token))
                or (len(other) == 1 and token.startswith(other))
            ):
                del remaining[position]
                break
        else:
            return False
    return True


def _tokens_of(
    column: Column, rows: Index, with_patronymic: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.uint64]]:
    key_ids, key_masks = column["token_ids"]
    ids, masks = key_ids[rows], key_masks[rows]
    if with_patronymic.any():
        full_ids, full_masks = column["full_token_ids"]
        ids[with_patronymic] = full_ids[rows[with_patronymic]]
        masks[with_patronymic] = full_masks[rows[with_patronymic]]
    return ids, masks


class NameComparison(Comparison):
    """Person names compared on their folded keys (see `parse_name`)."""

    def __init__(
        self,
        field: str = "name",
        *,
        name: str = "name",
        thresholds: tuple[float, float, float] = (0.92, 0.85, 0.75),
    ) -> None:
        self.field = field
        self.name = name
        self.thresholds = thresholds
        self.options = ("thresholds",)
        high, middle, low = thresholds
        self.levels = _levels(
            ("exact", "same name key"),
            ("token_set", "same tokens, other order"),
            ("subset", "token subset or initials"),
            ("fuzzy_high", f"Jaro-Winkler >= {high:g}"),
            ("fuzzy_middle", f"Jaro-Winkler >= {middle:g}"),
            ("fuzzy_low", f"Jaro-Winkler >= {low:g}"),
            ("else", "different name"),
        )
        self.tf_levels = frozenset({"exact", "token_set", "subset"})

    def _prepare(self, values: Sequence[object]) -> Column:
        parsed = [parse_name(value) for value in values]
        key = [p.key for p in parsed]
        patronymic = [p.patronymic for p in parsed]
        full = [
            f"{k} {pat}" if pat else k for k, pat in zip(key, patronymic, strict=True)
        ]
        return {
            "text": np.array(key, dtype=object),
            "present": np.array([bool(k) for k in key], dtype=bool),
            "sorted": np.array([p.sorted_key for p in parsed], dtype=object),
            "full": np.array(full, dtype=object),
            "sorted_full": np.array(
                [" ".join(sorted(f.split())) for f in full], dtype=object
            ),
            "has_patronymic": np.array([bool(pat) for pat in patronymic], dtype=bool),
            "has_initial": np.array(
                [any(len(t) == 1 for t in p.tokens) for p in parsed], dtype=bool
            ),
            "tokens": [p.tokens for p in parsed],
            "token_ids": token_ids([p.tokens for p in parsed], width=_NAME_TOKENS),
            "full_token_ids": token_ids([f.split() for f in full], width=_NAME_TOKENS),
            "size": np.array([len(p.tokens) for p in parsed], dtype=np.int16),
            "normalized": [p.normalized for p in parsed],
        }

    def _pair_keys(
        self, left: Column, right: Column, li: Index, ri: Index
    ) -> tuple[
        npt.NDArray[np.object_],
        npt.NDArray[np.object_],
        npt.NDArray[np.object_],
        npt.NDArray[np.object_],
    ]:
        both = left["has_patronymic"][li] & right["has_patronymic"][ri]
        a = np.where(both, left["full"][li], left["text"][li])
        b = np.where(both, right["full"][ri], right["text"][ri])
        sa = np.where(both, left["sorted_full"][li], left["sorted"][li])
        sb = np.where(both, right["sorted_full"][ri], right["sorted"][ri])
        return a, b, sa, sb

    def compare(self, left: Column, right: Column, li: Index, ri: Index) -> Levels:
        a, b, sa, sb = self._pair_keys(left, right, li, ri)
        assigner = _Assigner(
            left["present"][li], right["present"][ri], len(self.levels) - 1
        )
        assigner.assign(2, a == b)
        assigner.assign(3, sa == sb)

        rows = np.flatnonzero(assigner.open)
        both = (left["has_patronymic"][li] & right["has_patronymic"][ri])[rows]
        left_share, right_share = token_overlap(
            _tokens_of(left, li[rows], both), _tokens_of(right, ri[rows], both)
        )
        assigner.assign_where(4, rows, (left_share >= 1.0) | (right_share >= 1.0))
        self._assign_initials(assigner, left, right, li, ri)

        rows = np.flatnonzero(assigner.open)
        similarity = _similarity(JaroWinkler.normalized_similarity, a[rows], b[rows])
        high, middle, low = self.thresholds
        assigner.assign_where(5, rows, similarity >= high)
        assigner.assign_where(6, rows, (similarity >= middle) & (similarity < high))
        assigner.assign_where(7, rows, (similarity >= low) & (similarity < middle))
        return assigner.levels

    def _assign_initials(
        self, assigner: _Assigner, left: Column, right: Column, li: Index, ri: Index
    ) -> None:
        candidates = assigner.open & (
            left["has_initial"][li] | right["has_initial"][ri]
        )
        rows = np.flatnonzero(candidates)
        if len(rows) == 0:
            return
        matches = np.zeros(len(rows), dtype=bool)
        left_tokens, right_tokens = left["tokens"], right["tokens"]
        for position, row in enumerate(rows):
            a, b = left_tokens[li[row]], right_tokens[ri[row]]
            if len(a) == len(b):
                found = tokens_match_with_initials(a, b) or tokens_match_with_initials(
                    b, a
                )
            else:
                shorter, longer = (a, b) if len(a) < len(b) else (b, a)
                found = tokens_match_with_initials(shorter, longer)
            matches[position] = found
        assigner.assign_where(4, rows, matches)

    def tf_values(
        self, left: Column, right: Column, li: Index, ri: Index, levels: Levels
    ) -> npt.NDArray[np.object_]:
        """Return the sorted key both sides share (the shorter one for subsets).

        Where both sides qualify, the alphabetically first key is used, so
        the value does not depend on which record is on the left.
        """
        values = np.full(len(li), None, dtype=object)
        size_l, size_r = left["size"][li], right["size"][ri]
        key_l, key_r = left["sorted"][li], right["sorted"][ri]
        use_left = (size_l < size_r) | ((size_l == size_r) & (key_l <= key_r))
        chosen = np.where(use_left, key_l, key_r)
        shared = (levels == 2) | (levels == 3) | (levels == 4)
        values[shared] = chosen[shared]
        return values

    def tf_population(self, column: Column) -> npt.NDArray[np.object_]:
        values: npt.NDArray[np.object_] = column["sorted"].copy()
        values[~column["present"]] = None
        return values

    def display(self, column: Column, row: int) -> str:
        return str(column["normalized"][row])
