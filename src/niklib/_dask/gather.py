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
from collections.abc import Hashable, Mapping, Sequence
from datetime import date

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
from niklib.audit.matching import Reference, blocking_table, record_of, records_of
from niklib.audit.readers import (
    InputRow,
    UnreadableInputError,
    cell_text,
    read_records,
)
from niklib.linkage import DEFAULT_RULES

__all__ = ["MatchKeys", "candidate_records", "found_niks", "gather_reference"]

logger = logging.getLogger("niklib.audit")

# The fields that matching, blocking and the KK look-up read.
_MATCH_FIELDS = frozenset(
    {"nik", "kk", "name", "birth_date", "sex", "address", "village", "district"}
)
_PARTITION = "_niklib_partition"
_LOCAL = "_niklib_local"


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


def _field_values(
    frame: pd.DataFrame, fields: Mapping[str, str]
) -> list[dict[str, str]]:
    """Return each row's text by field, as `InputRow.values` contains it."""
    columns: dict[str, list[str]] = {}
    for field, header in fields.items():
        if field in _MATCH_FIELDS:
            columns[field] = [
                cell_text(None if value is pd.NA else value).strip()
                for value in frame[header].tolist()
            ]
    names = list(columns)
    rows = zip(*columns.values(), strict=True) if columns else [()] * len(frame)
    return [dict(zip(names, parts, strict=True)) for parts in rows]


def _candidate_mask(
    values: Sequence[Mapping[str, str]], match_keys: MatchKeys, as_of: date
) -> npt.NDArray[np.bool_]:
    """Return which rows share a valid NIK, a KK number or a blocking key.

    The tests are those of `Reference.build`, `match_rows` and the audit's
    KK look-up, with the full NIK and KK checks skipped where a plain
    16-digit text decides the result.
    """
    keep = np.zeros(len(values), dtype=np.bool_)
    if any(match_keys.keys):
        table = blocking_table([record_of(v, i) for i, v in enumerate(values)])
        for rule, rule_keys in zip(DEFAULT_RULES, match_keys.keys, strict=True):
            if rule_keys:
                for index, key in enumerate(rule.keys(table)):
                    if key is not None and key in rule_keys:
                        keep[index] = True
    niks, kks = match_keys.niks, match_keys.kks
    for index, row in enumerate(values):
        if keep[index]:
            continue
        nik = row.get("nik", "")
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
        kk = row.get("kk", "")
        if not kks or not kk:
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
        keep = _candidate_mask(_field_values(frame, fields), match_keys, as_of)
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
