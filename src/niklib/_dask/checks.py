"""NIK checks over a Dask Series, partition by partition with the pandas accessor."""

# mypy: disable-error-code="no-untyped-call,no-any-return"
# (dask ships no type hints, so its calls and results are untyped.)

from __future__ import annotations

from datetime import date
from typing import Any

import dask.dataframe as dd
import pandas as pd

import niklib
import niklib.pandas  # registers Series.nik in every worker process
from niklib import regions
from niklib._dask._common import fixed_as_of, region_table, table_in_use

__all__ = ["check", "is_valid", "mask", "parse", "pseudonymize"]

# A synthetic NIK, used to validate a pseudonymisation key before any task runs.
_SAMPLE_NIK = "3604054107990003"


def _object_values(series: pd.Series) -> pd.Series:
    """Return `series` as object dtype, with missing strings as None.

    Dask stores text columns as ``string[pyarrow]``, where an empty cell is
    ``pd.NA``. The per-value functions get None for it, the value the cell
    held before Dask converted it, so a missing NIK reads as a placeholder.
    """
    if isinstance(series.dtype, pd.StringDtype):
        values = series.astype(object)
        return values.where(series.notna(), None)
    return series.astype(object)


Table = regions.RegionTable | None


def _is_valid_partition(series: pd.Series, as_of: date, table: Table) -> pd.Series:
    with table_in_use(table):
        return _object_values(series).nik.is_valid(as_of=as_of)


def _parse_partition(series: pd.Series, as_of: date, table: Table) -> pd.DataFrame:
    with table_in_use(table):
        return _object_values(series).nik.parse(as_of=as_of)


def _check_partition(series: pd.Series, as_of: date, table: Table) -> pd.DataFrame:
    with table_in_use(table):
        return _object_values(series).nik.check(as_of=as_of)


def _mask_partition(series: pd.Series, table: Table) -> pd.Series:
    with table_in_use(table):
        return _object_values(series).nik.mask()


def _pseudonymize_partition(
    series: pd.Series, key: str | bytes, table: Table
) -> pd.Series:
    with table_in_use(table):
        return _object_values(series).nik.pseudonymize(key)


def _require_series(series: Any) -> dd.Series:
    if not isinstance(series, dd.Series):
        raise TypeError(
            "expected a dask.dataframe.Series of NIKs, got "
            f"{type(series).__name__}; select one column, e.g. frame['nik']"
        )
    return series


def _meta(function: Any, series: dd.Series, *args: object) -> Any:
    return function(pd.Series([], dtype=object, name=series.name), *args, None)


def is_valid(series: dd.Series, *, as_of: date | None = None) -> dd.Series:
    """Return a boolean Series: `niklib.is_valid` of every element."""
    series = _require_series(series)
    reference = fixed_as_of(as_of)
    meta = _meta(_is_valid_partition, series, reference)
    return series.map_partitions(
        _is_valid_partition, reference, region_table(), meta=meta
    )


def parse(series: dd.Series, *, as_of: date | None = None) -> dd.DataFrame:
    """Decode every element into the columns of ``Series.nik.parse``."""
    series = _require_series(series)
    reference = fixed_as_of(as_of)
    meta = _meta(_parse_partition, series, reference)
    return series.map_partitions(_parse_partition, reference, region_table(), meta=meta)


def check(series: dd.Series, *, as_of: date | None = None) -> dd.DataFrame:
    """Return ``valid``, ``reasons`` and ``messages`` for every element.

    Messages never contain a full NIK.
    """
    series = _require_series(series)
    reference = fixed_as_of(as_of)
    meta = _meta(_check_partition, series, reference)
    return series.map_partitions(_check_partition, reference, region_table(), meta=meta)


def mask(series: dd.Series) -> dd.Series:
    """Return the masked display form of every element (`niklib.mask`)."""
    series = _require_series(series)
    meta = _meta(_mask_partition, series)
    return series.map_partitions(_mask_partition, region_table(), meta=meta)


def pseudonymize(series: dd.Series, key: str | bytes) -> dd.Series:
    """Return `niklib.pseudonymize` of every element; None where it is not a NIK."""
    series = _require_series(series)
    # Raises the key's ValueError here, on the client, not inside a task.
    niklib.pseudonymize(_SAMPLE_NIK, key)
    meta = _meta(_pseudonymize_partition, series, key)
    return series.map_partitions(
        _pseudonymize_partition, key, region_table(), meta=meta
    )
