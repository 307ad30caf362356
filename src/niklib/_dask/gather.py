"""Gather from a large Dask list the records that a recipient list can match.

The audit matches each recipient row to another list (the registry, or
another programme's list) by valid NIK. Rows whose NIK the other list
lacks are linked with the default blocking rules and linkage scores. So a
record of the other list can only be matched when it has a recipient
row's valid NIK, or shares a blocking key with a row that no NIK matched.
For the registry, household members are also looked up by KK number.

A first pass over the NIK column finds which recipient NIKs the list has.
A second pass keeps only the records that can be matched, so the client
receives a few records per recipient row instead of the whole list, and
then runs the same in-memory matching as `niklib.audit.audit`.
"""

# mypy: disable-error-code="no-untyped-call,no-any-return"
# (dask ships no type hints, so its calls and results are untyped.)

from __future__ import annotations

import logging
from collections.abc import Callable, Hashable, Mapping, Sequence
from datetime import date
from typing import Any

import attrs
import dask.dataframe as dd
import numpy as np
import numpy.typing as npt
import pandas as pd
from dask.base import compute

import niklib
from niklib import regions
from niklib._dask._common import broadcast, table_in_use
from niklib._dask.records import partition_records
from niklib.audit.columns import map_columns
from niklib.audit.eligibility import HouseholdInputs
from niklib.audit.matching import Reference, blocking_table, records_of
from niklib.audit.readers import (
    InputRow,
    UnreadableInputError,
    cell_text,
    read_records,
)
from niklib.linkage import DEFAULT_RULES, BlockingRule
from niklib.linkage.blocking import normalized_field
from niklib.linkage.table import Table

__all__ = ["MatchKeys", "candidate_records", "found_niks", "gather_reference"]

logger = logging.getLogger("niklib.audit")

# The fields that matching, blocking and the KK look-up read.
_MATCH_FIELDS = frozenset(
    {"nik", "kk", "name", "birth_date", "sex", "address", "village", "district"}
)
_PARTITION = "_niklib_partition"
_LOCAL = "_niklib_local"

_KeyPart = Callable[[Any], Hashable]


def _same(value: Hashable) -> Hashable:
    return value


def _nik_region(nik: str) -> Hashable:
    return nik[:6]


def _year(birth_date: date) -> Hashable:
    return birth_date.year


# The part of a default rule's key that each of its fields gives, for the
# rules with a key function: the key is the tuple of the parts. A rule
# without a key function is keyed by the tuple of its values. The tests
# check these parts against the rules' own key functions.
_KEY_PARTS: dict[str, tuple[_KeyPart, ...]] = {
    "same NIK region and birth date": (_nik_region, _same),
    "same name key and birth year": (_same, _year),
}
# Blocking fields by rising cost of normalising one value: parsing a name
# costs the most, so names are normalised last and only for rows that the
# other fields have not ruled out.
_FIELD_ORDER = ("nik", "birth_date", "region", "sex", "address", "name")


@attrs.frozen
class MatchKeys:
    """The valid NIKs, KK numbers and blocking keys that a recipient list can match.

    `keys` contains one set per rule of `niklib.linkage.DEFAULT_RULES`, in order.
    """

    niks: frozenset[str]
    kks: frozenset[str]
    keys: tuple[frozenset[Hashable], ...]

    @classmethod
    def of(
        cls,
        rows: Sequence[InputRow],
        valid_niks: Sequence[str | None],
        found_niks: frozenset[str],
        *,
        as_of: date,
        with_kk: bool,
        households: HouseholdInputs | None = None,
    ) -> MatchKeys:
        """Collect what `rows` can match; KK numbers only when `with_kk` is true.

        `found_niks` are the valid NIKs of `rows` that the other list has.
        Rows with one of them are matched by NIK, so only the other rows
        contribute blocking keys, as in `niklib.audit.matching.match_rows`.
        KK numbers that `households` lists members for are left out: the
        audit takes those households from the inputs, not the registry.
        """
        kks: set[str] = set()
        if with_kk:
            for row in rows:
                text = row.values.get("kk", "")
                if text and niklib.kk.is_valid(text, as_of=as_of):
                    kk = niklib.kk.compact(text)
                    if households is None or not households.by_kk.get(kk):
                        kks.add(kk)
        unmatched = [
            row
            for row, nik in zip(rows, valid_niks, strict=True)
            if not row.is_blank and nik not in found_niks
        ]
        table = blocking_table(records_of(unmatched))
        keys = tuple(
            frozenset(key for key in rule.keys(table) if key is not None)
            for rule in DEFAULT_RULES
        )
        return cls(frozenset(n for n in valid_niks if n), frozenset(kks), keys)


def _plain(text: str) -> bool:
    """Return whether `text` is 16 ASCII digits, which is its own compact form."""
    return len(text) == 16 and text.isascii() and text.isdigit()


def _field_columns(
    frame: pd.DataFrame, fields: Mapping[str, str]
) -> dict[str, list[str]]:
    """Return each matched field's column of text, as `InputRow.values` contains it."""
    return {
        field: [
            cell_text(None if value is pd.NA else value).strip()
            for value in frame[header].tolist()
        ]
        for field, header in fields.items()
        if field in _MATCH_FIELDS
    }


def _field_values(
    frame: pd.DataFrame, fields: Mapping[str, str]
) -> list[dict[str, str]]:
    """Return each row's text by field, as `InputRow.values` contains it."""
    columns = _field_columns(frame, fields)
    names = list(columns)
    rows = zip(*columns.values(), strict=True) if columns else [()] * len(frame)
    return [dict(zip(names, parts, strict=True)) for parts in rows]


def _record_column(
    columns: Mapping[str, Sequence[str]], field: str, length: int
) -> Sequence[str]:
    """Return one field of each row's linkage record, "" where `record_of` has None."""
    if field == "address":
        empty = [""] * length
        return [
            " ".join(part for part in parts if part)
            for parts in zip(
                columns.get("address", empty),
                columns.get("village", empty),
                strict=True,
            )
        ]
    source = "district" if field == "region" else field
    if field == "id" or source not in columns:
        return [""] * length
    return columns[source]


def _key_parts(rule: BlockingRule) -> tuple[_KeyPart, ...] | None:
    """Return the part of the rule's key that each field gives, None if unknown."""
    if rule.key is None:
        return (_same,) * len(rule.fields)
    return _KEY_PARTS.get(rule.label)


def _normalized_texts(
    texts: Sequence[str], field: str, rows: npt.NDArray[np.bool_]
) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.object_], npt.NDArray[np.intp]]:
    """Normalise a field's distinct texts that occur in the selected `rows`.

    Returns each row's code, the normalised value of each distinct text
    (None where not computed), and the codes whose values were computed.
    """
    # No sentinel: every text, even an odd None, gets a code of its own.
    codes, distinct = pd.factorize(
        np.asarray(texts, dtype=object), use_na_sentinel=False
    )
    needed = np.zeros(len(distinct), dtype=np.bool_)
    needed[codes[rows]] = True
    computed = np.flatnonzero(needed)
    raw: list[object] = [distinct[code] or None for code in computed]
    table = Table(
        records=(), ids=tuple(range(len(raw))), columns={}, fields={field: raw}
    )
    values = np.full(len(distinct), None, dtype=object)
    # fromiter keeps each value whole, where an array of a list could unpack it.
    values[computed] = np.fromiter(
        normalized_field(table, field), dtype=object, count=len(raw)
    )
    return codes, values, computed


def _part_allowed(
    rule: BlockingRule,
    keys: frozenset[Hashable],
    index: int,
    values: npt.NDArray[np.object_],
) -> npt.NDArray[np.bool_]:
    """Return which values of the rule's field `index` some key in `keys` allows."""
    parts = _key_parts(rule)
    if parts is None:
        return np.array([value is not None for value in values], dtype=np.bool_)
    part = parts[index]
    expected_parts = {
        key[index]
        for key in keys
        if isinstance(key, tuple) and len(key) == len(rule.fields)
    }
    if part is _same:
        # A None value may pass here: the final check skips it.
        found = [value in expected_parts for value in values]
    else:
        found = [
            value is not None and part(value) in expected_parts for value in values
        ]
    return np.array(found, dtype=np.bool_)


def _blocked_mask(
    columns: Mapping[str, Sequence[str]], length: int, match_keys: MatchKeys
) -> npt.NDArray[np.bool_]:
    """Return which rows have a blocking key in `match_keys.keys`.

    The result is that of `BlockingRule.keys` over `blocking_table` of each
    row's `record_of`. But each field is normalised once per distinct
    text, and only for the rows that the fields before it have not ruled
    out. A row can only have one of a rule's keys when each part of its
    key is that part of one of the keys.
    """
    rules = [
        (rule, keys)
        for rule, keys in zip(DEFAULT_RULES, match_keys.keys, strict=True)
        if keys
    ]
    used = {field for rule, _ in rules for field in rule.fields}
    order = [f for f in _FIELD_ORDER if f in used] + sorted(used - set(_FIELD_ORDER))
    # Which rows each rule may still match, narrowed field by field.
    possible = {rule: np.ones(length, dtype=np.bool_) for rule, _ in rules}
    codes: dict[str, npt.NDArray[np.intp]] = {}
    normalized: dict[str, npt.NDArray[np.object_]] = {}
    for field in order:
        users = [(rule, keys) for rule, keys in rules if field in rule.fields]
        rows = np.logical_or.reduce([possible[rule] for rule, _ in users])
        texts = _record_column(columns, field, length)
        codes[field], normalized[field], computed = _normalized_texts(
            texts, field, rows
        )
        for rule, keys in users:
            for index, rule_field in enumerate(rule.fields):
                if rule_field == field:
                    allowed = np.zeros(len(normalized[field]), dtype=np.bool_)
                    allowed[computed] = _part_allowed(
                        rule, keys, index, normalized[field][computed]
                    )
                    possible[rule] &= allowed[codes[field]]

    keep = np.zeros(length, dtype=np.bool_)
    for rule, keys in rules:
        for row in np.flatnonzero(possible[rule] & ~keep):
            values = tuple(normalized[f][codes[f][row]] for f in rule.fields)
            if None in values:
                continue
            key = values if rule.key is None else rule.key(*values)
            if key is not None and key in keys:
                keep[row] = True
    return keep


def _candidate_mask(
    values: Sequence[Mapping[str, str]], match_keys: MatchKeys, as_of: date
) -> npt.NDArray[np.bool_]:
    """Return `_column_mask` of rows given as mappings of field to text."""
    fields: set[str] = set().union(*values)
    columns = {field: [row.get(field, "") for row in values] for field in fields}
    return _column_mask(columns, len(values), match_keys, as_of)


def _column_mask(
    columns: Mapping[str, Sequence[str]],
    length: int,
    match_keys: MatchKeys,
    as_of: date,
) -> npt.NDArray[np.bool_]:
    """Return which rows share a valid NIK, a KK number or a blocking key.

    `columns` contains each field's text by row, as `InputRow.values`
    does. The tests are those of `Reference.build`, `match_rows` and the
    audit's KK look-up, with the full NIK and KK checks skipped where a
    plain 16-digit text decides the result.
    """
    keep = _blocked_mask(columns, length, match_keys)
    niks, kks = match_keys.niks, match_keys.kks
    empty = [""] * length
    nik_column = columns.get("nik", empty)
    kk_column = columns.get("kk", empty) if kks else empty
    for index, (nik, kk) in enumerate(zip(nik_column, kk_column, strict=True)):
        if keep[index]:
            continue
        if nik in niks:  # a plain valid NIK
            keep[index] = True
            continue
        plain_nik = _plain(nik)
        if not plain_nik:
            if not nik or not niklib.is_valid(nik, as_of=as_of):
                continue
            if niklib.compact(nik) in niks:
                keep[index] = True
                continue
        # Registry members of a recipient's household, found by KK number.
        if not kk:
            continue
        if kk not in kks and (
            _plain(kk)
            or not niklib.kk.is_valid(kk, as_of=as_of)
            or niklib.kk.compact(kk) not in kks
        ):
            continue
        if plain_nik and not niklib.is_valid(nik, as_of=as_of):
            continue
        keep[index] = True
    return keep


def _found_partition(
    frame: pd.DataFrame,
    column: str,
    niks: frozenset[str],
    as_of: date,
    table: regions.RegionTable | None,
) -> pd.DataFrame:
    """Return the NIKs of `niks` that occur, valid, in one partition's column."""
    found: set[str] = set()
    with table_in_use(table):
        for value in frame[column].tolist():
            text = cell_text(None if value is pd.NA else value).strip()
            if text in niks:
                found.add(text)
                continue
            plain = len(text) == 16 and text.isascii() and text.isdigit()
            # Other text may hold a valid NIK with separators: compact it.
            if not plain and niklib.is_valid(text, as_of=as_of):
                compact = niklib.compact(text)
                if compact in niks:
                    found.add(compact)
    return pd.DataFrame({"nik": sorted(found)}, dtype=object)


def found_niks(
    frame: dd.DataFrame,
    column: str,
    niks: frozenset[str],
    *,
    as_of: date,
    table: object,
) -> frozenset[str]:
    """Return which of `niks` occur, valid, in `column` of `frame`.

    Only the NIK column is read, so this pass is much cheaper than the
    one that computes blocking keys.
    """
    nik_only = frame[[column]]
    found = nik_only.map_partitions(
        _found_partition,
        column,
        broadcast(niks),
        as_of,
        table,
        meta=pd.DataFrame({"nik": pd.Series([], dtype=object)}),
    )
    return frozenset(found.compute()["nik"])


def _gather_partition(
    frame: pd.DataFrame,
    headers: Sequence[str],
    fields: Mapping[str, str],
    match_keys: MatchKeys,
    as_of: date,
    table: regions.RegionTable | None,
    partition_info: dict[str, object] | None = None,
) -> pd.DataFrame:
    with table_in_use(table):
        columns = _field_columns(frame, fields)
        keep = _column_mask(columns, len(frame), match_keys, as_of)
    number = int(partition_info["number"]) if partition_info else 0  # type: ignore[call-overload]
    candidates = frame.loc[keep, list(headers)]
    return candidates.assign(
        **{
            _PARTITION: np.full(len(candidates), number, dtype=np.int64),
            _LOCAL: np.flatnonzero(keep).astype(np.int64),
        }
    )


def candidate_records(
    frame: dd.DataFrame,
    fields: Mapping[str, str],
    match_keys: MatchKeys,
    *,
    as_of: date,
    table: object,
) -> dd.DataFrame:
    """Return, lazily, the records of `frame` that share something with `match_keys`.

    `fields` maps field names to the frame's columns. Each record keeps
    its columns and gains its partition number and its position in that
    partition. `match_keys` is sent to each worker once, not with every
    task.
    """
    headers = [str(column) for column in frame.columns]
    meta = frame._meta[headers].assign(
        **{
            _PARTITION: np.array([], dtype=np.int64),
            _LOCAL: np.array([], dtype=np.int64),
        }
    )
    return frame.map_partitions(
        _gather_partition,
        headers,
        dict(fields),
        broadcast(match_keys),
        as_of,
        table,
        partition_info=True,
        meta=meta,
    )


def gather_reference(
    frame: dd.DataFrame,
    *,
    name: str,
    rows: Sequence[InputRow],
    valid_niks: Sequence[str | None],
    as_of: date,
    with_kk: bool,
    table: object,
    households: HouseholdInputs | None = None,
) -> Reference:
    """Return a `Reference` of the records of `frame` that `rows` can match.

    Reads `frame` twice: once for the NIK column alone, to learn which
    rows will be matched by NIK, then whole, to keep the records those
    rows match and the records that share a blocking key with the other
    rows. Row numbers count from the header as in a file read
    whole (the first record is row 2). The reference's `size` is the
    number of records in the whole frame, so matching gives the same
    results as on the whole list.
    """
    if any(not isinstance(column, str) for column in frame.columns):
        frame = frame.rename(columns=str)
    headers = [str(column) for column in frame.columns]
    repeated = sorted({h for h in headers if headers.count(h) > 1})
    if repeated:
        raise UnreadableInputError(
            f"{name}: the column names {', '.join(map(repr, repeated))} appear more "
            "than once; rename the columns so that each name is unique"
        )
    mapping = map_columns(headers, required=("nik", "name"), source=name)
    recipient_niks = frozenset(n for n in valid_niks if n)
    try:
        present = found_niks(
            frame, mapping.fields["nik"], recipient_niks, as_of=as_of, table=table
        )
    except pd.errors.ParserError as error:
        # The parser's line numbers count from the start of one block.
        raise UnreadableInputError(
            f"{name}: a row cannot be read as CSV ({error}); fix the row's "
            "delimiters and quotes, or audit the list without Dask, whose "
            "reader marks such rows and goes on"
        ) from None
    match_keys = MatchKeys.of(rows, valid_niks, present, as_of=as_of, with_kk=with_kk)
    candidates = candidate_records(
        frame, mapping.fields, match_keys, as_of=as_of, table=table
    )
    # The partition lengths number the kept records. They are counted on the
    # whole frame, because the NIK column alone may be split differently.
    gathered, lengths = compute(candidates, frame.map_partitions(len))
    offsets = np.concatenate([[0], np.cumsum(np.asarray(lengths, dtype=np.int64))])
    positions = offsets[gathered[_PARTITION].to_numpy()] + gathered[_LOCAL].to_numpy()
    order = np.argsort(positions, kind="stable")
    gathered = gathered.iloc[order]
    positions = positions[order]
    found = read_records(
        partition_records(gathered, headers),
        columns=dict(mapping.fields),
        required=(),
        source=name,
        headers=headers,
    )
    numbered = tuple(
        attrs.evolve(row, row_number=int(position) + 2)
        for row, position in zip(found.rows, positions, strict=True)
    )
    logger.info(
        "%s: kept %d of %d records that the recipient list can match",
        name,
        len(numbered),
        int(offsets[-1]),
    )
    return Reference.build(
        attrs.evolve(found, rows=numbered), as_of=as_of, size=int(offsets[-1])
    )
