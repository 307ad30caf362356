"""Place comparisons: region codes by hierarchy and addresses by words."""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np
from rapidfuzz.distance import Indel

from niklib.linkage.comparisons import (
    Column,
    Comparison,
    Index,
    Levels,
    _Assigner,
    _levels,
    _similarity,
    _text_column,
    token_ids,
    token_overlap,
)
from niklib.linkage.records import normalize_address, normalize_region

__all__ = ["AddressComparison", "RegionComparison"]

_ADDRESS_WORDS = 8  # words per address compared for overlap
_RT_RW = re.compile(r"^R[TW]\d+$")  # RT/RW words as `normalize_address` writes them


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
    name, ``RT1 RW2``) therefore lower it little. Two addresses whose RT/RW
    numbers both exist and differ are in different neighbourhoods of a
    village, so they reach the lower fuzzy level at most.
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
        column["rt_rw"] = np.array(
            [" ".join(w for w in ws if _RT_RW.match(w)) for ws in words], dtype=object
        )
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

        rt_a, rt_b = left["rt_rw"][li[rows]], right["rt_rw"][ri[rows]]
        other_neighbourhood = (rt_a != "") & (rt_b != "") & (rt_a != rt_b)
        score[other_neighbourhood] = np.minimum(score[other_neighbourhood], low)
        assigner.assign_where(3, rows, score >= high)
        assigner.assign_where(4, rows, (score >= low) & (score < high))
        return assigner.levels
