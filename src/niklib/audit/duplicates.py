"""Duplicates inside one list: the same NIK twice, one NIK used by two
people, and one person listed under two NIKs."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence

import niklib
from niklib.audit.issues import Code, Issue
from niklib.audit.matching import records_of
from niklib.audit.readers import InputRow
from niklib.linkage import Model, dedupe
from niklib.linkage.nik_comparison import is_placeholder
from niklib.linkage.records import normalize_identifier

__all__ = ["find_duplicates"]

# Name levels under which two rows with one NIK are taken as one person.
_SAME_PERSON_NAME = {"exact", "token_set", "subset", "fuzzy_high", "fuzzy_middle"}
# Digits an invalid NIK needs to count as shared: a NIK that lost its last
# digit to a spreadsheet still names one person, while "1" or "-" does not.
_MIN_KEY_DIGITS = 15
# The largest group of rows under one NIK whose names are compared pair by
# pair; a larger group is compared with its first row only.
_MAX_PAIRWISE = 50


def find_duplicates(
    rows: Sequence[InputRow],
    valid_niks: Sequence[str | None],
    *,
    model: Model,
    threshold: float,
) -> tuple[list[list[Issue]], list[int | None]]:
    """Return the duplicate issues of every row and its duplicate group number.

    Rows in one group are copies of each other or share a NIK; group
    numbers start at 1 in order of first appearance, and None means the
    row has no duplicate.
    """
    issues: list[list[Issue]] = [[] for _ in rows]
    parent = list(range(len(rows)))

    def find(node: int) -> int:
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def join(a: int, b: int) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    records = records_of(rows)
    keys = _nik_keys(rows, valid_niks)
    by_nik: dict[str, list[int]] = {}
    for position, key in enumerate(keys):
        if key:
            by_nik.setdefault(key, []).append(position)
    # Partners of each row by kind, so that a row gets one issue per kind
    # that names every partner.
    same_nik: dict[int, list[str]] = defaultdict(list)
    shared_nik: dict[int, list[str]] = defaultdict(list)
    same_person: dict[int, list[str]] = defaultdict(list)
    for positions in by_nik.values():
        if len(positions) < 2:
            continue
        for other in positions[1:]:
            join(positions[0], other)
        for a, b in _pairs_to_compare(positions):
            score = model.score(records[a], records[b])
            for position, partner in ((a, b), (b, a)):
                row = str(rows[partner].row_number)
                if score["name"].level in _SAME_PERSON_NAME:
                    same_nik[position].append(row)
                else:
                    shared_nik[position].append(f"{row} ({score['name'].label})")

    if len(rows) > 1:
        result = dedupe(records, model=model, threshold=threshold)
        for pair in result.pairs:
            a, b = pair.left_index, pair.right_index
            if keys[a] and keys[a] == keys[b]:
                continue  # judged above by the name, like any shared NIK
            join(a, b)
            for position, partner in ((a, b), (b, a)):
                shown = niklib.mask(rows[partner].values.get("nik", "")) or "no NIK"
                same_person[position].append(
                    f"{rows[partner].row_number} under NIK {shown} "
                    f"(match probability {pair.probability:.3f})"
                )

    for position in range(len(rows)):
        if same_nik[position]:
            issues[position].append(
                Issue(
                    Code.DUPLICATE_NIK,
                    "the same NIK and person is also on "
                    + _rows_text(same_nik[position]),
                )
            )
        if shared_nik[position]:
            issues[position].append(
                Issue(
                    Code.NIK_SHARED,
                    "the same NIK is used by a person with another name on "
                    + _rows_text(shared_nik[position])
                    + "; one NIK is wrong",
                )
            )
        if same_person[position]:
            issues[position].append(
                Issue(
                    Code.DUPLICATE_PERSON,
                    "the same person appears to be on "
                    + _rows_text(same_person[position]),
                )
            )

    roots = [find(position) for position in range(len(rows))]
    sizes = Counter(roots)
    groups: list[int | None] = [None] * len(rows)
    numbers: dict[int, int] = {}
    for position, root in enumerate(roots):
        if sizes[root] < 2:
            continue
        if root not in numbers:
            numbers[root] = len(numbers) + 1
        groups[position] = numbers[root]
    return issues, groups


def _nik_keys(
    rows: Sequence[InputRow], valid_niks: Sequence[str | None]
) -> list[str | None]:
    """Return the NIK digits by which rows count as sharing a NIK.

    A valid NIK is its compact form. An invalid one counts by its digits,
    with separators and a spreadsheet's ``.0`` removed, when it has at
    least 15 of them and is no placeholder. Two people under one mistyped
    or damaged NIK share it as much as under a valid one, and the linkage
    model would call them one person on the NIK alone.
    """
    keys: list[str | None] = []
    for row, nik in zip(rows, valid_niks, strict=True):
        if nik:
            keys.append(nik)
            continue
        digits = normalize_identifier(row.values.get("nik", ""))
        usable = len(digits) >= _MIN_KEY_DIGITS and not is_placeholder(digits)
        keys.append(digits if usable else None)
    return keys


def _pairs_to_compare(positions: Sequence[int]) -> list[tuple[int, int]]:
    """Return the pairs of rows under one NIK whose names are compared.

    A small group gives every pair. A NIK copied down a column can make a
    group larger than `_MAX_PAIRWISE`, and then each row is paired with the
    first only.
    """
    if len(positions) > _MAX_PAIRWISE:
        return [(positions[0], other) for other in positions[1:]]
    return [(a, b) for index, a in enumerate(positions) for b in positions[index + 1 :]]


def _rows_text(parts: Sequence[str]) -> str:
    """Return ``row 5``, ``rows 5 and 9`` or ``rows 5, 7 and 9``."""
    if len(parts) == 1:
        return f"row {parts[0]}"
    return f"rows {', '.join(parts[:-1])} and {parts[-1]}"
