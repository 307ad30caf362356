"""Given names with estimated frequencies, and the ways lists misspell them.

The names and weights are package data (``data/names.csv``); their sources
and the way the weights were estimated are in ``data/ATTRIBUTION.md``.
Indonesians mostly have no family name: a name is one to three given
words, sometimes led by Muhammad (men) or Siti, Sri or Nur (women).
"""

from __future__ import annotations

import csv
import functools
import io
import random
import re
from importlib import resources

__all__ = [
    "MUHAMMAD_FORMS",
    "NameTable",
    "abbreviate",
    "add_patronym",
    "add_title",
    "compose_name",
    "name_table",
    "old_spelling",
    "typo",
    "vary_muhammad",
]

MUHAMMAD_FORMS = (
    "Muhammad",
    "Muhamad",
    "Mohammad",
    "Mohamad",
    "Mochammad",
    "Moh.",
    "M.",
)
FEMALE_LEADS = ("Siti", "Sri", "Nur", "Dewi")
TITLES_MALE = ("H.", "Drs.", "Ir.", "S.Pd.", "S.E.", "S.H.", "KH.")
TITLES_FEMALE = ("Hj.", "Dra.", "S.Pd.", "S.E.", "Amd.Keb.")
# Titles written after the name rather than before it.
SUFFIX_TITLES = frozenset({"S.Pd.", "S.E.", "S.H.", "Amd.Keb."})

# Spellings before the 1972 reform (EYD), still common in older people's
# names and documents: oe for u, dj for j, tj for c, j for y, ch for kh.
_OLD_SPELLINGS = (
    ("u", "oe"),
    ("j", "dj"),
    ("c", "tj"),
    ("y", "j"),
    ("kh", "ch"),
)


class NameTable:
    """Given names of one sex with cumulative weights, for fast weighted draws."""

    def __init__(self, names: list[str], weights: list[int]) -> None:
        self.names = tuple(names)
        self.weights = tuple(weights)
        total = 0
        cumulative = []
        for weight in weights:
            total += weight
            cumulative.append(total)
        self.cumulative = tuple(cumulative)

    def draw(self, rng: random.Random) -> str:
        """Draw one name with probability proportional to its weight."""
        return rng.choices(self.names, cum_weights=self.cumulative)[0]


@functools.lru_cache(maxsize=1)
def _rows() -> tuple[tuple[str, str, int], ...]:
    data = resources.files("niklib.synth") / "data" / "names.csv"
    text = data.read_text(encoding="utf-8")
    lines = (line for line in io.StringIO(text) if not line.startswith("#"))
    reader = csv.DictReader(lines)
    return tuple((row["name"], row["sex"], int(row["weight"])) for row in reader)


@functools.lru_cache(maxsize=2)
def name_table(sex: str) -> NameTable:
    """Return the given names of one sex (``"M"`` or ``"F"``), most frequent first."""
    rows = sorted((row for row in _rows() if row[1] == sex), key=lambda row: -row[2])
    return NameTable([row[0] for row in rows], [row[2] for row in rows])


def compose_name(rng: random.Random, sex: str, birth_year: int) -> str:
    """Compose a full name of one to three given words.

    Muhammad leads more men's names in younger cohorts, and Siti, Sri, Nur
    or Dewi lead some women's names. The rates are estimates chosen for
    realistic variety, not measured frequencies.
    """
    table = name_table(sex)
    words = [table.draw(rng)]
    if " " not in words[0] and rng.random() < 0.55:
        second = table.draw(rng)
        if second != words[0] and " " not in second:
            words.append(second)
    if sex == "M":
        muhammad_rate = 0.08 if birth_year < 1980 else 0.25
        if rng.random() < muhammad_rate:
            words.insert(0, "Muhammad")
    elif rng.random() < 0.15 and words[0] not in FEMALE_LEADS:
        words.insert(0, rng.choice(FEMALE_LEADS))
    return " ".join(words)


def _match_case(replacement: str, original: str) -> str:
    if original[:1].isupper():
        return replacement[:1].upper() + replacement[1:]
    return replacement


def old_spelling(name: str, rng: random.Random) -> str | None:
    """Rewrite one sound in the pre-1972 spelling, or None if none applies."""
    options = [
        (match, old)
        for new, old in _OLD_SPELLINGS
        for match in re.finditer(new, name, flags=re.IGNORECASE)
    ]
    if not options:
        return None
    match, old = rng.choice(options)
    return name[: match.start()] + _match_case(old, match.group()) + name[match.end() :]


def vary_muhammad(name: str, rng: random.Random) -> str | None:
    """Swap a Muhammad form for another, or None when the name has none."""
    words = name.split(" ")
    for index, word in enumerate(words):
        if word in MUHAMMAD_FORMS:
            others = [form for form in MUHAMMAD_FORMS if form != word]
            words[index] = rng.choice(others)
            return " ".join(words)
    return None


def add_title(name: str, sex: str, rng: random.Random) -> str:
    """Add a religious or academic title before or after the name."""
    title = rng.choice(TITLES_MALE if sex == "M" else TITLES_FEMALE)
    if title in SUFFIX_TITLES:
        return f"{name}, {title}"
    return f"{title} {name}"


def add_patronym(name: str, sex: str, father: str) -> str:
    """Append ``bin`` (son of) or ``binti`` (daughter of) and the father's name."""
    link = "bin" if sex == "M" else "binti"
    return f"{name} {link} {father.split(' ')[0]}"


def abbreviate(name: str, rng: random.Random) -> str | None:
    """Cut one word other than the first to its initial, or None for one word."""
    words = name.split(" ")
    candidates = [i for i, w in enumerate(words) if i > 0 and len(w) > 2]
    if not candidates:
        return None
    index = rng.choice(candidates)
    words[index] = words[index][0] + "."
    return " ".join(words)


def typo(name: str, rng: random.Random) -> str:
    """Make one keyboard slip: a letter dropped, doubled, swapped or replaced."""
    letters = [i for i, ch in enumerate(name) if ch.isalpha()]
    index = rng.choice(letters)
    kind = rng.choice(("drop", "double", "swap", "replace"))
    if kind == "drop" and len(letters) > 3:
        return name[:index] + name[index + 1 :]
    if kind == "double":
        return name[:index] + name[index] + name[index:]
    if (
        kind == "swap"
        and index + 1 < len(name)
        and name[index + 1].isalpha()
        and name[index] != name[index + 1]
    ):
        return name[:index] + name[index + 1] + name[index] + name[index + 2 :]
    replacement = rng.choice([c for c in "aeiouyrnst" if c != name[index].lower()])
    return name[:index] + _match_case(replacement, name[index]) + name[index + 1 :]
