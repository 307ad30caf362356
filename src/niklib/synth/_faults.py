"""Programme-list rows with realistic faults, each labelled with the truth.

A list row is built from a household's recipient. That is the mother
where there is one, because PKH pays mothers, and otherwise the head. The
row is then damaged the way real lists are: name variants, NIK typos and
spreadsheet damage, missing NIKs, day and month swapped, placeholder
dates, duplicate rows, a second NIK for one person and one NIK on two
people. Every fault applied to a row is recorded in its truth row.
"""

from __future__ import annotations

import functools
import random
from datetime import date

import attrs

from niklib import regions
from niklib.synth import _names
from niklib.synth._model import Fault, FaultKind, FaultRates, Household, Person

__all__ = ["ListEntry", "build_list", "format_date", "region_names"]

PLACEHOLDER_DATES = ((1, 7), (31, 12), (1, 1))
_NIK_FAULTS = frozenset(
    {
        FaultKind.NIK_MISSING,
        FaultKind.NIK_SPREADSHEET,
        FaultKind.NIK_SUBSTITUTION,
        FaultKind.NIK_TRANSPOSITION,
    }
)
MISSING_NIK_VALUES = ("", "0", "-", "BELUM ADA")


def format_date(day: date) -> str:
    """Write a date as ``DD-MM-YYYY``, the form Banten lists use."""
    return f"{day.day:02d}-{day.month:02d}-{day.year:04d}"


@functools.lru_cache(maxsize=4096)
def region_names(district: str) -> tuple[str, str]:
    """Return the upper-case regency and district names of a district code."""
    regency = regions.lookup(district[:4])
    kecamatan = regions.lookup(district)
    return (
        regency.name.upper() if regency else "",
        kecamatan.name.upper() if kecamatan else "",
    )


@attrs.define
class ListEntry:
    """One list row under construction: its cells, the truth and its faults.

    A fault that refers to another row stores that row's entry key in
    `references`; row numbers are assigned only when the list is final.
    """

    key: int
    cells: dict[str, str]
    person: Person
    household: Household
    faults: list[Fault] = attrs.Factory(list)
    references: dict[int, int] = attrs.Factory(dict)


def recipient(household: Household) -> Person:
    """Return the member who receives the payment: the adult mother, else the head."""
    for member in household.members:
        if member.sex == "F" and member.relationship in ("head", "spouse"):
            return member
    return household.members[0]


def _cells(person: Person, household: Household) -> dict[str, str]:
    regency, district = region_names(household.district)
    return {
        "NIK": person.nik,
        "NO_KK": household.kk,
        "NAMA": person.name.upper(),
        "TGL_LAHIR": format_date(person.birth_date),
        "JENIS_KELAMIN": "L" if person.sex == "M" else "P",
        "ALAMAT": household.address,
        "DESA": household.village.upper(),
        "KECAMATAN": district,
        "KAB_KOTA": regency,
    }


_NAME_STEPS = (
    FaultKind.NAME_MUHAMMAD_FORM,
    FaultKind.NAME_OLD_SPELLING,
    FaultKind.NAME_ABBREVIATION,
    FaultKind.NAME_PATRONYM,
    FaultKind.NAME_TITLE,
    FaultKind.NAME_TYPO,
)


def _vary_name(kind: FaultKind, name: str, sex: str, rng: random.Random) -> str | None:
    if kind is FaultKind.NAME_MUHAMMAD_FORM:
        return _names.vary_muhammad(name, rng)
    if kind is FaultKind.NAME_OLD_SPELLING:
        return _names.old_spelling(name, rng)
    if kind is FaultKind.NAME_ABBREVIATION:
        return _names.abbreviate(name, rng)
    if kind is FaultKind.NAME_PATRONYM:
        father = _names.compose_name(rng, "M", 1950)
        return _names.add_patronym(name, sex, father)
    if kind is FaultKind.NAME_TITLE:
        return _names.add_title(name, sex, rng)
    return _names.typo(name, rng)


def _damage_name(entry: ListEntry, rates: FaultRates, rng: random.Random) -> None:
    name = entry.person.name
    for kind in _NAME_STEPS:
        if rng.random() >= getattr(rates, kind.value):
            continue
        changed = _vary_name(kind, name, entry.person.sex, rng)
        if changed is None or changed == name:
            continue
        entry.faults.append(Fault(kind, f"{name.upper()} -> {changed.upper()}"))
        name = changed
    entry.cells["NAMA"] = name.upper()


def _substitute(nik: str, rng: random.Random) -> tuple[str, str]:
    position = rng.randrange(16)
    digit = rng.choice([d for d in "0123456789" if d != nik[position]])
    return (
        nik[:position] + digit + nik[position + 1 :],
        f"digit {position + 1}: {nik[position]} -> {digit}",
    )


def _transpose(nik: str, rng: random.Random) -> tuple[str, str] | None:
    positions = [i for i in range(15) if nik[i] != nik[i + 1]]
    if not positions:
        return None
    i = rng.choice(positions)
    return (
        nik[:i] + nik[i + 1] + nik[i] + nik[i + 2 :],
        f"digits {i + 1} and {i + 2} swapped",
    )


def _spreadsheet(nik: str, rng: random.Random) -> tuple[str, str]:
    form = rng.choice(("zeroed", "scientific", "decimal"))
    if form == "zeroed":
        return nik[:15] + "0", "16th digit lost to a number cell (now 0)"
    if form == "scientific":
        return f"{float(nik):.5E}", "shown in scientific notation"
    return nik[:15] + "0.0", "exported from a number column with a decimal part"


def _damage_nik(entry: ListEntry, rates: FaultRates, rng: random.Random) -> None:
    nik = entry.cells["NIK"]
    draw = rng.random()
    bounds = (
        (FaultKind.NIK_MISSING, rates.nik_missing),
        (FaultKind.NIK_SPREADSHEET, rates.nik_spreadsheet),
        (FaultKind.NIK_SUBSTITUTION, rates.nik_substitution),
        (FaultKind.NIK_TRANSPOSITION, rates.nik_transposition),
    )
    for kind, rate in bounds:
        if draw >= rate:
            draw -= rate
            continue
        if kind is FaultKind.NIK_MISSING:
            changed: tuple[str, str] | None = (rng.choice(MISSING_NIK_VALUES), "")
        elif kind is FaultKind.NIK_SPREADSHEET:
            changed = _spreadsheet(nik, rng)
        elif kind is FaultKind.NIK_SUBSTITUTION:
            changed = _substitute(nik, rng)
        else:
            changed = _transpose(nik, rng)
        if changed is not None:
            entry.cells["NIK"], detail = changed
            entry.faults.append(Fault(kind, detail))
        return


def _damage_date(entry: ListEntry, rates: FaultRates, rng: random.Random) -> None:
    born = entry.person.birth_date
    if (
        rng.random() < rates.date_day_month_swap
        and born.day <= 12
        and born.day != born.month
    ):
        entry.cells["TGL_LAHIR"] = f"{born.month:02d}-{born.day:02d}-{born.year:04d}"
        entry.faults.append(Fault(FaultKind.DATE_DAY_MONTH_SWAP))
    elif rng.random() < rates.date_placeholder:
        day, month = rng.choice(PLACEHOLDER_DATES)
        if (day, month) != (born.day, born.month):
            entry.cells["TGL_LAHIR"] = f"{day:02d}-{month:02d}-{born.year:04d}"
            entry.faults.append(
                Fault(FaultKind.DATE_PLACEHOLDER, f"{day:02d}-{month:02d}")
            )


def _population_labels(entry: ListEntry) -> None:
    person = entry.person
    if person.migrant:
        entry.faults.append(
            Fault(FaultKind.MIGRANT, f"NIK issued in province {person.nik[:2]}")
        )
    if person.nik_mismatch == "birth_date":
        entry.faults.append(Fault(FaultKind.NIK_DATE_MISMATCH))
    elif person.nik_mismatch == "sex":
        entry.faults.append(Fault(FaultKind.NIK_SEX_MISMATCH))


def _second_nik(nik: str, rng: random.Random) -> str:
    # NOTE: the second NIK is not in the registry extract. Its serial of
    # 5000 or more is assumed free, but a population large enough to
    # allocate such serials could give it to another person too.
    return f"{nik[:12]}{rng.randint(5000, 9999):04d}"


def build_list(
    households: list[Household], rates: FaultRates, rng: random.Random
) -> list[ListEntry]:
    """Build the rows of one programme list, faults applied, in final order."""
    entries: list[ListEntry] = []
    for household in households:
        person = recipient(household)
        entry = ListEntry(len(entries), _cells(person, household), person, household)
        _population_labels(entry)
        _damage_name(entry, rates, rng)
        _damage_nik(entry, rates, rng)
        _damage_date(entry, rates, rng)
        entries.append(entry)

    originals = list(entries)
    for entry in originals:
        if len(originals) < 2 or rng.random() >= rates.shared_nik:
            continue
        if any(f.kind in _NIK_FAULTS for f in entry.faults):
            continue  # keep one NIK fault per row, so each label stays true
        index = rng.randrange(len(originals) - 1)
        other = originals[index + 1 if index >= entry.key else index]
        if other.person.nik != entry.person.nik:
            entry.cells["NIK"] = other.person.nik
            entry.faults.append(Fault(FaultKind.SHARED_NIK, "NIK of the person in row"))
            entry.references[len(entry.faults) - 1] = other.key

    result: list[ListEntry] = []
    for entry in originals:
        result.append(entry)
        if rng.random() < rates.duplicate_row:
            copy = ListEntry(
                len(entries), dict(entry.cells), entry.person, entry.household
            )
            copy.faults = [*entry.faults, Fault(FaultKind.DUPLICATE_ROW, "copy of row")]
            copy.references = {**entry.references, len(copy.faults) - 1: entry.key}
            entries.append(copy)
            result.append(copy)
        if rng.random() < rates.second_nik:
            twin = ListEntry(len(entries), _cells(entry.person, entry.household),
                             entry.person, entry.household)  # fmt: skip
            twin.cells["NIK"] = _second_nik(entry.person.nik, rng)
            _population_labels(twin)
            twin.faults.append(Fault(FaultKind.SECOND_NIK, "same person as row"))
            twin.references = {len(twin.faults) - 1: entry.key}
            entries.append(twin)
            result.append(twin)
    return result
