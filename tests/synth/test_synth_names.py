"""Name data and the name variants that synthetic lists use."""

from __future__ import annotations

import random
from importlib import resources

import pytest
from rapidfuzz.distance import Levenshtein

from niklib.synth import _names


@pytest.mark.parametrize(("sex", "top"), [("M", "Sutrisno"), ("F", "Nurhayati")])
def test_name_table_top(sex: str, top: str) -> None:
    table = _names.name_table(sex)
    assert table.names[0] == top
    assert list(table.weights) == sorted(table.weights, reverse=True)


def test_name_table_sizes() -> None:
    assert len(_names.name_table("M").names) > 300
    assert len(_names.name_table("F").names) > 200


def test_name_attribution_shipped() -> None:
    text = (resources.files("niklib.synth") / "data" / "ATTRIBUTION.md").read_text(
        encoding="utf-8"
    )
    assert "Faker" in text
    assert "Dukcapil" in text


@pytest.mark.parametrize("seed", range(20))
def test_compose_name_words(seed: int) -> None:
    name = _names.compose_name(random.Random(seed), "M", 2005)
    assert 1 <= len(name.split()) <= 4
    assert name == name.strip()


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Suharto", {"Soeharto"}),
        ("Joko", {"Djoko"}),
        ("Cahya", {"Tjahya", "Cahja"}),
        ("Akhmad", {"Achmad"}),
    ],
)
def test_old_spelling_options(name: str, expected: set[str]) -> None:
    results = {_names.old_spelling(name, random.Random(s)) for s in range(30)}
    assert expected - {name} <= results


def test_old_spelling_none() -> None:
    assert _names.old_spelling("Bima", random.Random(0)) is None


@pytest.mark.parametrize("seed", range(10))
def test_vary_muhammad_form(seed: int) -> None:
    varied = _names.vary_muhammad("Muhammad Rizki", random.Random(seed))
    assert varied is not None
    first, rest = varied.split(" ", 1)
    assert first in _names.MUHAMMAD_FORMS
    assert first != "Muhammad"
    assert rest == "Rizki"


def test_vary_muhammad_none() -> None:
    assert _names.vary_muhammad("Siti Aminah", random.Random(0)) is None


@pytest.mark.parametrize(
    ("sex", "link"), [("M", "Budi bin Slamet"), ("F", "Sari binti Slamet")]
)
def test_add_patronym(sex: str, link: str) -> None:
    name = link.split()[0]
    assert _names.add_patronym(name, sex, "Slamet Riyadi") == link


@pytest.mark.parametrize("seed", range(10))
def test_add_title_keeps_name(seed: int) -> None:
    titled = _names.add_title("Siti Aminah", "F", random.Random(seed))
    assert "Siti Aminah" in titled
    assert titled != "Siti Aminah"


def test_abbreviate_second_word() -> None:
    assert _names.abbreviate("Pertiwi Laras", random.Random(0)) == "Pertiwi L."


def test_abbreviate_one_word() -> None:
    assert _names.abbreviate("Slamet", random.Random(0)) is None


@pytest.mark.parametrize("seed", range(40))
def test_typo_one_slip(seed: int) -> None:
    changed = _names.typo("Nurhayati", random.Random(seed))
    assert Levenshtein.distance(changed, "Nurhayati") in (1, 2)
