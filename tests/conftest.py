"""Fixtures shared by the test suite.

Logic tests run against a tiny region table in ``tests/fixtures/regions``
(the shipped CSV format), so they do not change when a new Kemendagri
edition is shipped. Only ``tests/regions/test_shipped_table.py`` reads the
shipped table on purpose.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from niklib.regions import RegionTable, use_table

FIXTURE_REGIONS = Path(__file__).parent / "fixtures" / "regions"


def pytest_ignore_collect(collection_path: Path) -> bool | None:
    """Skip conftest files as doctest modules; pytest still loads them as conftests.

    With ``--doctest-modules`` each ``conftest.py`` is also collected as a
    module named ``conftest``, and two of them in one run (``pytest
    tests/dask tests/linkage``) clash by that name. None of them has doctests.
    """
    return True if collection_path.name == "conftest.py" else None


@pytest.fixture(scope="session")
def fixture_table() -> RegionTable:
    """The tiny test region table, loaded once."""
    return RegionTable.from_directory(FIXTURE_REGIONS)


@pytest.fixture(scope="module")
def fixture_regions(fixture_table: RegionTable) -> Iterator[RegionTable]:
    """Make the tiny table the default for every test in the requesting module.

    Module scope keeps hypothesis tests free of function-scoped fixtures; the
    shipped table is back in use when the module ends.
    """
    with use_table(fixture_table):
        yield fixture_table
