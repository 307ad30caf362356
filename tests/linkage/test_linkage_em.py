"""EM recovers known m probabilities and match share from synthetic vectors."""

from __future__ import annotations

import warnings

import attrs
import numpy as np
import pytest

from niklib import synth
from niklib.linkage import Model
from niklib.linkage.em import DEFAULT_MIN_PROBABILITY, _em, _grouped, random_pairs

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
        model,
        patterns,
        counts,
        columns,
        share=0.3,
        max_iterations=200,
        tolerance=1e-7,
        floor=DEFAULT_MIN_PROBABILITY,
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
        model,
        patterns,
        counts,
        range(6),
        share=0.3,
        max_iterations=20,
        tolerance=1e-6,
        floor=DEFAULT_MIN_PROBABILITY,
    )
    assert result.level("sex", "agree").m == 0.6


def test_random_pairs_never_self() -> None:
    li, ri = random_pairs(5, None, 10_000, seed=1)
    assert not (li == ri).any()


def test_random_pairs_cover_range() -> None:
    _, ri = random_pairs(5, 7, 10_000, seed=1)
    assert set(ri.tolist()) == set(range(7))


@pytest.fixture(scope="module")
def synthetic_lists(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """A Jamsosratu list and its registry, which teach extreme m without a floor."""
    folder = tmp_path_factory.mktemp("synth")
    spec = synth.PopulationSpec(size=20_000, seed=5)
    with warnings.catch_warnings():  # fewer than 1,500 households qualify
        warnings.simplefilter("ignore", synth.ShortListWarning)
        synth.write_dataset(folder, spec, jamsosratu_size=1_500, pkh_size=10)
    recipients = list(synth.read_csv(folder / "jamsosratu.csv"))
    registry = list(synth.read_csv(folder / "registry.csv"))
    return recipients, registry


def _fit_synthetic(
    lists: tuple[list[dict[str, str]], list[dict[str, str]]], **options: float
) -> Model:
    recipients, registry = lists
    columns = dict(synth.COLUMN_MAP)
    registry_columns = {k: v for k, v in columns.items() if k != "id"}
    return Model.default().fit(
        recipients,
        registry,
        columns=columns,
        right_columns=registry_columns,
        **options,
    )


def _fitted_values(model: Model) -> list[tuple[str, str, float]]:
    values = []
    for name, levels in model.params.items():
        for p in levels:
            if p is None:
                continue
            if p.m_source == "em":
                values.append((name, "m", p.m))
            if p.u_source == "random pairs":
                values.append((name, "u", p.u))
    return values


def test_fit_floors_m_and_u(synthetic_lists: tuple[list, list]) -> None:
    model = _fit_synthetic(synthetic_lists)
    values = _fitted_values(model)
    assert values
    below = [v for v in values if v[2] < DEFAULT_MIN_PROBABILITY * (1 - 1e-9)]
    assert below == []


def test_fit_floor_keeps_new_address_a_match(
    synthetic_lists: tuple[list, list],
) -> None:
    """Equal NIK, name, birth date and sex outweigh a different address."""
    model = _fit_synthetic(synthetic_lists)
    recipient = synthetic_lists[0][0]
    moved = {**recipient, "ALAMAT": "JL LAIN 99", "DESA": "LAIN"}
    score = model.score(recipient, moved, columns=dict(synth.COLUMN_MAP))
    assert score["address"].level == "else"
    assert score.probability > 0.99


def test_fit_without_floor_goes_extreme(synthetic_lists: tuple[list, list]) -> None:
    """The data teach extreme m values when the floor is turned off."""
    model = _fit_synthetic(synthetic_lists, min_probability=0.0)
    smallest = min(v[2] for v in _fitted_values(model))
    assert smallest < DEFAULT_MIN_PROBABILITY


@pytest.mark.parametrize("value", [-0.1, 0.1, 0.5])
def test_fit_rejects_bad_min_probability(value: float) -> None:
    records = [{"nik": "3604054107990003"}, {"nik": "3604054107990004"}]
    with pytest.raises(ValueError, match="min_probability must be at least 0"):
        Model.default().fit(records, min_probability=value)
