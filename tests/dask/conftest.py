"""A two-process Dask cluster and a small synthetic dataset for the Dask tests.

The cluster is started once per session: worker processes make pickling
and per-process state (string hashes, caches, region tables) real.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

pytest.importorskip("dask.dataframe")
distributed = pytest.importorskip("dask.distributed")

import pandas as pd  # noqa: E402  (after the skips above)

from niklib import synth  # noqa: E402


@pytest.fixture(scope="session")
def client() -> Iterator[object]:
    """A client of a LocalCluster with two single-threaded worker processes."""
    cluster = distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
    )
    with cluster, distributed.Client(cluster) as connected:
        yield connected


@pytest.fixture(scope="session")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic Banten registry of 2,000 people and two short lists.

    Fewer than the 200 households requested for each list qualify, so the
    lists take every qualifying household their rules allow.
    """
    folder = tmp_path_factory.mktemp("synthetic")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", synth.ShortListWarning)
        synth.write_dataset(
            folder,
            synth.PopulationSpec(size=2_000, seed=11),
            jamsosratu_size=200,
            pkh_size=200,
        )
    return folder


@pytest.fixture(scope="session")
def registry(dataset: Path) -> pd.DataFrame:
    """The registry, every column read as text."""
    return pd.read_csv(dataset / "registry.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="session")
def recipients(dataset: Path) -> pd.DataFrame:
    """The Jamsosratu list, every column read as text."""
    return pd.read_csv(dataset / "jamsosratu.csv", dtype=str, keep_default_na=False)
