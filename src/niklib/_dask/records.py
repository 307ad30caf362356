"""Linkage records from pandas partitions, read as `niklib.linkage.link` reads them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from niklib.linkage import Model
from niklib.linkage.blocking import BlockingRule
from niklib.linkage.records import ColumnMap, collect

__all__ = ["linkage_fields", "partition_ids", "partition_records", "source_columns"]


def linkage_fields(model: Model, rules: Sequence[BlockingRule]) -> list[str]:
    """Return the standard fields that `link` reads for this model and these rules."""
    fields = {c.field for c in model.comparisons}
    fields |= {f for rule in rules for f in rule.fields}
    return sorted(fields | {"nik", "birth_date", "sex"})


def source_columns(
    fields: Iterable[str], columns: ColumnMap, available: Iterable[str]
) -> list[str]:
    """Return the input columns that hold `fields`, the ``id`` and every mapped field.

    Only columns the input has are returned. Every column the map names
    is kept, so that `niklib.linkage.table.prepare` finds them in each
    partition's records.
    """
    present = set(available)
    names: set[str] = set()
    for field in {*fields, "id", *columns}:
        source = columns.get(field, field)
        parts = [source] if isinstance(source, str) else list(source)
        names.update(part for part in parts if part in present)
    return sorted(names)


def partition_records(
    frame: pd.DataFrame, names: Sequence[str], prefix: str = ""
) -> list[dict[str, object]]:
    """Return the rows of `frame` as records keyed by the unprefixed column names.

    Text columns that Dask stored as ``string[pyarrow]`` give None for an
    empty cell, as the source records did before Dask converted them.
    """
    data: dict[str, list[object]] = {}
    for name in names:
        column = frame[prefix + name]
        if isinstance(column.dtype, pd.StringDtype):
            column = column.astype(object).where(column.notna(), None)
        data[name] = column.tolist()
    size = len(frame)
    return [{name: data[name][i] for name in names} for i in range(size)]


def partition_ids(
    records: Sequence[dict[str, object]],
    positions: Sequence[int],
    columns: ColumnMap,
) -> list[object]:
    """Return each record's ``id``, or its position in the whole input without one."""
    raw = collect(records, "id", columns)
    return [
        int(position) if value is None else value
        for value, position in zip(raw, positions, strict=True)
    ]
