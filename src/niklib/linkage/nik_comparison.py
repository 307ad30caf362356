"""NIK comparison: digit-string logic for a number without a check digit.

A NIK has no check digit, so one substituted digit or one adjacent
transposition usually gives another well-formed number: such a pair is a
likely typo of one person. A 16th digit of 0 on one side only is the
spreadsheet fault (spreadsheets keep 15 significant digits). Two NIKs with
the same region and birth-date block but another serial are strong
evidence of two different people (twins, same-day registrations), so that
level comes before the typo levels and catches serials that differ in one
digit.

Placeholders (empty, all zeros, temporary numbers starting with 0) and
values whose digits cannot be trusted (floats, scientific notation) count
as missing, so two placeholders never agree.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from rapidfuzz import process
from rapidfuzz.distance import Hamming

import niklib
from niklib.exceptions import mask_text
from niklib.linkage.comparisons import (
    Column,
    Comparison,
    Index,
    Levels,
    _Assigner,
    _levels,
)
from niklib.linkage.records import normalize_identifier

__all__ = ["NikComparison", "is_placeholder"]

_PAD = 10  # a digit value that never occurs, for identifiers shorter than the width
_NIK_LENGTH = 16
_PREFIX = 12  # region code (6 digits) and birth-date block (6 digits)


def is_placeholder(digits: str, *, leading_zero: bool = True) -> bool:
    """Return True for a compacted identifier that stands for "no number yet".

    Empty strings and all-zero values are placeholders. With `leading_zero`
    (the default, right for NIKs) so is any number starting with 0, because
    village systems generate temporary numbers that way and no NIK region
    code starts with 0.
    """
    if not digits or not digits.strip("0"):
        return True
    return leading_zero and digits.startswith("0")


class NikComparison(Comparison):
    """NIK levels: exact, spreadsheet zero, other serial, one substitution,
    one adjacent transposition, else.

    Works on any digit string, so it also serves other identifiers (set
    ``leading_zero_placeholder=False`` where numbers may start with 0). The
    spreadsheet and serial levels apply to 16-digit values only.
    """

    def __init__(
        self,
        field: str = "nik",
        *,
        name: str = "nik",
        leading_zero_placeholder: bool = True,
    ) -> None:
        self.field = field
        self.name = name
        self.leading_zero_placeholder = leading_zero_placeholder
        self.options = ("leading_zero_placeholder",)
        self.levels = _levels(
            ("exact", "same NIK"),
            ("spreadsheet_zero", "equal but for a zeroed 16th digit"),
            ("other_serial", "same region and date, other serial"),
            ("substitution", "one digit substituted"),
            ("transposition", "two adjacent digits transposed"),
            ("else", "different NIK"),
        )

    def _prepare(self, values: Sequence[object]) -> Column:
        texts = []
        for value in values:
            digits = normalize_identifier(value)
            if is_placeholder(digits, leading_zero=self.leading_zero_placeholder):
                digits = ""
            texts.append(digits)
        width = max([_NIK_LENGTH, *(len(text) for text in texts)])
        # ":" is the character after "9", so padding reads as digit _PAD.
        padded = b"".join(text.encode().ljust(width, b":") for text in texts)
        matrix = (np.frombuffer(padded, dtype=np.uint8) - 48).reshape(len(texts), width)
        return {
            "text": np.array(texts, dtype=object),
            "present": np.array([bool(text) for text in texts], dtype=bool),
            "length": np.array([len(text) for text in texts], dtype=np.int16),
            "prefix": np.array(
                [text[:_PREFIX] if len(text) == _NIK_LENGTH else "" for text in texts],
                dtype=object,
            ),
            "digits": matrix,
        }

    def compare(self, left: Column, right: Column, li: Index, ri: Index) -> Levels:
        assigner = _Assigner(
            left["present"][li], right["present"][ri], len(self.levels) - 1
        )
        assigner.assign(2, left["text"][li] == right["text"][ri])
        rows = np.flatnonzero(
            assigner.open & (left["length"][li] == right["length"][ri])
        )
        if len(rows) == 0:
            return assigner.levels

        # Only values at most 2 digits apart, or sharing region and date,
        # can reach a level above "else"; look at their digits only.
        a_text, b_text = left["text"][li[rows]], right["text"][ri[rows]]
        distance = process.cpdist(
            a_text, b_text, scorer=Hamming.distance, score_cutoff=2, workers=1
        )
        prefix = left["prefix"][li[rows]]
        same_prefix = (prefix == right["prefix"][ri[rows]]) & (prefix != "")
        rows = rows[(distance <= 2) | same_prefix]
        a, b = _aligned(left["digits"], right["digits"], li[rows], ri[rows])
        differs = a != b
        count = differs.sum(axis=1)
        is_nik = left["length"][li[rows]] == _NIK_LENGTH
        last = _NIK_LENGTH - 1
        zeroed = (a[:, last] == 0) | (b[:, last] == 0)
        assigner.assign_where(
            3, rows, is_nik & (count == 1) & differs[:, last] & zeroed
        )
        assigner.assign_where(4, rows, is_nik & ~differs[:, :_PREFIX].any(axis=1))
        assigner.assign_where(5, rows, count == 1)
        assigner.assign_where(6, rows, (count == 2) & _adjacent_swap(a, b, differs))
        return assigner.levels

    def display(self, column: Column, row: int) -> str:
        if not column["present"][row]:
            return ""
        text = str(column["text"][row])
        # niklib.mask shows a NIK the same way everywhere in niklib.
        return niklib.mask(text) if len(text) == _NIK_LENGTH else mask_text(text)


def _aligned(
    left: npt.NDArray[np.uint8], right: npt.NDArray[np.uint8], li: Index, ri: Index
) -> tuple[npt.NDArray[np.uint8], npt.NDArray[np.uint8]]:
    width = max(left.shape[1], right.shape[1])
    a, b = left[li], right[ri]
    if a.shape[1] < width:
        a = np.pad(a, ((0, 0), (0, width - a.shape[1])), constant_values=_PAD)
    if b.shape[1] < width:
        b = np.pad(b, ((0, 0), (0, width - b.shape[1])), constant_values=_PAD)
    return a, b


def _adjacent_swap(
    a: npt.NDArray[np.uint8], b: npt.NDArray[np.uint8], differs: npt.NDArray[np.bool_]
) -> npt.NDArray[np.bool_]:
    swapped = (
        differs[:, :-1]
        & differs[:, 1:]
        & (a[:, :-1] == b[:, 1:])
        & (a[:, 1:] == b[:, :-1])
    )
    result: npt.NDArray[np.bool_] = swapped.any(axis=1)
    return result
