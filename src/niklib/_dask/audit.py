"""The whole audit with the registry and other programmes' lists on Dask.

The recipient list is read into the client, as `niklib.audit.audit` reads
it: its duplicates, identity checks and eligibility decisions need the
whole list at once, and lists of a few million rows fit in memory. The
registry and the other lists stay distributed: each partition keeps only
the records a recipient row can match (see `niklib._dask.gather`). The
client matches the rows against those records with the same code as the
single-process audit, so the results are equal.
"""

# mypy: disable-error-code="no-untyped-call,no-any-return"
# (dask ships no type hints, so its calls and results are untyped.)

from __future__ import annotations

import datetime
import os
from collections.abc import Mapping, Sequence
from typing import Any

import dask.dataframe as dd
import pandas as pd

from niklib._dask._common import as_frame, region_table
from niklib._dask.files import read_list
from niklib._dask.gather import gather_reference
from niklib._dask.records import partition_records
from niklib.audit.core import Progress, Settings, audit_table
from niklib.audit.matching import Reference
from niklib.audit.readers import InputRow, InputTable, read_records, read_table
from niklib.audit.result import AuditResult
from niklib.linkage import Model

__all__ = ["audit"]


def _recipients(
    recipients: Any, columns: Mapping[str, str] | None, sheet: str | None
) -> InputTable:
    """Read the recipient list into memory: a file path, or a pandas or Dask frame."""
    if isinstance(recipients, (str, os.PathLike)):
        return read_table(
            recipients, columns=columns, required=("nik", "name"), sheet=sheet
        )
    if isinstance(recipients, dd.DataFrame):
        recipients = recipients.compute()
    if not isinstance(recipients, pd.DataFrame):
        raise TypeError(
            "recipients must be a file path, a pandas DataFrame or a "
            f"dask.dataframe.DataFrame, got {type(recipients).__name__}"
        )
    headers = [str(column) for column in recipients.columns]
    renamed = recipients.set_axis(headers, axis=1)
    return read_records(
        partition_records(renamed, headers),
        columns=columns,
        required=("nik", "name"),
        source="recipients",
        headers=headers,
    )


def _frame(source: Any, name: str, labels: dict[int, str]) -> dd.DataFrame:
    """Return a list as a Dask DataFrame, reading a path with `read_list`.

    Frames read from a path are labelled with it in `labels`, by identity,
    so that messages name the file.
    """
    if isinstance(source, (str, os.PathLike)):
        frame = read_list(source)
        labels[id(frame)] = os.fspath(source)
        return frame
    if isinstance(source, (dd.DataFrame, pd.DataFrame)):
        return as_frame(source, name=name)
    raise TypeError(
        f"{name} must be a file path, a dask.dataframe.DataFrame or a pandas "
        f"DataFrame, got {type(source).__name__}; niklib.dask.read_list reads "
        "CSV and Parquet files with every column as text"
    )


def audit(
    recipients: Any,
    *,
    registry: Any = None,
    exclude: Mapping[str, Any] | None = None,
    households: str | os.PathLike[str] | None = None,
    programme: str | os.PathLike[str] = "jamsosratu",
    as_of: datetime.date | None = None,
    columns: Mapping[str, str] | None = None,
    province: str | None = "36",
    model: Model | None = None,
    threshold: float = 0.9,
    allocation: Mapping[str, int] | None = None,
    sheet: str | None = None,
    progress: Progress | None = None,
) -> AuditResult:
    """Run `niklib.audit.audit` with the registry and other lists as Dask DataFrames.

    `registry` and the values of `exclude` are file paths, read with
    `niklib.dask.read_list`, or Dask (or pandas) DataFrames with every
    column as text, for example from ``dd.read_parquet(folder)`` with
    string columns. `recipients` is a file
    path, a pandas DataFrame or a Dask DataFrame, and is read into memory.
    The other arguments are those of `niklib.audit.audit`, and the result
    is equal to its result on the same data. Row numbers of the registry
    and other lists count records from 2 (the header is row 1) across all
    partitions in order.
    """
    settings = Settings.check(
        exclude=exclude,
        households=households,
        programme=programme,
        as_of=as_of,
        province=province,
        model=model,
        threshold=threshold,
        allocation=allocation,
        progress=progress,
    )
    registry_frame = None
    labels: dict[int, str] = {}
    if registry is not None:
        registry_frame = _frame(registry, "registry", labels)
    others = None
    if exclude is not None:
        others = {
            name: _frame(source, f"exclude[{name!r}]", labels)
            for name, source in exclude.items()
        }
    table = _recipients(recipients, columns, sheet)
    shipped_table = region_table()

    def load_list(
        name: str, source: Any, rows: Sequence[InputRow], niks: Sequence[str | None]
    ) -> Reference:
        return gather_reference(
            source,
            name=labels.get(id(source), name),
            rows=rows,
            valid_niks=niks,
            as_of=settings.as_of,
            with_kk=source is registry_frame,
            table=shipped_table,
            households=settings.households,
        )

    return audit_table(
        table,
        registry=registry_frame,
        exclude=others,
        settings=settings,
        load_list=load_list,
    )
