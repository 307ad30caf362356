"""Blocking rules: which pairs of records are compared at all.

A blocking rule gives each record a key (or None to leave it out), and two
records form a candidate pair when their keys are equal. Rules are
combined with OR: a pair is compared when any rule pairs it, and only
once. Blocking decides recall, because a pair no rule generates is never
scored.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Sequence

import attrs
import numpy as np
import numpy.typing as npt

from niklib.linkage.names import parse_name
from niklib.linkage.nik_comparison import is_placeholder
from niklib.linkage.records import (
    normalize_address,
    normalize_identifier,
    normalize_region,
    parse_birth_date,
)
from niklib.linkage.table import Table

__all__ = [
    "DEFAULT_RULES",
    "BlockingRule",
    "CandidatePairs",
    "block_on",
    "candidate_pairs",
    "normalized_field",
    "rule_generates",
]

KeyFunction = Callable[..., Hashable | None]

_DEFAULT_MAX_PAIRS = 50_000_000
_UNSEEN = object()


@functools.lru_cache(maxsize=1 << 16)
def _name_tokens(name: str) -> tuple[str, ...]:
    return parse_name(name).tokens


def _name_sorted_key(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(sorted(_name_tokens(value))) or None


def _nik(value: object) -> str | None:
    # ASCII digits alone are their own identifier, so skip the clean-up.
    if type(value) is str and value.isdigit() and value.isascii():
        return None if is_placeholder(value) else value
    digits = normalize_identifier(value)
    return None if is_placeholder(digits) else digits


def _text(value: object) -> str | None:
    if value is None:
        return None
    return " ".join(str(value).upper().split()) or None


_NORMALIZERS: dict[str, Callable[[object], Hashable | None]] = {
    "nik": _nik,
    "kk": _nik,
    "name": _name_sorted_key,
    "birth_date": parse_birth_date,
    "region": lambda value: normalize_region(value) or None,
    "address": lambda value: normalize_address(value) or None,
}


def normalized_field(table: Table, field: str) -> list[Hashable | None]:
    """Return a table's normalised values of one field, computed once per table.

    Names become their sorted folded key, NIKs and KK numbers their digits
    (None for a placeholder), birth dates a `datetime.date`, regions and
    addresses their normalised text, any other field its trimmed
    upper-case text. Missing values are None.
    """
    if field not in table.cache:
        normalizer = _NORMALIZERS.get(field, _text)
        seen: dict[object, Hashable | None] = {}
        values = []
        for value in table.fields[field]:
            try:
                result = seen.get(value, _UNSEEN)
            except TypeError:  # an unhashable value
                result = normalizer(value)
            else:
                if result is _UNSEEN:
                    result = seen[value] = normalizer(value)
            values.append(result)
        table.cache[field] = values
    return table.cache[field]


@attrs.frozen
class BlockingRule:
    """A labelled blocking rule over normalised fields.

    Records get the key ``key(*values)`` where ``values`` are the record's
    normalised `fields` (see `normalized_field`); without `key` the values
    themselves form the key. A record with any of the fields missing, or
    whose key is None, is left out of this rule.
    """

    label: str
    fields: tuple[str, ...]
    key: KeyFunction | None = attrs.field(default=None, repr=False, kw_only=True)

    def keys(self, table: Table) -> list[Hashable | None]:
        """Return one key per record of a prepared table, computed once per table."""
        cached: list[Hashable | None] | None = table.cache.get(self)
        if cached is not None:
            return cached
        columns = [normalized_field(table, field) for field in self.fields]
        key = self.key
        # Normalised values are text, dates or None, so `in` finds None by
        # identity and no value's __eq__ can claim to equal None.
        keys: list[Hashable | None] = []
        for values in zip(*columns, strict=True):
            if None in values:
                keys.append(None)
            elif key is None:
                keys.append(values)
            else:
                keys.append(key(*values))
        table.cache[self] = keys
        return keys


def block_on(*fields: str, label: str | None = None) -> BlockingRule:
    """Return a rule pairing records whose normalised `fields` are all equal."""
    if not fields:
        raise ValueError(
            "block_on needs at least one field name, e.g. block_on('birth_date')"
        )
    return BlockingRule(label or "same " + " and ".join(fields), tuple(fields))


#: The default rules, combined with OR: same NIK, same NIK region code
#: (first 6 digits) and birth date, same name key and birth year, same
#: birth date and region, and same name key and region.
DEFAULT_RULES: tuple[BlockingRule, ...] = (
    block_on("nik", label="same NIK"),
    BlockingRule(
        "same NIK region and birth date",
        ("nik", "birth_date"),
        key=lambda nik, date: (nik[:6], date),
    ),
    BlockingRule(
        "same name key and birth year",
        ("name", "birth_date"),
        key=lambda name, date: (name, date.year),
    ),
    block_on("birth_date", "region"),
    block_on("name", "region"),
)


@attrs.frozen(eq=False)
class CandidatePairs:
    """Candidate pairs as index arrays, with the first rule that found each."""

    left: npt.NDArray[np.intp]
    right: npt.NDArray[np.intp]
    rule: npt.NDArray[np.int16]
    rules: tuple[BlockingRule, ...]

    def __len__(self) -> int:
        return len(self.left)


def _codes(
    left_keys: Sequence[Hashable | None], right_keys: Sequence[Hashable | None]
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    lookup: dict[Hashable, int] = {}
    left = np.array(
        [-1 if k is None else lookup.setdefault(k, len(lookup)) for k in left_keys],
        dtype=np.int64,
    )
    right = np.array(
        [-1 if k is None else lookup.get(k, -2) for k in right_keys], dtype=np.int64
    )
    return left, right


def _join(
    left_codes: npt.NDArray[np.int64], right_codes: npt.NDArray[np.int64]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], npt.NDArray[np.int64]]:
    order = np.argsort(right_codes, kind="stable")
    ordered = right_codes[order]
    start = np.searchsorted(ordered, left_codes, side="left")
    end = np.searchsorted(ordered, left_codes, side="right")
    counts = np.where(left_codes >= 0, end - start, 0)
    return order, start, counts


def _rule_pairs(
    rule: BlockingRule, left: Table, right: Table | None, max_pairs: int
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    left_keys = rule.keys(left)
    right_keys = left_keys if right is None else rule.keys(right)
    left_codes, right_codes = _codes(left_keys, right_keys)
    order, start, counts = _join(left_codes, right_codes)
    total = int(counts.sum())
    # A deduplication join also pairs each record with itself and lists
    # every pair twice; only the pairs kept below count against max_pairs.
    kept = total if right is not None else (total - int((left_codes >= 0).sum())) // 2
    if kept > max_pairs:
        raise ValueError(
            f"blocking rule {rule.label!r} generates {kept:,} pairs, more than "
            f"max_pairs={max_pairs:,}; use a stricter rule or raise max_pairs"
        )
    li = np.repeat(np.arange(len(left_codes)), counts)
    offsets = np.arange(total) - np.repeat(np.cumsum(counts) - counts, counts)
    ri = order[np.repeat(start, counts) + offsets]
    if right is None:
        keep = li < ri
        li, ri = li[keep], ri[keep]
    return li, ri


def rule_generates(
    rule: BlockingRule,
    left: Table,
    right: Table | None,
    li: npt.NDArray[np.intp],
    ri: npt.NDArray[np.intp],
) -> npt.NDArray[np.bool_]:
    """Return which of the pairs ``(li[k], ri[k])`` the rule generates."""
    left_keys = rule.keys(left)
    right_keys = left_keys if right is None else rule.keys(right)
    left_codes, right_codes = _codes(left_keys, right_keys)
    a = left_codes[li]
    generated: npt.NDArray[np.bool_] = (a >= 0) & (a == right_codes[ri])
    return generated


def candidate_pairs(
    left: Table,
    right: Table | None = None,
    *,
    rules: Sequence[BlockingRule] = DEFAULT_RULES,
    max_pairs: int = _DEFAULT_MAX_PAIRS,
) -> CandidatePairs:
    """Return the pairs any rule generates, each once (``right=None`` deduplicates).

    For deduplication each pair appears once with the smaller index on the
    left. Raises ValueError when one rule would generate more than
    `max_pairs` pairs.
    """
    if not rules:
        raise ValueError(
            "at least one blocking rule is needed; pass rules=DEFAULT_RULES or your own"
        )
    missing = sorted({f for rule in rules for f in rule.fields} - set(left.fields))
    if missing:
        raise ValueError(
            "blocking rules read fields the table was not prepared with: "
            + ", ".join(missing)
        )
    width = len(left) if right is None else len(right)
    parts_l, parts_r, parts_rule = [], [], []
    for number, rule in enumerate(rules):
        li, ri = _rule_pairs(rule, left, right, max_pairs)
        parts_l.append(li)
        parts_r.append(ri)
        parts_rule.append(np.full(len(li), number, dtype=np.int16))
    li = np.concatenate(parts_l)
    ri = np.concatenate(parts_r)
    pair_ids = li.astype(np.int64) * max(width, 1) + ri
    _, first = np.unique(pair_ids, return_index=True)
    return CandidatePairs(
        left=li[first],
        right=ri[first],
        rule=np.concatenate(parts_rule)[first],
        rules=tuple(rules),
    )
