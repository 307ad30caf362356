"""The TOML reader: `tomllib` from Python 3.11, the `tomli` backport before."""

from __future__ import annotations

import sys

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised only on Python 3.10
    import tomli as tomllib  # type: ignore[import-not-found]

__all__ = ["tomllib"]
