"""Synthetic NIKs for the speed benchmark, and a table of hard cases.

`make_niks` draws from the region table shipped with niklib, with a fixed
seed, so every run and every machine times the same inputs. About 90 % are
valid NIKs and about 10 % carry one of the faults seen in real recipient
lists. None of them is a real person's number.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from niklib import regions

# Share of each kind of input, out of 1000. The invalid kinds add up to
# 10 %, an assumed share for a list before cleaning, not one measured on
# real data.
MIX = {
    "valid": 880,
    "valid, retired region code": 20,
    "unknown district": 15,
    "regency code from the BPS list": 5,
    "day code 00, 32-40 or 72-99": 15,
    "month 00 or 13-99": 10,
    "day missing from the month": 10,
    "serial 0000": 10,
    "15 digits (spreadsheet lost one)": 20,
    "letter in place of a digit": 15,
}

# Regency codes that BPS uses but Kemendagri has never used (BPS numbers
# Kota Dumai 1473 where Kemendagri has 14.72, and the Papua regencies 94xx
# that Kemendagri numbered 91xx before 2022).
BPS_ONLY_REGENCIES = ("1473", "9409", "9410", "9411", "9412", "9413")

_EARLIEST_BIRTH = date(1935, 1, 1)
_LATEST_BIRTH = date(2025, 12, 31)


@dataclass(frozen=True)
class Dataset:
    """The benchmark inputs and the kind each one was generated as."""

    values: list[str]
    kinds: list[str]
    seed: int


def make_niks(count: int, *, seed: int) -> Dataset:
    """Generate `count` synthetic NIKs, shuffled, reproducible from `seed`."""
    rng = random.Random(seed)
    table = regions.default_table()
    codes = sorted(table.district_codes)
    current = [c for c in codes if table.get(c).is_current]  # type: ignore[union-attr]
    retired = [c for c in codes if c not in set(current)]
    regencies = sorted({c[:4] for c in current})
    makers = {
        "valid": lambda: _nik(rng, rng.choice(current)),
        "valid, retired region code": lambda: _nik(rng, rng.choice(retired)),
        "unknown district": lambda: _nik(rng, _unknown_district(rng, regencies, table)),
        "regency code from the BPS list": lambda: _nik(
            rng, rng.choice(BPS_ONLY_REGENCIES) + f"{rng.randint(1, 20):02d}"
        ),
        "day code 00, 32-40 or 72-99": lambda: _with_day_code(rng, current),
        "month 00 or 13-99": lambda: _with_month(rng, current),
        "day missing from the month": lambda: _with_missing_day(rng, current),
        "serial 0000": lambda: _nik(rng, rng.choice(current))[:12] + "0000",
        "15 digits (spreadsheet lost one)": lambda: _nik(rng, rng.choice(current))[:15],
        "letter in place of a digit": lambda: _with_letter(rng, current),
    }

    values: list[str] = []
    kinds: list[str] = []
    for kind, share in MIX.items():
        for _ in range(round(count * share / 1000)):
            values.append(makers[kind]())
            kinds.append(kind)
    while len(values) < count:
        values.append(makers["valid"]())
        kinds.append("valid")
    order = list(range(len(values)))[:count]
    rng.shuffle(order)
    return Dataset([values[i] for i in order], [kinds[i] for i in order], seed)


def _birth_date(rng: random.Random) -> date:
    # Placeholder dates are common in the registry: 1 July (SIAK default
    # since 2004) and 31 December (before 2004).
    roll = rng.random()
    year = int(rng.triangular(_EARLIEST_BIRTH.year, _LATEST_BIRTH.year, 2005))
    if roll < 0.04:
        return date(year, 7, 1)
    if roll < 0.06:
        return date(year, 12, 31)
    return date(year, 1, 1) + timedelta(days=rng.randrange(365))


def _serial(rng: random.Random) -> str:
    return f"{min(9999, int(rng.expovariate(1 / 60)) + 1):04d}"


def _nik(rng: random.Random, prefix: str) -> str:
    born = _birth_date(rng)
    day = born.day + (40 if rng.random() < 0.5 else 0)
    return f"{prefix}{day:02d}{born.month:02d}{born.year % 100:02d}{_serial(rng)}"


def _unknown_district(
    rng: random.Random, regencies: list[str], table: regions.RegionTable
) -> str:
    while True:
        code = f"{rng.choice(regencies)}{rng.randint(1, 99):02d}"
        if code not in table.district_codes:
            return code


def _with_day_code(rng: random.Random, current: list[str]) -> str:
    nik = _nik(rng, rng.choice(current))
    day_code = rng.choice([0, *range(32, 41), *range(72, 100)])
    return f"{nik[:6]}{day_code:02d}{nik[8:]}"


def _with_month(rng: random.Random, current: list[str]) -> str:
    nik = _nik(rng, rng.choice(current))
    month = rng.choice([0, *range(13, 100)])
    return f"{nik[:8]}{month:02d}{nik[10:]}"


def _with_missing_day(rng: random.Random, current: list[str]) -> str:
    nik = _nik(rng, rng.choice(current))
    # 31 April/June/September/November, 30 February, or 29 February in a
    # year whose two digits are a leap year in neither possible century.
    day, month, year = rng.choice(
        [
            (31, 4, rng.randint(0, 99)),
            (31, 6, rng.randint(0, 99)),
            (31, 9, rng.randint(0, 99)),
            (31, 11, rng.randint(0, 99)),
            (30, 2, rng.randint(0, 99)),
            (29, 2, rng.choice([1, 2, 3, 5, 6, 7, 9, 10, 11, 13, 14, 15])),
        ]
    )
    day += 40 if rng.random() < 0.5 else 0
    return f"{nik[:6]}{day:02d}{month:02d}{year:02d}{nik[12:]}"


def _with_letter(rng: random.Random, current: list[str]) -> str:
    nik = _nik(rng, rng.choice(current))
    position = rng.randrange(16)
    return nik[:position] + rng.choice("OIlSB") + nik[position + 1 :]


@dataclass(frozen=True)
class HardCase:
    """One input with the verdict a correct validator gives, and why."""

    value: str
    valid: bool
    note: str


# Synthetic NIKs that separate careful validators from quick ones. The
# verdicts follow the Kemendagri table of 2025 with its history since 2015.
HARD_CASES = (
    HardCase("3604054107990003", True, "plain valid NIK (Banten, woman)"),
    HardCase("9101014512700004", True, "retired 91.01.01 Merauke, now 93.01.01"),
    HardCase("9201011203800011", True, "retired 92.01.01, now Papua Barat Daya 96"),
    HardCase("9301011203800011", True, "93.01.01, Papua Selatan since 2022"),
    HardCase("9102521203800011", True, "retired district number 52 (2015-2021)"),
    HardCase("1473011203800011", False, "BPS regency code 1473, not Kemendagri"),
    HardCase("9409011203800011", False, "BPS regency code 9409, not Kemendagri"),
    HardCase("3604991203800011", False, "unknown district 36.04.99"),
    HardCase("3604053207990003", False, "day code 32"),
    HardCase("3604054007990003", False, "day code 40"),
    HardCase("3604057207990003", False, "day code 72"),
    HardCase("3604058107990003", False, "day code 81 (81 mod 40 is 1)"),
    HardCase("3604050007990003", False, "day code 00"),
    HardCase("3604051213990003", False, "month 13"),
    HardCase("3604053104990003", False, "31 April"),
    HardCase("3604052902000003", True, "29 February 2000"),
    HardCase("3604052902010003", False, "29 February, year 01"),
    HardCase("3604054107990000", False, "serial 0000"),
    HardCase("0104054107990003", False, "leading 0 (village temporary number)"),
    HardCase("360405410799000", False, "15 digits"),
    HardCase(
        "360405\u0664\u0661\u0660\u0667\u0669\u0669" + "0003",
        False,
        "Arabic-Indic date digits",
    ),
    HardCase(
        "\uff13\uff16\uff10\uff14\uff10\uff15\uff14\uff11\uff10\uff17\uff19\uff19\uff10\uff10\uff10\uff13",
        False,
        "full-width digits",
    ),
    HardCase("36.04.05.410799.0003", True, "dotted form (a format choice)"),
)
