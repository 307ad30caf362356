"""Cross-checks of a record's NIK against the record's own birth date and sex.

A NIK encodes the holder's birth date (DDMMYY, with 40 added to the day for
women). It is not re-issued when the registry corrects a birth date, so a
disagreement is a finding for review, not proof of a wrong NIK. The kind
of disagreement shows which field is likely wrong: a date with day and
month swapped points at the typed birth date, a day without the +40 at the
sex or the NIK.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping

import attrs

from niklib.linkage.records import (
    ColumnMap,
    normalize_sex,
    parse_birth_date,
    read_field,
)
from niklib.linkage.table import Table

__all__ = ["CrossCheck", "DateCheck", "SexCheck", "cross_check"]


class DateCheck(enum.Enum):
    """The relation of the birth date in a NIK to the record's birth date."""

    AGREES = "agrees"
    SWAPPED = "day and month swapped"
    MISSING_40 = "NIK day lacks the +40 for women"
    EXTRA_40 = "NIK day has the +40 but the record is male"
    DIFFERS = "differs"
    UNKNOWN = "unknown"


class SexCheck(enum.Enum):
    """The relation of the sex in a NIK to the record's sex."""

    AGREES = "agrees"
    DIFFERS = "differs"
    UNKNOWN = "unknown"


@attrs.frozen
class CrossCheck:
    """The result of checking one record's NIK against its birth date and sex.

    `nik_error` names the reason the NIK could not be parsed, if it could
    not; the date and sex checks are then `UNKNOWN`.
    """

    date: DateCheck
    sex: SexCheck
    nik_error: str | None = None

    @property
    def consistent(self) -> bool:
        """True when nothing disagrees (unknown parts do not count)."""
        bad_date = self.date not in (DateCheck.AGREES, DateCheck.UNKNOWN)
        return not bad_date and self.sex is not SexCheck.DIFFERS

    def notes(self) -> tuple[str, ...]:
        """Return the disagreements as sentences for an explanation."""
        notes = []
        if self.date is DateCheck.SWAPPED:
            notes.append(
                "the NIK date is the birth date with day and month swapped, "
                "so one of them was mistyped"
            )
        elif self.date is DateCheck.MISSING_40:
            notes.append(
                "the NIK day lacks the +40 for women, "
                "so the NIK or the recorded sex is wrong"
            )
        elif self.date is DateCheck.EXTRA_40:
            notes.append(
                "the NIK day has the +40 for women but the record is male, "
                "so the NIK or the recorded sex is wrong"
            )
        elif self.date is DateCheck.DIFFERS:
            notes.append(
                "the NIK birth date differs from the recorded birth date; "
                "a corrected birth date keeps its old NIK"
            )
        if self.sex is SexCheck.DIFFERS:
            notes.append("the sex in the NIK differs from the recorded sex")
        return tuple(notes)


def _same_day(a: dt.date, day: int, month: int, year: int) -> bool:
    # NIKs hold two-digit years, so the century is ignored.
    return a.day == day and a.month == month and a.year % 100 == year % 100


def _date_check(
    nik_date: dt.date, nik_female: bool, birth: dt.date | None, sex: str | None
) -> DateCheck:
    if birth is None:
        return DateCheck.UNKNOWN
    if _same_day(birth, nik_date.day, nik_date.month, nik_date.year):
        if sex == "F" and not nik_female:
            return DateCheck.MISSING_40
        if sex == "M" and nik_female:
            return DateCheck.EXTRA_40
        return DateCheck.AGREES
    if _same_day(birth, nik_date.month, nik_date.day, nik_date.year):
        return DateCheck.SWAPPED
    return DateCheck.DIFFERS


def check_values(nik: object, birth_date: object, sex: object) -> CrossCheck:
    """Cross-check raw field values (see `cross_check`)."""
    import niklib

    birth = parse_birth_date(birth_date)
    recorded_sex = normalize_sex(sex)
    if nik is None or (isinstance(nik, str) and not nik.strip()):
        return CrossCheck(date=DateCheck.UNKNOWN, sex=SexCheck.UNKNOWN)
    try:
        parsed = niklib.parse(nik)
    except niklib.InvalidNIK as error:
        return CrossCheck(
            date=DateCheck.UNKNOWN, sex=SexCheck.UNKNOWN, nik_error=error.reason.value
        )

    nik_female = parsed.sex is niklib.Sex.FEMALE
    date = _date_check(parsed.birth_date, nik_female, birth, recorded_sex)
    if recorded_sex is None:
        sex_check = SexCheck.UNKNOWN
    else:
        sex_check = (
            SexCheck.AGREES if recorded_sex == parsed.sex.value else SexCheck.DIFFERS
        )
    return CrossCheck(date=date, sex=sex_check)


def cross_check(
    record: Mapping[str, object], *, columns: ColumnMap | None = None
) -> CrossCheck:
    """Check a record's NIK against the record's own birth date and sex.

    The record's ``nik``, ``birth_date`` and ``sex`` fields are read through
    the column map. A missing or invalid NIK gives `UNKNOWN` checks.
    """
    columns = columns or {}
    return check_values(
        read_field(record, "nik", columns),
        read_field(record, "birth_date", columns),
        read_field(record, "sex", columns),
    )


def pair_notes(left: Table, li: int, right: Table, ri: int) -> tuple[str, ...]:
    """Return the cross-check notes of both records of a pair, labelled by side."""
    notes = []
    for side, table, row in (("left", left, li), ("right", right, ri)):
        fields = table.fields
        result = check_values(
            fields["nik"][row], fields["birth_date"][row], fields["sex"][row]
        )
        notes += [f"{side}: {note}" for note in result.notes()]
    return tuple(notes)
