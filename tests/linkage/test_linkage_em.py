"""EM recovers known m probabilities and match share from synthetic vectors."""

from __future__ import annotations

import attrs
import numpy as np
import pytest

from niklib.linkage import Model
from niklib.linkage.em import _em, _grouped, random_pairs

SHARE = 0.1
SIZE = 200_000


def true_parameters(model: Model) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """m and u per comparison: matches mostly agree, non-matches mostly not."""
    result = {}
    for comparison in model.comparisons:
        levels = len(comparison.levels) - 2
        m = np.linspace(1.0, 0.2, levels) ** 3
        m[0] = 4.0
        u = np.linspace(0.05, 1.0, levels) ** 2
        u[-1] = 20.0
        result[comparison.name] = (m / m.sum(), u / u.sum())
    return result


def simulate(
    model: Model, truth: dict[str, tuple[np.ndarray, np.ndarray]]
) -> np.ndarray:
    rng = np.random.default_rng(7)
    is_match = rng.random(SIZE) < SHARE
    columns = []
    for comparison in model.comparisons:
        m, u = truth[comparison.name]
        levels = np.where(
            is_match,
            rng.choice(len(m), size=SIZE, p=m),
            rng.choice(len(u), size=SIZE, p=u),
        )
        columns.append(levels + 2)  # skip the two missing levels
    return np.stack(columns, axis=1).astype(np.int8)


def model_with_true_u(
    model: Model, truth: dict[str, tuple[np.ndarray, np.ndarray]]
) -> Model:
    params = {}
    for comparison in model.comparisons:
        _, u = truth[comparison.name]
        levels = list(model.params[comparison.name])
        for index in range(2, len(levels)):
            levels[index] = attrs.evolve(levels[index], u=float(u[index - 2]))
        params[comparison.name] = tuple(levels)
    return attrs.evolve(model, params=params)


@pytest.fixture(scope="module")
def fitted() -> tuple[Model, float, dict[str, tuple[np.ndarray, np.ndarray]]]:
    model = Model.default()
    truth = true_parameters(model)
    patterns, counts = _grouped(simulate(model, truth))
    model = model_with_true_u(model, truth)
    columns = range(len(model.comparisons))
    result, share = _em(
        model, patterns, counts, columns, share=0.3, max_iterations=200, tolerance=1e-7
    )
    return result, share, truth


def test_em_recovers_share(fitted: tuple[Model, float, dict]) -> None:
    _, share, _ = fitted
    assert share == pytest.approx(SHARE, abs=0.005)


@pytest.mark.parametrize(
    "name", ["nik", "name", "birth_date", "sex", "region", "address"]
)
def test_em_recovers_m(fitted: tuple[Model, float, dict], name: str) -> None:
    model, _, truth = fitted
    estimated = np.array([p.m for p in model.params[name][2:]])  # type: ignore[union-attr]
    assert np.abs(estimated - truth[name][0]).max() < 0.02


def test_em_marks_source(fitted: tuple[Model, float, dict]) -> None:
    model, _, _ = fitted
    assert model.level("name", "exact").m_source == "em"


def test_em_keeps_fixed_m() -> None:
    model = Model.default().with_level("sex", "agree", m=0.6)
    truth = true_parameters(model)
    patterns, counts = _grouped(simulate(model, truth))
    result, _ = _em(
        model, patterns, counts, range(6), share=0.3, max_iterations=20, tolerance=1e-6
    )
    assert result.level("sex", "agree").m == 0.6


def test_random_pairs_never_self() -> None:
    li, ri = random_pairs(5, None, 10_000, seed=1)
    assert not (li == ri).any()


def test_random_pairs_cover_range() -> None:
    _, ri = random_pairs(5, 7, 10_000, seed=1)
    assert set(ri.tolist()) == set(range(7))
