"""Building households for the rules engine from the audit's inputs.

A row's household is found by its KK number: the row's own KK, else the
KK that the household inputs file gives the row's NIK, else the KK of the
registry record the row matched. The first source of members is the
household inputs file: one row per member with the asserted rule inputs,
the format ``niklib synth`` writes as ``households.csv``. Next come the
registry's members under the KK of the row itself. Last, the row alone
is the household.

A member's age and sex come from a record before the NIK, because a NIK
is not re-issued when the registry corrects a birth date or sex: the
registry record first (the record matched to a recipient row, or the
member's record under the household's KK), then the recipient row, and
the NIK only where no record gives a valid value.
"""

from __future__ import annotations

import csv
import datetime
import enum
import functools
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import attrs

import niklib
from niklib import regions, rules
from niklib.audit.readers import InputRow, InputTable, UnreadableInputError
from niklib.linkage.records import normalize_sex, parse_birth_date

__all__ = [
    "HouseholdInputs",
    "KKSource",
    "PersonFacts",
    "build_household",
    "find_kk",
    "kk_of_matches",
    "person_facts",
    "regency_code_of",
    "registry_facts_by_kk",
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
    under, so a recipient row without a KK still finds its household. A
    member listed twice under one KK (the same NIK) is kept once, from its
    first line, and `repeated_members` counts the lines left out.

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
        self.repeated_members = 0
        # Repeated lines whose cells differ from the first: (row, columns).
        self.conflicts: list[tuple[int, tuple[str, ...]]] = []
        seen: dict[tuple[str, str], Mapping[str, str]] = {}
        problems: list[str] = []
        # Rows whose KK or NIK is not valid, which no recipient row can find.
        self.invalid_kk: list[int] = []
        self.invalid_nik: list[int] = []
        for number, row in enumerate(rows, start=2):
            problems.extend(f"row {number}: {p}" for p in _cell_problems(row))
            kk = (row.get("kk") or "").strip()
            if kk and not niklib.kk.is_valid(kk):
                self.invalid_kk.append(number)
            nik_text = (row.get("nik") or "").strip()
            if nik_text and not niklib.is_valid(nik_text):
                self.invalid_nik.append(number)
            if not kk:
                continue
            nik = _compact_nik(row.get("nik"))
            earlier = seen.get((kk, nik)) if nik else None
            if earlier is not None:
                self.repeated_members += 1
                differing = _differing_columns(earlier, row)
                if differing:
                    self.conflicts.append((number, differing))
                continue
            self.by_kk.setdefault(kk, []).append(row)
            if nik:
                seen[(kk, nik)] = row
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

    def invalid_note(self) -> str | None:
        """Describe the lines whose KK or NIK is not valid, if any."""
        parts = []
        if self.invalid_kk:
            parts.append(
                f"a KK number that is not valid on {_rows_text(self.invalid_kk)}, "
                "so no recipient row finds those lines by KK"
            )
        if self.invalid_nik:
            parts.append(
                f"a NIK that is not valid on {_rows_text(self.invalid_nik)}, so "
                "those members' ages and sex are not known"
            )
        if not parts:
            return None
        return (
            f"The households file {self.source} has "
            + "; and ".join(parts)
            + ". Correct those cells (check them with niklib check)."
        )

    def repeated_note(self) -> str | None:
        """Describe the member lines left out as repeats, if any."""
        if not self.repeated_members:
            return None
        lines = (
            "1 member line"
            if self.repeated_members == 1
            else f"{self.repeated_members:,} member lines"
        )
        note = (
            f"The households file {self.source} repeats {lines} (the same NIK "
            "twice under one KK); each member was counted once, from its first "
            "line."
        )
        if self.conflicts:
            shown = "; ".join(
                f"row {number} ({', '.join(columns)})"
                for number, columns in self.conflicts[:3]
            )
            more = len(self.conflicts) - 3
            note += (
                f" {len(self.conflicts):,} of the repeats differ from the first "
                f"line, so those values were not used: {shown}"
                + (f" and {more:,} more" if more > 0 else "")
                + ". Keep one line per member with the right values."
            )
        return note


def _rows_text(numbers: Sequence[int]) -> str:
    shown = ", ".join(str(number) for number in numbers[:5])
    more = f" and {len(numbers) - 5:,} more" if len(numbers) > 5 else ""
    return f"{'row' if len(numbers) == 1 else 'rows'} {shown}{more}"


def _differing_columns(
    first: Mapping[str, str], repeat: Mapping[str, str]
) -> tuple[str, ...]:
    """Return the columns, other than the NIK, whose cells differ in a repeat."""
    return tuple(
        column
        for column in first
        if column != "nik"
        and (first.get(column) or "").strip() != (repeat.get(column) or "").strip()
    )


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


@attrs.frozen
class PersonFacts:
    """A person's birth date and sex from a record, None where the record has none."""

    birth_date: datetime.date | None = None
    sex: str | None = None

    def over(self, other: PersonFacts | None) -> PersonFacts:
        """Return these facts, with `other`'s where these are missing."""
        if other is None:
            return self
        return PersonFacts(self.birth_date or other.birth_date, self.sex or other.sex)


def person_facts(values: Mapping[str, str], as_of: datetime.date) -> PersonFacts:
    """Return the valid birth date and sex of a record's values by field.

    A birth date after `as_of` is not valid for the decision, so it is None.
    """
    birth_date = parse_birth_date(values.get("birth_date") or None)
    if birth_date is not None and birth_date > as_of:
        birth_date = None
    return PersonFacts(birth_date, normalize_sex(values.get("sex") or None))


def registry_facts_by_kk(
    table: InputTable, as_of: datetime.date
) -> dict[str, dict[str, PersonFacts]]:
    """Return the birth date and sex of each registry member, by KK and NIK.

    The keys are those of `niklib.audit.decisions.members_by_kk`, so the
    facts of a household's registry members are found under its KK. The
    first record of a NIK under one KK wins.
    """
    facts: dict[str, dict[str, PersonFacts]] = {}
    for row in table.rows:
        kk, nik = row.values.get("kk", ""), row.values.get("nik", "")
        if not kk or not niklib.is_valid(nik, as_of=as_of):
            continue
        key = niklib.kk.compact(kk) if niklib.kk.is_valid(kk, as_of=as_of) else kk
        members = facts.setdefault(key, {})
        members.setdefault(niklib.compact(nik), person_facts(row.values, as_of))
    return facts


def _identity_fields(
    nik: str, facts: PersonFacts | None, as_of: datetime.date
) -> dict[str, object]:
    """Return the `rules.Member` fields that give a member's age and sex.

    The NIK alone is passed where the record agrees with it or gives
    nothing, else the record's birth date and sex, each completed from
    the NIK. `rules.Member` takes a NIK or an asserted date, not both.
    """
    check = niklib.check(nik, as_of=as_of) if nik else None
    valid = check is not None and check.valid
    if facts is None or (facts.birth_date is None and facts.sex is None):
        return {"nik": niklib.compact(nik)} if valid else {}
    nik_date = check.birth_date if check is not None and valid else None
    nik_sex = check.sex.value if check is not None and valid and check.sex else None
    birth_date = facts.birth_date or nik_date
    sex = facts.sex or nik_sex
    if valid and (birth_date, sex) == (nik_date, nik_sex):
        return {"nik": niklib.compact(nik)}
    return {"birth_date": birth_date, "sex": sex}


def _member_from_inputs(
    row: Mapping[str, str], facts: PersonFacts | None, as_of: datetime.date
) -> rules.Member:
    nik = (row.get("nik") or "").strip()
    attendance_text = (row.get("attendance") or "").strip()
    kwargs: dict[str, object] = {name: _flag(row.get(name)) for name in _MEMBER_FLAGS}
    kwargs["school_level"] = (row.get("school_level") or "").strip() or None
    kwargs["attendance"] = _percent(attendance_text)
    kwargs.update(_identity_fields(nik, facts, as_of))
    return rules.Member(id=row.get("person_id") or None, **kwargs)  # type: ignore[arg-type]


def _member_from_row(
    row: InputRow, facts: PersonFacts, as_of: datetime.date
) -> rules.Member:
    fields = _identity_fields(row.values.get("nik", ""), facts, as_of)
    if not fields:  # no valid NIK: the record's facts, even if unknown
        fields = {"birth_date": facts.birth_date, "sex": facts.sex}
    return rules.Member(id=str(row.row_number), **fields)  # type: ignore[arg-type]


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
    known: Mapping[str, PersonFacts] | None = None,
    registry_facts: Mapping[str, PersonFacts] | None = None,
) -> rules.Household:
    """Build the rules `Household` for one list row (see the module docstring).

    `birth_date` and `sex` are the row's person's, from its registry
    record or else the row. `kk` is the household's KK from `find_kk`;
    when None, only the row's own KK column is read. `known` gives the
    birth date and sex of the other recipients by compact NIK, and
    `registry_facts` those of the household's registry members.
    """
    if kk is None:
        kk = _valid_kk(row.values.get("kk", ""), as_of)
    own = PersonFacts(birth_date, sex)
    own_nik = _compact_nik(row.values.get("nik")) if not row.is_blank else ""

    def facts_of(nik: str, record: PersonFacts | None = None) -> PersonFacts | None:
        compact = _compact_nik(nik)
        found = own if compact and compact == own_nik else (known or {}).get(compact)
        return found if record is None else record.over(found)

    listed = inputs.by_kk.get(kk, []) if inputs is not None and kk else []
    if listed:
        # NOTE: a member of the households file who is not on the recipient
        # list takes age and sex from the NIK even if the registry has a
        # corrected record, because `niklib.dask.audit` does not gather it.
        members = [
            _member_from_inputs(m, facts_of(m.get("nik") or ""), as_of) for m in listed
        ]
        first = listed[0]
        flags = {name: _flag(first.get(name)) for name in _HOUSEHOLD_FLAGS}
        domicile = (first.get("domicile") or "").strip() or regency_code_of(
            row, province
        )
    elif registry_members:
        # A registry extract may list a person twice under one KK.
        unique = dict.fromkeys(registry_members)
        members = [
            rules.Member(
                **_identity_fields(  # type: ignore[arg-type]
                    nik, facts_of(nik, (registry_facts or {}).get(nik)), as_of
                )
            )
            for nik in unique
        ]
        flags = {}
        domicile = regency_code_of(row, province)
    else:
        members = [_member_from_row(row, own, as_of)]
        flags = {}
        domicile = regency_code_of(row, province)
    return rules.Household(
        id=kk or str(row.row_number),
        members=members,
        domicile=domicile,
        other_programmes=other_programmes,
        **flags,  # type: ignore[arg-type]
    )
