"""Helpers shared by the Dask integration: inputs, positions and broadcasting."""

# mypy: disable-error-code="no-untyped-call,no-any-return"
# (dask ships no type hints, so its calls and results are untyped.)

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from typing import Any

import dask.dataframe as dd
import numpy as np
import pandas as pd
from dask.delayed import delayed

from niklib import regions
from niklib._structure import resolve_as_of

__all__ = [
    "POSITION",
    "as_frame",
    "broadcast",
    "fixed_as_of",
    "region_table",
    "table_in_use",
    "with_positions",
]

#: Column holding each row's position in the whole collection (0-based).
POSITION = "_niklib_position"


def as_frame(data: Any, *, name: str, npartitions: int = 1) -> dd.DataFrame:
    """Return `data` as a Dask DataFrame; a pandas DataFrame is wrapped as it is."""
    if isinstance(data, dd.DataFrame):
        return data
    if isinstance(data, pd.DataFrame):
        return dd.from_pandas(data, npartitions=npartitions, sort=False)
    raise TypeError(
        f"{name} must be a dask.dataframe.DataFrame or a pandas DataFrame, got "
        f"{type(data).__name__}; read files with dask.dataframe.read_parquet or "
        "read_csv(..., dtype=str)"
    )


def broadcast(value: object) -> Any:
    """Wrap `value` so a graph holds it once and each worker receives it once.

    Passed as an argument to ``map_partitions``, the wrapped value is one
    task that every partition task depends on, so the scheduler sends it
    to each worker once instead of pickling it into every task.
    """
    return delayed(value, traverse=False)


def fixed_as_of(as_of: date | None) -> date:
    """Return the reference date, fixed on the client so every worker uses it."""
    return resolve_as_of(as_of)


def _add_positions(
    partition: pd.DataFrame, offsets: list[int], partition_info: Any = None
) -> pd.DataFrame:
    number = partition_info["number"] if partition_info else 0
    start = offsets[number]
    positions = np.arange(start, start + len(partition), dtype=np.int64)
    return partition.assign(**{POSITION: positions})


def with_positions(frame: dd.DataFrame) -> tuple[dd.DataFrame, int]:
    """Add the `POSITION` column and return the frame and its row count.

    Counting the rows of each partition reads the input once.
    """
    lengths = [int(n) for n in frame.map_partitions(len).compute()]
    offsets = [0, *np.cumsum(lengths).tolist()]
    meta = frame._meta.assign(**{POSITION: np.array([], dtype=np.int64)})
    positioned = frame.map_partitions(
        _add_positions, offsets, partition_info=True, meta=meta
    )
    return positioned, offsets[-1]


def region_table() -> Any:
    """Return the client's region table for the workers, or None for the shipped one.

    Workers load the shipped table from the package data once per process.
    A table set with `niklib.regions.use_table` on the client exists only
    there, so it is broadcast to the workers with the tasks.
    """
    if regions._override is None:  # private: whether use_table is active
        return None
    return broadcast(regions.default_table())


_TABLE_LOCK = threading.Lock()


@contextmanager
def table_in_use(table: regions.RegionTable | None) -> Iterator[None]:
    """Run a block with `table` as the default region table (None: leave it).

    `niklib.regions.use_table` sets a process-wide table, so tasks that
    need another table run one at a time in each worker process.
    """
    if table is None:
        yield
        return
    with _TABLE_LOCK, regions.use_table(table):
        yield
