"""The Fellegi-Sunter model: defaults, hand-set parameters, term frequencies, JSON."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from niklib.linkage import ExactComparison, Model, NikComparison

RECORD = {
    "nik": "3604054107990003",
    "name": "Siti Aminah",
    "birth_date": "1999-07-01",
    "sex": "P",
    "region": "360405",
    "address": "Kp. Sukamaju RT 01/02",
}


def test_default_m_sums_to_one() -> None:
    model = Model.default()
    for comparison in model.comparisons:
        params = [p for p in model.params[comparison.name] if p is not None]
        assert math.isclose(sum(p.m for p in params), 1.0)


def test_default_u_sums_to_one() -> None:
    model = Model.default()
    for comparison in model.comparisons:
        params = [p for p in model.params[comparison.name] if p is not None]
        assert math.isclose(sum(p.u for p in params), 1.0)


def test_default_exact_weights_positive() -> None:
    model = Model.default()
    for comparison in model.comparisons:
        assert model.params[comparison.name][2].weight > 0  # type: ignore[union-attr]


def test_default_else_weights_negative() -> None:
    model = Model.default()
    for comparison in model.comparisons:
        assert model.params[comparison.name][-1].weight < 0  # type: ignore[union-attr]


def test_duplicate_comparison_names_rejected() -> None:
    with pytest.raises(ValueError, match="repeated: nik"):
        Model.default([NikComparison(), NikComparison()])


@pytest.mark.parametrize("prior", [0.0, 1.0, -0.1, 2.0])
def test_invalid_prior_rejected(prior: float) -> None:
    with pytest.raises(ValueError, match="prior must be a probability"):
        Model.default(prior=prior)


def test_with_level_marks_fixed() -> None:
    model = Model.default().with_level("nik", "exact", m=0.5)
    assert model.level("nik", "exact").m_source == "fixed"


def test_with_level_sets_value() -> None:
    model = Model.default().with_level("nik", "exact", u=0.001)
    assert model.level("nik", "exact").u == 0.001


def test_with_level_rejects_bad_m() -> None:
    with pytest.raises(ValueError, match=r"m for nik\.exact"):
        Model.default().with_level("nik", "exact", m=1.5)


def test_unknown_level_lists_levels() -> None:
    with pytest.raises(KeyError, match="spreadsheet_zero"):
        Model.default().level("nik", "nope")


def test_missing_level_has_no_params() -> None:
    with pytest.raises(KeyError, match="missing level"):
        Model.default().level("nik", "both_missing")


def test_unknown_comparison_lists_names() -> None:
    with pytest.raises(KeyError, match="birth_date"):
        Model.default().comparison("phone")


def test_weight_bounds_clip_high() -> None:
    model = Model.default().with_level("nik", "exact", weight_bounds=(None, 5.0))
    assert model.level("nik", "exact").weight == 5.0


def test_weight_bounds_clip_low() -> None:
    model = Model.default().with_level("sex", "else", weight_bounds=(-1.0, None))
    assert model.level("sex", "else").weight == -1.0


def test_weight_bounds_change_score() -> None:
    other = {**RECORD, "sex": "L"}
    base = Model.default()
    bounded = base.with_level("sex", "else", weight_bounds=(-1.0, None))
    assert bounded.score(RECORD, other).weight > base.score(RECORD, other).weight


def test_json_round_trip(tmp_path: Path) -> None:
    model = (
        Model.default(prior=1e-4)
        .with_level("nik", "exact", m=0.8, weight_bounds=(None, 12.0))
        .with_term_frequencies([RECORD, {**RECORD, "name": "Budi"}])
    )
    path = tmp_path / "model.json"
    model.save(path)
    loaded = Model.load(path)
    assert loaded.to_dict() == model.to_dict()


def test_json_round_trip_scores(tmp_path: Path) -> None:
    model = Model.default([*Model.default().comparisons, ExactComparison("kk")])
    path = tmp_path / "model.json"
    model.save(path)
    other = {**RECORD, "name": "Siti Aminag", "kk": "x"}
    assert (
        Model.load(path).score(RECORD, other).weight
        == model.score(RECORD, other).weight
    )


def test_from_dict_rejects_other_format() -> None:
    with pytest.raises(ValueError, match="not a niklib linkage model"):
        Model.from_dict({"format": "splink"})


def test_from_dict_reports_all_missing_levels() -> None:
    data = Model.default().to_dict()
    del data["params"]["nik"]["exact"]
    del data["params"]["sex"]["agree"]
    with pytest.raises(ValueError, match=r"nik\.exact: missing; sex\.agree: missing"):
        Model.from_dict(json.loads(json.dumps(data)))


def test_from_dict_rejects_unknown_type() -> None:
    data = Model.default().to_dict()
    data["comparisons"][0]["type"] = "PhoneComparison"
    with pytest.raises(ValueError, match="unknown comparison type"):
        Model.from_dict(data)


def test_describe_names_sources() -> None:
    text = Model.default().with_level("nik", "exact", m=0.9).describe()
    assert "(fixed)" in text


def test_common_name_weighs_less() -> None:
    population = [{"name": "Siti"}] * 50 + [{"name": f"Orang{i}"} for i in range(50)]
    population.append({"name": "Sekar Langit"})
    model = Model.default().with_term_frequencies(population)
    common = model.score({"name": "Siti"}, {"name": "Siti"})
    rare = model.score({"name": "Sekar Langit"}, {"name": "Sekar Langit"})
    assert rare["name"].weight > common["name"].weight


def test_placeholder_date_weighs_less() -> None:
    model = Model.default()
    placeholder = model.score(
        {"birth_date": "1970-07-01"}, {"birth_date": "1970-07-01"}
    )
    ordinary = model.score({"birth_date": "1970-07-02"}, {"birth_date": "1970-07-02"})
    assert placeholder["birth_date"].weight < ordinary["birth_date"].weight


def test_placeholder_date_adjustment_size() -> None:
    model = Model.default()
    score = model.score({"birth_date": "1970-07-01"}, {"birth_date": "1970-07-01"})
    assert score["birth_date"].tf_adjustment == pytest.approx(-math.log2(13.9))


def test_reference_frequencies_replace_factors() -> None:
    population = [{"birth_date": "1970-07-01"}] + [
        {"birth_date": f"1970-03-{day:02d}"} for day in range(1, 29)
    ]
    model = Model.default().with_term_frequencies(population)
    score = model.score({"birth_date": "1970-07-01"}, {"birth_date": "1970-07-01"})
    u_exact = model.level("birth_date", "exact").u
    assert score["birth_date"].tf_adjustment == pytest.approx(math.log2(u_exact * 29))


TWIN_A = {
    "nik": "3604054107990003",
    "name": "Siti Aminah",
    "birth_date": "1999-07-01",
    "sex": "P",
    "region": "360405",
}
TWIN_B = {**TWIN_A, "nik": "3604054107990004", "name": "Siti Aisyah"}


def test_other_serial_weighs_against() -> None:
    score = Model.default().score(TWIN_A, TWIN_B)
    assert score["nik"].weight < 0


def test_twins_not_matched() -> None:
    assert Model.default().score(TWIN_A, TWIN_B).probability < 0.5


def test_spreadsheet_zero_matched() -> None:
    damaged = {**TWIN_A, "nik": "3604054107990000"}
    assert Model.default().score(TWIN_A, damaged).probability > 0.99
