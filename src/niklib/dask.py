"""Dask integration: NIK checks, linkage and the audit on Dask DataFrames.

The same work as `niklib.pandas`, `niklib.linkage` and `niklib.audit`,
partition by partition, on whichever Dask scheduler is active: the local
threads by default, or a ``dask.distributed.Client`` on one machine or a
cluster. Results equal those of a single-process run on the same rows::

    import dask.dataframe as dd
    import niklib.dask

    people = dd.read_parquet("registry/")
    valid = niklib.dask.is_valid(people["NIK"])
    result = niklib.dask.link(recipients, people, columns=column_map)
    report = niklib.dask.audit("list.csv", registry=people)

Needs the ``dask`` extra: ``pip install 'niklib[dask]'``.
"""

from __future__ import annotations

try:
    import dask.dataframe  # noqa: F401
except ImportError as error:  # pragma: no cover - depends on the environment
    raise ImportError(
        "niklib.dask needs dask.dataframe; install it with: pip install 'niklib[dask]'"
    ) from error

from niklib._dask.audit import audit
from niklib._dask.checks import check, is_valid, mask, parse, pseudonymize
from niklib._dask.files import read_list
from niklib._dask.linkage import dedupe, link
from niklib._dask.result import Components, DaskLinkResult
from niklib._dask.rows import ROW_COLUMNS, check_rows, write_rows

__all__ = [
    "ROW_COLUMNS",
    "Components",
    "DaskLinkResult",
    "audit",
    "check",
    "check_rows",
    "dedupe",
    "is_valid",
    "link",
    "mask",
    "parse",
    "pseudonymize",
    "read_list",
    "write_rows",
]
