"""Prepared records: each comparison's arrays, built once per list of records."""

from __future__ import annotations

import numbers
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from niklib.linkage.comparisons import Column, Comparison
from niklib.linkage.records import FIELDS, ColumnMap, collect, is_missing

__all__ = ["Table", "prepare"]


@attrs.frozen(eq=False)
class Table:
    """A list of records prepared for comparison.

    `columns` maps each comparison's name to its prepared arrays; `ids`
    contains each record's ``id`` value, or its position when it has none.
    """

    records: Sequence[Mapping[str, object]]
    ids: tuple[object, ...]
    columns: Mapping[str, Column]
    fields: Mapping[str, list[object]]
    #: Normalised field values and blocking keys, filled on first use.
    cache: dict[object, list[Any]] = attrs.field(factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.ids)

    def __repr__(self) -> str:
        # Records hold NIKs and names, so the repr shows counts only.
        return f"Table({len(self.ids)} records, comparisons: {', '.join(self.columns)})"


def _check_columns(columns: ColumnMap) -> None:
    for key, source in columns.items():
        if not isinstance(key, str):
            raise TypeError(f"column map keys must be str field names, got {key!r}")
        valid = isinstance(source, str) or (
            isinstance(source, Sequence)
            and all(isinstance(part, str) for part in source)
        )
        if not valid:
            raise TypeError(
                f"column map entry for {key!r} must be a column name or a tuple of "
                f"column names, got {source!r}"
            )


def _check_sources(
    columns: ColumnMap, rows: Sequence[Mapping[str, object]], known: set[str]
) -> None:
    """Raise ValueError for map keys that are no field and columns no record has."""
    unknown = sorted(set(columns) - known)
    if unknown:
        raise ValueError(
            f"column map names unknown fields: {', '.join(unknown)}; "
            f"known fields: {', '.join(sorted(known))}"
        )
    if not rows:
        return
    seen: set[object] = set()
    for record in rows:
        seen.update(record.keys())
    absent = []
    for key, source in columns.items():
        parts = [source] if isinstance(source, str) else list(source)
        absent += [f"{key} -> {part}" for part in parts if part not in seen]
    if absent:
        found = ", ".join(sorted(str(column) for column in seen))
        raise ValueError(
            "column map names columns that no record has: "
            f"{'; '.join(absent)}. Columns found: {found}"
        )


def _check_fields_found(
    columns: ColumnMap,
    rows: Sequence[Mapping[str, object]],
    needed: Iterable[str],
    name: str,
) -> None:
    """Raise ValueError when no record has a column for any field in `needed`."""
    seen: set[object] = set()
    for record in rows:
        seen.update(record.keys())
    if not seen:
        return
    fields = sorted(set(needed) - {"id"})
    for field in fields:
        source = columns.get(field, field)
        parts = [source] if isinstance(source, str) else list(source)
        if any(part in seen for part in parts):
            return
    keys = sorted(str(key) for key in seen)
    listed = ", ".join(keys[:12])
    if len(keys) > 12:
        listed += f" and {len(keys) - 12} more"
    raise ValueError(
        f"{name}: none of the fields the model compares ({', '.join(fields)}) "
        f"is among the record keys ({listed}), so every comparison would read "
        "as missing. Map your columns to these fields with columns=, for "
        "example columns={'nik': 'NIK', 'name': 'NAMA', 'birth_date': 'TGL_LAHIR'}"
    )


# Fields that hold free text, and the types each reads besides str. Any
# other value that is not missing raises TypeError, because its str()
# would be compared as if it were text. The coded fields are lenient
# instead: an unreadable NIK, KK, birth date or sex reads as missing.
_TEXT_FIELDS: dict[str, tuple[type, ...]] = {
    "name": (str,),
    "address": (str,),
    "region": (str, numbers.Integral),
}


def _check_text_fields(
    fields: Mapping[str, Sequence[object]], name: str | None
) -> None:
    """Raise TypeError, naming the record, for a value that is not text."""
    for field, types in _TEXT_FIELDS.items():
        values = fields.get(field, ())
        for position, value in enumerate(values):
            if isinstance(value, types) and not isinstance(value, bool):
                continue
            if is_missing(value):
                continue
            if name is None:
                record = f"record {position}"
            elif len(values) == 1:
                record = name
            else:
                record = f"{name}, record {position}"
            expected = "a str or None" if types == (str,) else "a str, an int or None"
            raise TypeError(
                f"{record}: {field} must be {expected}, got "
                f"{type(value).__name__}; convert the column to text before linking"
            )


def prepare(
    records: Iterable[Mapping[str, object]],
    comparisons: Sequence[Comparison],
    *,
    columns: ColumnMap | None = None,
    extra_fields: Sequence[str] = (),
    name: str | None = None,
) -> Table:
    """Read and normalise the fields every comparison needs, once per record.

    Raises TypeError if a record is not a mapping, or if a name, address or
    region value is not text (a region may also be an int code), naming
    the record's position (after `name`, the list's name in messages, when
    given). Raises ValueError if the column map names an unknown field or
    a column that no record has. With a `name`, also raises ValueError
    when no record has a column for any field that the comparisons or
    `extra_fields` read.
    """
    columns = dict(columns or {})
    _check_columns(columns)
    if type(records).__name__ == "DataFrame" and hasattr(records, "to_dict"):
        records = records.to_dict("records")  # a pandas DataFrame, one per row
    elif isinstance(records, (str, bytes, Mapping)) or not isinstance(
        records, Iterable
    ):
        raise TypeError(
            "records must be a list of mappings such as dicts, or a pandas "
            f"DataFrame, got {type(records).__name__}"
        )
    rows = list(records)
    for position, record in enumerate(rows):
        if not isinstance(record, Mapping):
            raise TypeError(
                f"record {position} is a {type(record).__name__}, expected a "
                "mapping such as a dict; convert rows with dict(...) or "
                "DataFrame.to_dict('records')"
            )
    needed = {c.field for c in comparisons} | set(extra_fields)
    _check_sources(columns, rows, set(FIELDS) | needed)
    if name is not None:
        _check_fields_found(columns, rows, needed, name)
    ids_raw = collect(rows, "id", columns)
    ids = tuple(i if i is not None else position for position, i in enumerate(ids_raw))

    fields: dict[str, list[object]] = {}
    for field in needed:
        fields[field] = collect(rows, field, columns)
    _check_text_fields(fields, name)
    prepared = {c.name: c.prepare(fields[c.field]) for c in comparisons}
    return Table(records=rows, ids=ids, columns=prepared, fields=fields)
