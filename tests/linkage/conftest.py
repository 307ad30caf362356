"""Labelled data for the linkage tests: FEBRL1 and a small synthetic Banten list."""

from __future__ import annotations

import csv
import warnings

import pytest
from linkage_data import DATA

from niklib import synth


@pytest.fixture(scope="session")
def febrl1() -> list[dict[str, str]]:
    """The 1,000 FEBRL1 records (500 entities, one duplicate each)."""
    with (DATA / "febrl1.csv").open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle, skipinitialspace=True)
        return [
            {k.strip(): (v or "").strip() for k, v in row.items()} for row in reader
        ]


@pytest.fixture(scope="session")
def febrl1_truth(febrl1: list[dict[str, str]]) -> set[tuple[str, str]]:
    by_entity: dict[str, list[str]] = {}
    for record in febrl1:
        by_entity.setdefault(record["rec_id"].split("-")[1], []).append(
            record["rec_id"]
        )
    return {(min(ids), max(ids)) for ids in by_entity.values() if len(ids) == 2}


@pytest.fixture(scope="session")
def banten(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[dict[str, str]]]:
    """A synthetic registry of 4,000 people and a faulty recipient list with truth."""
    folder = tmp_path_factory.mktemp("banten")
    spec = synth.PopulationSpec(
        size=4000,
        seed=3,
        province="36",
        as_of=synth.DEFAULT_AS_OF,
        rates=synth.FaultRates(),
    )
    # Too few households qualify for 300 and 100; the tests take what exists.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", synth.ShortListWarning)
        synth.write_dataset(folder, spec, jamsosratu_size=300, pkh_size=100)
    return {
        name: list(synth.read_csv(folder / f"{name}.csv"))
        for name in ("registry", "jamsosratu", "jamsosratu_truth")
    }
