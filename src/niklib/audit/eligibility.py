"""Building households for the rules engine from the audit's inputs.

A row's household is found by its KK number: the row's own KK, else the
KK that the household inputs file gives the row's NIK, else the KK of the
registry record the row matched. The first source of members is the
household inputs file: one row per member with the asserted rule inputs,
the format ``niklib synth`` writes as ``households.csv``. Next come the
registry's members under the KK of the row itself, with age and sex
derived from their NIKs. Last, the row alone is the household.
"""

from __future__ import annotations

import csv
import datetime
import enum
import functools
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import niklib
from niklib import regions, rules
from niklib.audit.readers import InputRow, InputTable, UnreadableInputError

__all__ = [
    "HouseholdInputs",
    "KKSource",
    "build_household",
    "find_kk",
    "kk_of_matches",
    "regency_code_of",
]

_TRUE = {"1", "y", "ya", "yes", "true", "t", "benar"}
_FALSE = {"0", "n", "tidak", "no", "false", "f", "salah", "bukan"}
_MEMBER_FLAGS = (
    "pregnant", "nursing", "disability", "severe_disability",
    "immunisation_complete", "civil_servant", "birth_with_health_worker",
)  # fmt: skip
_HOUSEHOLD_FLAGS = ("in_target_data", "pkh_access_area", "savings_obligation_met")


def _flag(value: str | None) -> bool | None:
    text = (value or "").strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    return None


def _cell_problems(row: Mapping[str, str | None]) -> list[str]:
    """Describe the flag and attendance cells of one member that cannot be read."""
    problems = []
    for name in (*_MEMBER_FLAGS, *_HOUSEHOLD_FLAGS):
        text = (row.get(name) or "").strip()
        if text and text.lower() not in _TRUE | _FALSE:
            problems.append(
                f"{name} is {text!r}; expected 1 or 0 (also yes/no, ya/tidak, "
                "true/false), or an empty cell when not known"
            )
    attendance = (row.get("attendance") or "").strip()
    try:
        share = _percent(attendance)
    except ValueError:
        share = -1.0
    if share is not None and not 0 <= share <= 100:
        problems.append(
            f"attendance is {attendance!r}; expected a percentage from 0 to 100 "
            "(85 or 0.85), or an empty cell when not known"
        )
    return problems


class HouseholdInputs:
    """Asserted rule inputs per member, grouped by KK number.

    `kk_by_nik` maps each member's compact NIK to the KK it is listed
    under, so a recipient row without a KK still finds its household.

    Raises `UnreadableInputError` when a yes/no cell or an attendance cell
    cannot be read, naming the row and the column: a misread input would
    change eligibility decisions without a trace.
    """

    def __init__(
        self, rows: Sequence[Mapping[str, str]], source: str = "households"
    ) -> None:
        self.source = source
        self.by_kk: dict[str, list[Mapping[str, str]]] = {}
        self.kk_by_nik: dict[str, str] = {}
        problems: list[str] = []
        for number, row in enumerate(rows, start=2):
            problems.extend(f"row {number}: {p}" for p in _cell_problems(row))
            kk = (row.get("kk") or "").strip()
            if kk:
                self.by_kk.setdefault(kk, []).append(row)
                nik = _compact_nik(row.get("nik"))
                if nik:
                    self.kk_by_nik.setdefault(nik, kk)
        if problems:
            first = "; ".join(problems[:3])
            more = f" (and {len(problems) - 3} more)" if len(problems) > 3 else ""
            cells = "1 cell" if len(problems) == 1 else f"{len(problems)} cells"
            raise UnreadableInputError(
                f"{source}: {cells} of household inputs cannot be read: {first}{more}"
            )

    @classmethod
    def read(cls, path: str | os.PathLike[str]) -> HouseholdInputs:
        """Read a household inputs CSV with at least ``nik`` and ``kk`` columns."""
        file = Path(path)
        try:
            with file.open(encoding="utf-8-sig", newline="") as handle:
                rows = list(csv.DictReader(handle))
        except OSError as error:
            raise UnreadableInputError(
                f"{file}: cannot read ({error.strerror})"
            ) from None
        if rows and not {"nik", "kk"} <= set(rows[0]):
            raise UnreadableInputError(
                f"{file}: household inputs need the columns nik and kk (lower case); "
                f"found {', '.join(rows[0])}"
            )
        return cls(rows, str(file))


def _compact_nik(value: str | None) -> str:
    try:
        return niklib.compact(value or "")
    except niklib.InvalidNIK:
        return ""


def _percent(text: str) -> float | None:
    """Read an attendance share as a percentage; ``0.85`` and ``85`` both give 85."""
    if not text:
        return None
    value = float(text.replace(",", "."))
    # A value written with a decimal point and at most 1 is a fraction, as
    # spreadsheets format percentages; 0.9 % attendance is not plausible.
    if value <= 1 and any(mark in text for mark in ".,"):
        return value * 100
    return value


def _member_from_inputs(row: Mapping[str, str], as_of: datetime.date) -> rules.Member:
    nik = (row.get("nik") or "").strip()
    attendance_text = (row.get("attendance") or "").strip()
    kwargs: dict[str, object] = {name: _flag(row.get(name)) for name in _MEMBER_FLAGS}
    kwargs["school_level"] = (row.get("school_level") or "").strip() or None
    kwargs["attendance"] = _percent(attendance_text)
    if niklib.is_valid(nik, as_of=as_of):
        kwargs["nik"] = nik
    return rules.Member(id=row.get("person_id") or None, **kwargs)  # type: ignore[arg-type]


def _member_from_row(
    row: InputRow,
    birth_date: datetime.date | None,
    sex: str | None,
    as_of: datetime.date,
) -> rules.Member:
    nik = row.values.get("nik", "")
    if niklib.is_valid(nik, as_of=as_of):
        return rules.Member(nik=niklib.compact(nik), id=str(row.row_number))
    return rules.Member(birth_date=birth_date, sex=sex, id=str(row.row_number))


def regency_code_of(row: InputRow, province: str | None) -> str | None:
    """Return the 4-digit regency code named in the row's regency column, if any."""
    return _regency_code(row.values.get("regency", "").strip(), province)


@functools.lru_cache(maxsize=4096)
def _regency_code(name: str, province: str | None) -> str | None:
    if not name:
        return None
    digits = name.replace(".", "").strip()
    if digits.isdigit() and len(digits) >= 4:
        return digits[:4]
    found = regions.search(
        name, level=regions.Level.REGENCY, within=province, limit=1, min_score=80
    )
    return found[0].code if found else None


class KKSource(str, enum.Enum):
    """The source of a row's household KK, NONE when no KK was found."""

    LIST = "list"
    HOUSEHOLDS = "households"
    REGISTRY = "registry"
    NONE = "none"


def _valid_kk(text: str, as_of: datetime.date) -> str:
    return niklib.kk.compact(text) if niklib.kk.is_valid(text, as_of=as_of) else ""


def find_kk(
    row: InputRow,
    nik: str | None,
    *,
    as_of: datetime.date,
    inputs: HouseholdInputs | None,
    matched_kk: str,
) -> tuple[str, KKSource]:
    """Return the KK of the row's household and where it came from.

    `nik` is the row's valid NIK in compact form, and `matched_kk` the KK
    of the registry record the row matched ("" if none). An empty KK
    comes with `KKSource.NONE`.
    """
    kk = _valid_kk(row.values.get("kk", ""), as_of)
    if kk:
        return kk, KKSource.LIST
    if inputs is not None and nik is not None and nik in inputs.kk_by_nik:
        # The key of `inputs.by_kk` as written, so the lookup cannot miss.
        return inputs.kk_by_nik[nik], KKSource.HOUSEHOLDS
    if matched_kk:
        return matched_kk, KKSource.REGISTRY
    return "", KKSource.NONE


def kk_of_matches(
    table: InputTable, registry_rows: Sequence[int | None], as_of: datetime.date
) -> list[str]:
    """Return the valid KK of each matched registry row number, "" where none."""
    kk_by_row = {row.row_number: row.values.get("kk", "") for row in table.rows}
    return [
        "" if number is None else _valid_kk(kk_by_row.get(number, ""), as_of)
        for number in registry_rows
    ]


def build_household(
    row: InputRow,
    *,
    birth_date: datetime.date | None,
    sex: str | None,
    as_of: datetime.date,
    inputs: HouseholdInputs | None,
    registry_members: Sequence[str],
    other_programmes: frozenset[str] | None,
    province: str | None,
    kk: str | None = None,
) -> rules.Household:
    """Build the rules `Household` for one list row (see the module docstring).

    `kk` is the household's KK from `find_kk`. When None, only the row's
    own KK column is read.
    """
    if kk is None:
        kk = _valid_kk(row.values.get("kk", ""), as_of)
    listed = inputs.by_kk.get(kk, []) if inputs is not None and kk else []
    if listed:
        members = [_member_from_inputs(m, as_of) for m in listed]
        first = listed[0]
        flags = {name: _flag(first.get(name)) for name in _HOUSEHOLD_FLAGS}
        domicile = (first.get("domicile") or "").strip() or regency_code_of(
            row, province
        )
    elif registry_members:
        members = [rules.Member(nik=nik) for nik in registry_members]
        flags = {}
        domicile = regency_code_of(row, province)
    else:
        members = [_member_from_row(row, birth_date, sex, as_of)]
        flags = {}
        domicile = regency_code_of(row, province)
    return rules.Household(
        id=kk or str(row.row_number),
        members=members,
        domicile=domicile,
        other_programmes=other_programmes,
        **flags,  # type: ignore[arg-type]
    )
