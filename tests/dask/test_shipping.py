"""Models and match keys ship to workers once per graph, not once per task."""

from __future__ import annotations

import attrs
import pytest

dd = pytest.importorskip("dask.dataframe")

import cloudpickle  # noqa: E402
import pandas as pd  # noqa: E402

import niklib.dask  # noqa: E402
from niklib._dask._common import broadcast  # noqa: E402
from niklib.linkage import Model, TermFrequencies  # noqa: E402

MARKER = "NAMA-PENANDA-0123456789"
COLUMNS = {
    "nik": "NIK",
    "name": "NAMA",
    "birth_date": "TGL_LAHIR",
    "sex": "JENIS_KELAMIN",
    "region": "KECAMATAN",
}


def _tasks_holding(collection: object, marker: str) -> int:
    graph = dict(collection.dask)  # type: ignore[attr-defined]
    return sum(marker.encode() in cloudpickle.dumps(task) for task in graph.values())


def _add_total(partition: pd.DataFrame, table: TermFrequencies) -> pd.DataFrame:
    return partition.assign(total=table.total)


@pytest.mark.parametrize(("wrap", "expected"), [(broadcast, 1), (lambda v: v, 4)])
def test_broadcast_puts_value_in_one_task(wrap: object, expected: int) -> None:
    frame = dd.from_pandas(pd.DataFrame({"a": range(40)}), npartitions=4)
    table = TermFrequencies(counts={MARKER: 1}, total=1)
    result = frame.map_partitions(
        _add_total,
        wrap(table),
        meta=frame._meta.assign(total=1),  # type: ignore[operator]
    )
    assert _tasks_holding(result, MARKER) == expected


def test_scoring_ships_model_once(client: object, registry: pd.DataFrame) -> None:
    table = TermFrequencies(counts={MARKER: 1}, total=1)
    model = attrs.evolve(Model.default(), term_frequencies={"name": table})
    frame = dd.from_pandas(registry.iloc[:400], npartitions=4)
    result = niklib.dask.dedupe(frame, model=model, columns=COLUMNS)
    assert result.candidates.npartitions > 1
    assert _tasks_holding(result.candidates, MARKER) == 1


def test_gathering_ships_match_keys_once(registry: pd.DataFrame) -> None:
    """The recipients' NIKs and keys are one task, whatever the partition count."""
    from datetime import date

    from niklib._dask.gather import MatchKeys, candidate_records
    from niklib.linkage import DEFAULT_RULES

    keys = MatchKeys(
        niks=frozenset({MARKER}),
        kks=frozenset(),
        keys=tuple(frozenset() for _ in DEFAULT_RULES),
    )
    frame = dd.from_pandas(registry.iloc[:400], npartitions=4)
    lazy = candidate_records(
        frame, {"nik": "NIK", "name": "NAMA"}, keys, as_of=date(2025, 1, 1), table=None
    )
    assert lazy.npartitions == 4
    assert _tasks_holding(lazy, MARKER) == 1
