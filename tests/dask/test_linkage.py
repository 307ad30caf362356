"""Dask linkage and deduplication equal niklib.linkage on the same records."""

from __future__ import annotations

import pickle

import pytest

dd = pytest.importorskip("dask.dataframe")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

import niklib.dask  # noqa: E402
from niklib import synth  # noqa: E402
from niklib.linkage import LinkResult, Model, block_on, dedupe, link  # noqa: E402

COLUMNS = dict(synth.COLUMN_MAP)
# The registry has no row number column: its ids are positions.
REGISTRY_COLUMNS = {k: v for k, v in COLUMNS.items() if k != "id"}


def _records(frame: pd.DataFrame) -> list[dict[str, object]]:
    return frame.to_dict("records")  # type: ignore[return-value]


def _assert_same_clusters(
    result: niklib.dask.DaskLinkResult, single: LinkResult
) -> None:
    left, right = result.cluster_ids()
    single_left, single_right = single.cluster_ids()
    assert np.array_equal(left.compute().to_numpy(), single_left)
    if single_right is None:
        assert right is None
    else:
        assert right is not None
        assert np.array_equal(right.compute().to_numpy(), single_right)


@pytest.fixture(scope="module")
def linked(
    client: object, recipients: pd.DataFrame, registry: pd.DataFrame
) -> tuple[niklib.dask.DaskLinkResult, LinkResult]:
    """The list linked to the registry, by Dask and in one process."""
    result = niklib.dask.link(
        dd.from_pandas(recipients, npartitions=2),
        dd.from_pandas(registry, npartitions=3),
        columns=COLUMNS,
        right_columns=REGISTRY_COLUMNS,
    )
    single = link(
        _records(recipients),
        _records(registry),
        columns=COLUMNS,
        right_columns=REGISTRY_COLUMNS,
    )
    return result, single


def test_link_pairs_equal(linked: tuple[niklib.dask.DaskLinkResult, LinkResult]):
    result, single = linked
    assert len(single.pairs) > 100
    assert result.pairs == single.pairs


def test_link_candidates_equal(
    linked: tuple[niklib.dask.DaskLinkResult, LinkResult],
) -> None:
    result, single = linked
    candidates = result.candidates.compute().sort_values(["left_index", "right_index"])
    assert np.array_equal(candidates["left_index"], single.candidates.left)
    assert np.array_equal(candidates["right_index"], single.candidates.right)
    assert np.array_equal(candidates["rule"], single.candidates.rule)
    assert np.array_equal(candidates["weight"], single.weights)
    levels = candidates[[c for c in candidates if c.startswith("level_")]]
    assert np.array_equal(levels.to_numpy(), single.levels)


def test_link_clusters_equal(
    linked: tuple[niklib.dask.DaskLinkResult, LinkResult],
) -> None:
    _assert_same_clusters(*linked)


def test_link_result_pickles(
    linked: tuple[niklib.dask.DaskLinkResult, LinkResult],
) -> None:
    result, _ = linked
    copy = pickle.loads(pickle.dumps(result.kept))
    assert copy.equals(result.kept)
    assert pickle.loads(pickle.dumps(result.pairs)) == result.pairs
    components = pickle.loads(pickle.dumps(result.components))
    assert np.array_equal(components.roots, result.components.roots)


def test_link_one_to_one_with_frequencies(
    client: object, recipients: pd.DataFrame, registry: pd.DataFrame
) -> None:
    options = {
        "columns": COLUMNS,
        "right_columns": REGISTRY_COLUMNS,
        "one_to_one": True,
        "term_frequencies_from_data": True,
        "threshold": 0.2,
    }
    result = niklib.dask.link(
        dd.from_pandas(recipients, npartitions=3),
        dd.from_pandas(registry, npartitions=2),
        **options,
    )
    single = link(_records(recipients), _records(registry), **options)
    assert result.model.term_frequencies == single.model.term_frequencies
    assert result.pairs == single.pairs
    _assert_same_clusters(result, single)


def test_dedupe_equal(client: object, registry: pd.DataFrame) -> None:
    # A registry with every tenth person listed twice, one copy misspelt.
    copies = registry.iloc[::10].copy()
    copies["NAMA"] = copies["NAMA"].str.replace("A", "O", n=1)
    records = pd.concat([registry, copies], ignore_index=True)
    result = niklib.dask.dedupe(
        dd.from_pandas(records, npartitions=4), columns=REGISTRY_COLUMNS
    )
    single = dedupe(_records(records), columns=REGISTRY_COLUMNS)
    assert len(single.pairs) >= len(copies)
    assert result.pairs == single.pairs
    _assert_same_clusters(result, single)


def test_max_pairs_raises_before_join(client: object, registry: pd.DataFrame) -> None:
    frame = dd.from_pandas(registry, npartitions=2)
    with pytest.raises(ValueError, match="max_pairs=10"):
        niklib.dask.dedupe(
            frame, columns=REGISTRY_COLUMNS, rules=[block_on("sex")], max_pairs=10
        )


def test_threshold_out_of_range() -> None:
    frame = pd.DataFrame({"nik": ["3604054107990003"], "name": ["SITI"]})
    with pytest.raises(ValueError, match="threshold"):
        niklib.dask.link(frame, frame, threshold=1.5)


def test_column_map_checked_on_client(registry: pd.DataFrame) -> None:
    frame = dd.from_pandas(registry, npartitions=2)
    with pytest.raises(ValueError, match="id -> NO"):
        niklib.dask.dedupe(frame, columns=COLUMNS)


def test_frame_without_fields_raises(registry: pd.DataFrame) -> None:
    """A registry export read without a column map has no standard field."""
    frame = dd.from_pandas(registry, npartitions=2)
    with pytest.raises(ValueError, match=r"^records frame: none of the fields"):
        niklib.dask.dedupe(frame)


def test_rejects_list_input() -> None:
    with pytest.raises(TypeError, match="pandas DataFrame"):
        niklib.dask.dedupe([{"nik": "3604054107990003"}])


def test_pandas_input_with_model(client: object) -> None:
    frame = pd.DataFrame(
        {
            "id": ["a", "b", "c"],
            "nik": ["3604054107990003", "3604054107990003", None],
            "name": ["SITI AMINAH", "SITI AMINAH", "BUDI"],
            "birth_date": ["1999-07-01", "1999-07-01", None],
            "sex": ["F", "F", "M"],
        }
    )
    model = Model.default(prior=0.01)
    result = niklib.dask.dedupe(frame, model=model)
    single = dedupe(_records(frame), model=model)
    assert result.pairs == single.pairs
    assert result.pairs[0].left_id == "a"
