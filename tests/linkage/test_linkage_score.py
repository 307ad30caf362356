"""Scores: the weight sum, explanations and the waterfall chart."""

from __future__ import annotations

import math
import re

import pytest

from niklib.linkage import Model
from niklib.linkage.score import DEFAULT_PAIR_PRIOR

A = {
    "nik": "3604054107990003",
    "name": "Hj. Siti Aminah",
    "birth_date": "01-07-1999",
    "sex": "P",
    "region": "36.04.05",
    "address": "Kp. Sukamaju RT 001/002",
}
B = {**A, "name": "SITI AMINAH", "birth_date": "1999-01-07"}


@pytest.fixture(scope="module")
def score():
    return Model.default().score(A, B)


def test_weight_is_sum(score) -> None:
    total = score.prior_weight + sum(c.weight for c in score.contributions)
    assert score.weight == pytest.approx(total)


def test_probability_matches_weight(score) -> None:
    assert score.probability == pytest.approx(1 / (1 + 2**-score.weight))


def test_default_prior(score) -> None:
    expected = math.log2(DEFAULT_PAIR_PRIOR / (1 - DEFAULT_PAIR_PRIOR))
    assert score.prior_weight == pytest.approx(expected)


def test_explicit_prior() -> None:
    score = Model.default().score(A, B, prior=0.5)
    assert score.prior_weight == 0.0


def test_levels_reported(score) -> None:
    assert score["birth_date"].level == "swapped"


def test_unknown_comparison(score) -> None:
    with pytest.raises(KeyError, match="no comparison 'phone'"):
        score["phone"]


def test_explain_lists_labels(score) -> None:
    text = score.explain()
    for label in ("same NIK", "day and month swapped", "match probability"):
        assert label in text


def test_explain_masks_nik(score) -> None:
    assert "3604054107990003" not in score.explain()


def test_html_masks_nik(score) -> None:
    assert "3604054107990003" not in score._repr_html_()


def test_html_is_svg(score) -> None:
    assert score._repr_html_().startswith("<svg")


def test_html_self_contained(score) -> None:
    html = score._repr_html_()
    assert not re.search(r"<script|href=|src=|@import", html)


def test_html_bar_per_term(score) -> None:
    assert score._repr_html_().count("<rect") == len(score.contributions) + 2


def test_html_escapes_labels() -> None:
    model = Model.default()
    score = model.score({"name": "<b>"}, {"name": "<b>"})
    assert "<b>" not in score._repr_html_()


def test_notes_from_cross_check(score) -> None:
    assert any("day and month swapped" in note for note in score.notes)


def test_str_is_explain(score) -> None:
    assert str(score) == score.explain()


def test_nik_shown_in_niklib_mask(score) -> None:
    assert score["nik"].left == "36.04.**.******.**03"
