"""link and dedupe on small labelled data: stated F1, clusters, one-to-one, helpers."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from linkage_data import FEBRL_COLUMNS

from niklib import synth
from niklib.linkage import Model, block_on, dedupe, link, pairs_from_labels
from niklib.linkage.blocking import DEFAULT_RULES

FEBRL_RULES = (
    *DEFAULT_RULES,
    block_on("name"),
    block_on("birth_date"),
    block_on("nik"),
)


def test_dedupe_febrl1_default(febrl1: list[dict[str, str]], febrl1_truth: set) -> None:
    result = dedupe(febrl1, columns=FEBRL_COLUMNS, rules=FEBRL_RULES)
    assert result.evaluate(febrl1_truth)["f1"] >= 0.99


def test_dedupe_febrl1_fitted(febrl1: list[dict[str, str]], febrl1_truth: set) -> None:
    model = Model.default().fit(febrl1, columns=FEBRL_COLUMNS, rules=FEBRL_RULES)
    result = dedupe(febrl1, model=model, columns=FEBRL_COLUMNS, rules=FEBRL_RULES)
    assert result.evaluate(febrl1_truth)["f1"] >= 0.99


def test_fit_prior_near_truth(febrl1: list[dict[str, str]]) -> None:
    model = Model.default().fit(febrl1, columns=FEBRL_COLUMNS, rules=FEBRL_RULES)
    assert model.prior == pytest.approx(500 / (1000 * 999 / 2), rel=0.2)


def banten_link(banten: dict, *, model: Model | None = None, one_to_one: bool = True):
    columns = dict(synth.COLUMN_MAP)
    return link(
        banten["jamsosratu"],
        banten["registry"],
        model=model,
        columns=columns,
        right_columns={**columns, "id": "NIK"},
        one_to_one=one_to_one,
    )


def banten_truth(banten: dict) -> set[tuple[str, str]]:
    return {(row["NO"], row["TRUE_NIK"]) for row in banten["jamsosratu_truth"]}


def test_link_banten_default(banten: dict) -> None:
    result = banten_link(banten)
    assert result.evaluate(banten_truth(banten))["f1"] >= 0.97


def test_link_banten_fitted(banten: dict) -> None:
    columns = dict(synth.COLUMN_MAP)
    model = Model.default().fit(
        banten["jamsosratu"],
        banten["registry"],
        columns=columns,
        right_columns={**columns, "id": "NIK"},
    )
    result = banten_link(banten, model=model)
    assert result.evaluate(banten_truth(banten))["f1"] >= 0.97


def test_one_to_one_uses_records_once(banten: dict) -> None:
    pairs = banten_link(banten).pairs
    assert len({p.right_id for p in pairs}) == len(pairs)


def test_one_to_one_keeps_fewer(banten: dict) -> None:
    many = banten_link(banten, one_to_one=False)
    single = banten_link(banten, one_to_one=True)
    assert len(single.pairs) <= len(many.pairs)


def test_pairs_sorted_by_weight(banten: dict) -> None:
    weights = [p.weight for p in banten_link(banten).pairs]
    assert weights == sorted(weights, reverse=True)


def test_clusters_cover_every_record(febrl1: list[dict[str, str]]) -> None:
    result = dedupe(febrl1, columns=FEBRL_COLUMNS, rules=FEBRL_RULES)
    members = [m for cluster in result.clusters for m in cluster]
    assert sorted(members) == sorted(r["rec_id"] for r in febrl1)


def test_cluster_ids_one_per_record(febrl1: list[dict[str, str]]) -> None:
    left, right = dedupe(febrl1, columns=FEBRL_COLUMNS, rules=FEBRL_RULES).cluster_ids()
    assert len(left) == len(febrl1)
    assert right is None


def test_link_clusters_cover_both_sides(banten: dict) -> None:
    result = banten_link(banten)
    members = [m for cluster in result.clusters for m in cluster]
    expected = len(banten["jamsosratu"]) + len(banten["registry"])
    assert len(members) == expected


CHAIN = [
    {
        "id": "a",
        "name": "Siti Aminah",
        "birth_date": "1980-01-05",
        "nik": "3604054107990003",
    },
    {
        "id": "b",
        "name": "Siti Aminah",
        "birth_date": "1980-01-05",
        "nik": "3604054107990003",
    },
    {
        "id": "c",
        "name": "Siti Aminah",
        "birth_date": "1980-01-05",
        "nik": "3604054107990003",
    },
    {
        "id": "d",
        "name": "Budi Santoso",
        "birth_date": "1975-03-02",
        "nik": "3601011208850002",
    },
]


def test_clusters_connected_components() -> None:
    clusters = dedupe(CHAIN).clusters
    assert sorted(sorted(map(str, c)) for c in clusters) == [["a", "b", "c"], ["d"]]


def test_threshold_out_of_range() -> None:
    with pytest.raises(ValueError, match="threshold is a match probability"):
        dedupe(CHAIN, threshold=2.0)


def test_precision_recall_rows(febrl1: list[dict[str, str]], febrl1_truth: set) -> None:
    result = dedupe(febrl1, columns=FEBRL_COLUMNS, rules=FEBRL_RULES)
    rows = result.precision_recall(febrl1_truth, thresholds=[0.1, 0.5, 0.9])
    assert [row["threshold"] for row in rows] == [0.1, 0.5, 0.9]


def test_precision_recall_monotone(
    febrl1: list[dict[str, str]], febrl1_truth: set
) -> None:
    result = dedupe(febrl1, columns=FEBRL_COLUMNS, rules=FEBRL_RULES)
    recalls = [row["recall"] for row in result.precision_recall(febrl1_truth)]
    assert recalls == sorted(recalls, reverse=True)


def test_pairs_from_labels_dedupe() -> None:
    assert pairs_from_labels(["x", "y", "x"]) == {(0, 2)}


def test_pairs_from_labels_link() -> None:
    assert pairs_from_labels(["x", "y"], ["y", "x", "x"]) == {(1, 0), (0, 1), (0, 2)}


def test_result_score_explains(banten: dict) -> None:
    result = banten_link(banten)
    best = int(result.weights.argmax())
    assert result.score(best).weight == pytest.approx(result.weights[best])


def test_record_not_mapping() -> None:
    with pytest.raises(TypeError, match="record 1 is a list"):
        dedupe([{"name": "Siti"}, ["Siti"]])  # type: ignore[list-item]


@pytest.mark.parametrize("records", [None, 5, "Siti", {"name": "Siti"}])
def test_records_not_a_list(records: object) -> None:
    with pytest.raises(TypeError, match="records must be a list of mappings"):
        dedupe(records)  # type: ignore[arg-type]


def test_dataframe_records_accepted() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "id": ["a", "b"],
            "name": ["Siti Aminah", "SITI AMINAH"],
            "birth_date": ["1999-07-01", "01-07-1999"],
            "sex": ["P", "P"],
        }
    )
    from_frame = dedupe(frame)
    from_dicts = dedupe(frame.to_dict("records"))
    assert [(p.left_id, p.right_id) for p in from_frame.pairs] == [("a", "b")]
    assert from_frame.pairs == from_dicts.pairs


def test_column_map_unknown_field() -> None:
    with pytest.raises(ValueError, match="unknown fields: birthdate"):
        dedupe(CHAIN, columns={"birthdate": "birth_date"})


def test_column_map_absent_column() -> None:
    with pytest.raises(ValueError, match="name -> NAMA"):
        dedupe(CHAIN, columns={"name": "NAMA"})


def test_result_repr_hides_records() -> None:
    text = repr(dedupe(CHAIN))
    assert "3604054107990003" not in text
    assert "Siti" not in text


def test_table_repr_hides_records() -> None:
    assert "3604054107990003" not in repr(dedupe(CHAIN).left)


SHARED_FEBRL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "febrl"


@pytest.mark.skipif(
    not (SHARED_FEBRL / "dataset4a.csv").exists(), reason="FEBRL4 files absent"
)
def test_link_febrl4_default() -> None:
    def read(name: str) -> list[dict[str, str]]:
        with (SHARED_FEBRL / name).open(newline="", encoding="utf-8") as handle:
            rows = csv.DictReader(handle, skipinitialspace=True)
            return [{k.strip(): (v or "").strip() for k, v in r.items()} for r in rows]

    left, right = read("dataset4a.csv"), read("dataset4b.csv")
    truth = {(a["rec_id"], a["rec_id"].replace("org", "dup-0")) for a in left}
    result = link(left, right, columns=FEBRL_COLUMNS, rules=FEBRL_RULES)
    assert result.evaluate(truth)["f1"] >= 0.995


def test_fitted_model_json_round_trip(
    febrl1: list[dict[str, str]], tmp_path: Path
) -> None:
    model = Model.default().fit(febrl1, columns=FEBRL_COLUMNS, rules=FEBRL_RULES)
    model.save(tmp_path / "model.json")
    loaded = Model.load(tmp_path / "model.json")
    first = dedupe(febrl1, model=model, columns=FEBRL_COLUMNS, rules=FEBRL_RULES)
    second = dedupe(febrl1, model=loaded, columns=FEBRL_COLUMNS, rules=FEBRL_RULES)
    assert (first.weights == second.weights).all()


def test_fitted_m_sums_to_one(febrl1: list[dict[str, str]]) -> None:
    model = Model.default().fit(febrl1, columns=FEBRL_COLUMNS, rules=FEBRL_RULES)
    for comparison in model.comparisons:
        params = [p for p in model.params[comparison.name] if p is not None]
        assert sum(p.m for p in params) == pytest.approx(1.0)
        assert sum(p.u for p in params) == pytest.approx(1.0)
