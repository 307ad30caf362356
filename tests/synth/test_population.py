"""The synthetic population is deterministic and agrees with niklib's checks."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

import niklib
from niklib import synth
from niklib.synth._population import PopulationSpec, generate_chunk

AS_OF = synth.DEFAULT_AS_OF


def _people(households: list[synth.Household]) -> list[synth.Person]:
    return [p for h in households for p in h.members]


def test_population_exact_size(people: list[synth.Household]) -> None:
    assert len(_people(people)) == 20_000


@pytest.mark.parametrize("size", [1, 2, 7, 40_001])
def test_population_sizes(size: int) -> None:
    spec = PopulationSpec(size=size, seed=1, chunk_size=20_000)
    chunks = [generate_chunk(spec, i) for i in range(spec.chunks)]
    assert sum(len(h.members) for c in chunks for h in c) == size


def test_population_same_seed_same() -> None:
    first = list(synth.population(3_000, seed=11))
    second = list(synth.population(3_000, seed=11))
    assert first == second


def test_population_seed_changes() -> None:
    first = list(synth.population(3_000, seed=11))
    second = list(synth.population(3_000, seed=12))
    assert first != second


def test_population_niks_valid(people: list[synth.Household]) -> None:
    invalid = [p.id for p in _people(people) if not niklib.is_valid(p.nik, as_of=AS_OF)]
    assert invalid == []


def test_population_niks_unique(people: list[synth.Household]) -> None:
    niks = Counter(p.nik for p in _people(people))
    assert niks.most_common(1)[0][1] == 1


def test_population_kk_unique(people: list[synth.Household]) -> None:
    kks = Counter(h.kk for h in people)
    assert kks.most_common(1)[0][1] == 1


def test_population_niks_unique_across_chunks() -> None:
    spec = PopulationSpec(size=30_000, seed=3, chunk_size=2_000)
    niks = [
        p.nik
        for i in range(spec.chunks)
        for h in generate_chunk(spec, i)
        for p in h.members
    ]
    assert len(set(niks)) == len(niks)


def test_population_kk_region_is_domicile(people: list[synth.Household]) -> None:
    assert all(h.kk[:6] == h.district for h in people)


def test_population_domicile_in_banten(people: list[synth.Household]) -> None:
    assert {h.district[:2] for h in people} == {"36"}


def test_population_nik_matches_record(people: list[synth.Household]) -> None:
    for person in _people(people):
        parsed = niklib.parse(person.nik, as_of=AS_OF)
        same_date = parsed.birth_date == person.birth_date
        same_sex = parsed.sex.value == person.sex
        assert same_date == (person.nik_mismatch != "birth_date"), person.id
        assert same_sex == (person.nik_mismatch != "sex"), person.id


def test_population_migrant_labels(people: list[synth.Household]) -> None:
    for household in people:
        for person in household.members:
            assert person.migrant == (person.nik[:2] != "36"), person.id


def test_population_regency_weights(people: list[synth.Household]) -> None:
    counts = Counter(h.regency for h in people)
    total = sum(counts.values())
    expected = synth.JAMSOSRATU_2019["3601"] / sum(synth.JAMSOSRATU_2019.values())
    assert abs(counts["3601"] / total - expected) < 0.03


def test_population_other_province() -> None:
    households = list(synth.population(500, seed=1, province="32"))
    assert {h.district[:2] for h in households} == {"32"}


def test_population_bad_province() -> None:
    with pytest.raises(ValueError, match="province"):
        list(synth.population(10, province="99"))


@pytest.mark.parametrize("size", [0, -1, 2.5, True])
def test_population_bad_size(size: object) -> None:
    with pytest.raises(ValueError, match="size"):
        synth.population(size)  # type: ignore[arg-type]


def test_population_rule_inputs(people: list[synth.Household]) -> None:
    for person in _people(people):
        age = AS_OF.year - person.birth_date.year
        assert person.sex == "F" or not person.pregnant
        assert person.disability or not person.severe_disability
        assert person.school_level == "none" or 6 <= age <= 19


def test_population_heads_adult(people: list[synth.Household]) -> None:
    heads = [h.members[0] for h in people]
    assert all(p.relationship == "head" for p in heads)
    assert all(AS_OF.year - p.birth_date.year >= 18 for p in heads)


def test_population_rules_evaluate() -> None:
    from niklib import rules

    as_of = date(2020, 6, 1)
    households = synth.population(1_000, seed=2, as_of=as_of)
    sample = [synth.rules_household(h) for h in households]
    decisions = list(rules.load("jamsosratu").evaluate_many(sample, as_of=as_of))
    assert len(decisions) == len(sample)
    assert any(d.eligible for d in decisions)
    assert not all(d.eligible for d in decisions)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"size": 10, "chunk_size": 0},
        {"size": 10, "province": "Banten"},
        {"size": 10, "as_of": "2026-01-01"},
        {"size": 100_000, "chunk_size": 10},
    ],
)
def test_spec_bad_arguments(kwargs: dict[str, object]) -> None:
    with pytest.raises((ValueError, TypeError)):
        PopulationSpec(**kwargs)  # type: ignore[arg-type]
