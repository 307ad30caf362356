"""The audit's row checks on Dask inputs, with partitioned outputs.

Each partition runs the checks that look at one row alone: NIK validity,
the NIK against the row's birth date and sex, NIKs issued outside the
programme's province, the KK number and malformed or blank rows. The
result for a row equals the identity part of `niklib.audit.audit` for the
same row.
"""

# mypy: disable-error-code="no-untyped-call,no-any-return"
# (dask ships no type hints, so its calls and results are untyped.)

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import attrs
import dask.dataframe as dd
import pandas as pd

import niklib
from niklib import regions
from niklib._dask._common import (
    POSITION,
    as_frame,
    fixed_as_of,
    region_table,
    table_in_use,
    with_positions,
)
from niklib._dask.records import partition_records
from niklib.audit.columns import ColumnMapping, map_columns
from niklib.audit.eligibility import regency_code_of
from niklib.audit.identity import check_identity
from niklib.audit.issues import status_of
from niklib.audit.readers import read_records
from niklib.audit.writers import escape_cell

__all__ = ["ROW_COLUMNS", "check_rows", "write_rows"]

#: Columns of `check_rows`, the first columns of the audit's findings.csv.
ROW_COLUMNS = (
    "row", "status", "codes", "messages", "nik_masked", "name", "regency_code",
)  # fmt: skip


def _rows_partition(
    frame: pd.DataFrame,
    headers: Sequence[str],
    mapping: ColumnMapping,
    as_of: date,
    province: str | None,
    table: regions.RegionTable | None,
) -> pd.DataFrame:
    with table_in_use(table):
        return _check_partition(frame, headers, mapping, as_of, province)


def _check_partition(
    frame: pd.DataFrame,
    headers: Sequence[str],
    mapping: ColumnMapping,
    as_of: date,
    province: str | None,
) -> pd.DataFrame:
    records = partition_records(frame, headers)
    rows = read_records(records, columns=dict(mapping.fields), required=()).rows
    output: dict[str, list[object]] = {name: [] for name in ROW_COLUMNS}
    for position, row in zip(frame[POSITION].tolist(), rows, strict=True):
        # Row numbers count from the header, as in a file read whole.
        row = attrs.evolve(row, row_number=int(position) + 2)
        identity = check_identity(row, as_of=as_of, province=province)
        regency = regency_code_of(row, province)
        if regency is None and identity.nik.regency is not None:
            regency = identity.nik.regency.code
        output["row"].append(row.row_number)
        output["status"].append(status_of(identity.issues))
        output["codes"].append(";".join(i.code.value for i in identity.issues))
        output["messages"].append(" | ".join(i.message for i in identity.issues))
        output["nik_masked"].append(niklib.mask(row.values.get("nik", "")))
        output["name"].append(row.values.get("name", ""))
        output["regency_code"].append(regency)
    return pd.DataFrame(output, index=frame.index)


def _rows_meta() -> pd.DataFrame:
    columns: dict[str, pd.Series] = {
        name: pd.Series([], dtype=object) for name in ROW_COLUMNS
    }
    columns["row"] = pd.Series([], dtype="int64")
    return pd.DataFrame(columns)


def check_rows(
    recipients: Any,
    *,
    as_of: date | None = None,
    province: str | None = "36",
    columns: Mapping[str, str] | None = None,
) -> dd.DataFrame:
    """Run the audit's per-row checks on a Dask (or pandas) DataFrame.

    Read files with NIK columns as text, for example
    ``dd.read_csv(path, dtype=str, keep_default_na=False)`` or Parquet with
    string columns: a numeric NIK column is flagged as spreadsheet damage
    on every row. `columns` maps field names to headers where the
    automatic mapping does not find them; `province` is the programme's
    province code (None for national programmes). Returns one row per
    input row with the columns `ROW_COLUMNS`, ``row`` being the position
    in the whole input plus 2 (the header is row 1).
    """
    frame = as_frame(recipients, name="recipients")
    headers = [str(name) for name in frame.columns]
    mapping = map_columns(
        headers, explicit=columns, required=("nik", "name"), source="recipients"
    )
    positioned, _ = with_positions(frame)
    return positioned.map_partitions(
        _rows_partition,
        headers,
        mapping,
        fixed_as_of(as_of),
        province,
        region_table(),
        meta=_rows_meta(),
    )


def _escaped(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.map(escape_cell)


def write_rows(
    rows: dd.DataFrame, folder: str | os.PathLike[str], *, file_format: str = "parquet"
) -> list[Path]:
    """Write row results as one file per partition into `folder`; return the paths.

    ``file_format="csv"`` writes ``rows-<n>.csv`` files whose cells are
    escaped against spreadsheet formulas, as the audit's CSV outputs are;
    ``"parquet"`` writes a Parquet dataset.
    """
    target = Path(folder)
    if file_format == "parquet":
        rows.to_parquet(target, write_index=False)
        return sorted(target.glob("*.parquet"))
    if file_format == "csv":
        target.mkdir(parents=True, exist_ok=True)
        meta = rows._meta.astype(object)
        escaped = rows.map_partitions(_escaped, meta=meta)
        written = escaped.to_csv(
            str(target / "rows-*.csv"), index=False, name_function=str
        )
        return [Path(path) for path in written]
    raise ValueError(f"file_format must be 'parquet' or 'csv', got {file_format!r}")
