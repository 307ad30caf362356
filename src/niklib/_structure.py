"""Decoding the blocks shared by NIK and KK numbers: region, date and serial.

Both numbers are ``PP KK CC DDMMYY SSSS``: a six-digit Kemendagri region
code, a date and a four-digit serial. They differ only in the date: a NIK
adds 40 to the day for women, a KK does not.
"""

from __future__ import annotations

import enum
import functools
import time
from datetime import date, datetime, timedelta

from niklib.exceptions import Finding, Reason, Severity
from niklib.regions import Region, RegionTable, default_table, format_code

__all__ = [
    "WARNING_REASONS",
    "DecodedDate",
    "KnownRegion",
    "Sex",
    "birth_date_and_sex",
    "decode_date",
    "decode_region",
    "quick_is_valid",
    "resolve_as_of",
    "today",
    "today_span",
]


# The reasons of `Severity.WARNING`. Membership in a tuple compares by
# identity, while a set would call `Enum.__hash__`, which is Python code.
WARNING_REASONS = tuple(r for r in Reason if r.severity is Severity.WARNING)


class FindingsMixin:
    """The `valid`, `findings` and `reasons` properties of a check result.

    The class using it has `errors` and `warnings` tuples of `Finding`.
    """

    __slots__ = ()
    errors: tuple[Finding, ...]
    warnings: tuple[Finding, ...]

    @property
    def valid(self) -> bool:
        """True when there are no errors (warnings allowed)."""
        return not self.errors

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Errors first, then warnings."""
        return self.errors + self.warnings

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """The reason of every finding, errors first."""
        return tuple(f.reason for f in self.findings)

    def _summary(self, masked: str) -> str:
        reasons = ", ".join(r.value for r in self.reasons) or "no findings"
        state = "valid" if self.valid else "invalid"
        return f"Check({masked!r}, {state}: {reasons})"


class Sex(enum.Enum):
    """Sex as encoded in a NIK's day digits (women have 40 added)."""

    MALE = "M"
    FEMALE = "F"


# Today's local date and the epoch seconds at which it starts and ends, so
# that `today` compares one clock reading instead of calling `date.today`,
# which costs several times as much.
_today: tuple[float, float, date] = (0.0, 0.0, date.min)


def today() -> date:
    """Return the same date as ``date.today()``, cached until local midnight.

    NOTE: a change of time zone inside the running process (``time.tzset``)
    takes effect at the next midnight of the old zone.
    """
    return today_span()[2]


def today_span() -> tuple[float, float, date]:
    """Return the epoch seconds at which today starts and ends, and its date."""
    global _today
    span = _today
    if span[0] <= time.time() < span[1]:
        return span
    current = date.today()
    midnight = datetime.min.time()
    start = datetime.combine(current, midnight).timestamp()
    end = datetime.combine(current + timedelta(days=1), midnight).timestamp()
    _today = (start, end, current)
    return _today


def resolve_as_of(as_of: date | None) -> date:
    """Return the reference date, today when `as_of` is None.

    Raises `TypeError` when `as_of` is not a `datetime.date`.
    """
    if as_of is None:
        return today()
    if isinstance(as_of, datetime):
        return as_of.date()
    if not isinstance(as_of, date):
        raise TypeError(
            f"as_of must be a datetime.date such as date(2026, 1, 31), "
            f"not {type(as_of).__name__}"
        )
    return as_of


DecodedDate = tuple[date | None, Sex | None, bool, tuple[Finding, ...]]

_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# ``DDMM`` codes of dates that exist in every year, for a KK and for a NIK
# (which adds 40 to the day for women). 29 February is left out, because it
# exists only in leap years.
KK_DAY_MONTHS = frozenset(
    f"{day:02d}{month:02d}"
    for month, days in enumerate(_DAYS_IN_MONTH, start=1)
    for day in range(1, days + 1)
)
NIK_DAY_MONTHS = KK_DAY_MONTHS | frozenset(
    f"{int(code[:2]) + 40:02d}{code[2:]}" for code in KK_DAY_MONTHS
)
_LEAP_DAYS = frozenset({"2902", "6902"})


def birth_date_and_sex(code: str, as_of: date) -> tuple[date, Sex] | None:
    """Decode a NIK ``DDMMYY`` code with the century inferred; None on error."""
    # A code whose day and month exist in every year is decoded without the
    # LRU cache, because the callers keep valid codes in their own cache.
    # Any other day and month except 29 February exists in no year.
    day_month = code[:4]
    if day_month in NIK_DAY_MONTHS:
        decode = _decode_inferred.__wrapped__
    elif day_month in _LEAP_DAYS:
        decode = _decode_inferred
    else:
        return None
    born, sex, _, findings = decode(code, as_of, True, "birth date")
    if findings or born is None or sex is None:
        return None
    return born, sex


def decode_date(
    code: str,
    as_of: date,
    *,
    female_offset: bool,
    birth_year: int | None = None,
    label: str = "birth date",
) -> DecodedDate:
    """Decode a ``DDMMYY`` block into (date, sex, century_inferred, findings).

    The century is the most recent one whose date is not after `as_of`,
    unless `birth_year` ends in the same two digits, in which case it wins
    and the century is not inferred. Sex is None for a KK
    (`female_offset` false) and for an invalid day code.
    """
    if birth_year is None:
        return _decode_inferred(code, as_of, female_offset, label)
    _check_birth_year(birth_year, as_of)
    if birth_year % 100 != int(code[4:6]):
        born, sex, inferred, findings = _decode_inferred(
            code, as_of, female_offset, label
        )
        mismatch = Finding(
            Reason.BIRTH_YEAR_MISMATCH,
            "date",
            f"birth_year {birth_year} does not end in the year digits "
            f"{code[4:6]} of the {label}, so the century was inferred instead; "
            "the NIK or the other record may be wrong, so compare the two",
        )
        return born, sex, inferred, (*findings, mismatch)
    day, sex, findings = _day_and_month(code, female_offset)
    if findings:
        return None, sex, False, findings
    try:
        known = date(birth_year, int(code[2:4]), day)
    except ValueError:
        return None, sex, False, (_missing_in_year(code, birth_year, label),)
    if known > as_of:
        return None, sex, False, (_after_as_of(known, as_of, label),)
    return known, sex, False, ()


def _check_birth_year(birth_year: object, as_of: date) -> None:
    if not isinstance(birth_year, int) or isinstance(birth_year, bool):
        raise TypeError(
            f"birth_year must be an int such as 1999, not {type(birth_year).__name__}"
        )
    if not as_of.year - 200 <= birth_year <= as_of.year:
        raise ValueError(
            f"birth_year must be a four-digit year between {as_of.year - 200} and "
            f"{as_of.year}, got {birth_year}"
        )


@functools.lru_cache(maxsize=65536)
def _decode_inferred(
    code: str, as_of: date, female_offset: bool, label: str
) -> DecodedDate:
    day, sex, findings = _day_and_month(code, female_offset)
    if findings:
        return None, sex, True, findings
    month, two_digits = int(code[2:4]), int(code[4:6])
    latest = as_of.year - (as_of.year - two_digits) % 100
    for year in (latest, latest - 100):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= as_of:
            return candidate, sex, True, ()
    return None, sex, True, (_invalid_date(code, latest, label),)


def _day_and_month(
    code: str, female_offset: bool
) -> tuple[int, Sex | None, tuple[Finding, ...]]:
    day_code, month = int(code[0:2]), int(code[2:4])
    findings: list[Finding] = []
    day, sex = day_code, None
    if female_offset:
        if 1 <= day_code <= 31:
            sex = Sex.MALE
        elif 41 <= day_code <= 71:
            day, sex = day_code - 40, Sex.FEMALE
        else:
            findings.append(
                Finding(
                    Reason.INVALID_DAY,
                    "day",
                    f"day code {day_code:02d} is not 01-31 (men) or 41-71 (women)",
                )
            )
    elif not 1 <= day_code <= 31:
        findings.append(
            Finding(Reason.INVALID_DAY, "day", f"day {day_code:02d} is not 01-31")
        )
    if not 1 <= month <= 12:
        findings.append(
            Finding(Reason.INVALID_MONTH, "month", f"month {month:02d} is not 01-12")
        )
    return day, sex, tuple(findings)


def _invalid_date(code: str, year: int, label: str) -> Finding:
    return Finding(
        Reason.INVALID_DATE,
        "date",
        f"{label} digits give day {int(code[0:2]) % 40:02d}, month {code[2:4]}, "
        f"which does not exist in {year} or {year - 100} (or is after the "
        "reference date)",
    )


def _missing_in_year(code: str, year: int, label: str) -> Finding:
    return Finding(
        Reason.INVALID_DATE,
        "date",
        f"{label} digits give day {int(code[0:2]) % 40:02d}, month {code[2:4]}, "
        f"which does not exist in {year}, the year given as birth_year",
    )


def _after_as_of(known: date, as_of: date, label: str) -> Finding:
    return Finding(
        Reason.INVALID_DATE,
        "date",
        f"{label} {known.isoformat()}, with the year given as birth_year, is "
        f"after the reference date {as_of.isoformat()}",
    )


DecodedRegion = tuple[Region | None, Region | None, Region | None, tuple[Finding, ...]]
KnownRegion = tuple[Region, Region, Region | None, tuple[Finding, ...]]


def decode_region(digits: str, table: RegionTable) -> DecodedRegion:
    """Decode the first six digits into (province, regency, district, findings).

    Unknown codes are errors at the first level that is unknown; a retired
    code is valid with a `Reason.RETIRED_REGION` warning naming its current
    successor.
    """
    return _decode_region(digits[:6], table)


# The bound caps what junk codes and fixture tables can hold; the shipped
# table has about 8,500 codes.
@functools.lru_cache(maxsize=32768)
def _decode_region(digits: str, table: RegionTable) -> DecodedRegion:
    province = table.get(digits[:2])
    if province is None:
        return (
            None,
            None,
            None,
            (
                Finding(
                    Reason.UNKNOWN_PROVINCE,
                    "province",
                    f"province code {digits[:2]} is not a Kemendagri province in "
                    "any edition since 2015",
                ),
            ),
        )
    regency = table.get(digits[:4])
    if regency is None:
        return (
            province,
            None,
            None,
            (
                Finding(
                    Reason.UNKNOWN_REGENCY,
                    "regency",
                    f"regency code {format_code(digits[:4])} is not a kabupaten or "
                    f"kota of {province.name} in any edition since 2015",
                ),
            ),
        )
    if digits[:4] in table.regencies_without_districts:
        if digits[4:6] == "00":
            return province, regency, None, (_district_zero(digits),)
        return province, regency, None, (_retired(regency),)
    district = table.get(digits[:6])
    if district is None:
        return (
            province,
            regency,
            None,
            (
                Finding(
                    Reason.UNKNOWN_DISTRICT,
                    "district",
                    f"district code {format_code(digits[:6])} is not a kecamatan of "
                    f"{regency.name} in any edition since 2015",
                ),
            ),
        )
    for region in (district, regency):
        if not region.is_current:
            return province, regency, district, (_retired(region),)
    return province, regency, district, ()


def _district_zero(digits: str) -> Finding:
    return Finding(
        Reason.UNKNOWN_DISTRICT,
        "district",
        f"district code {format_code(digits[:6])} is not a kecamatan: district "
        "numbers start at 01",
    )


# NOTE: the birth or issue date is not compared with the year of the
# change, so a NIK under a code retired before its holder was born, or a KK
# issued after its code was retired, is still accepted.
def _retired(region: Region) -> Finding:
    field = {2: "regency", 3: "district"}.get(int(region.level), "province")
    successors = region.successors
    if successors:
        named = [
            f"{format_code(s.code)} {' / '.join(r.name for r in s.path)}"
            for s in successors
        ]
        if len(named) == 1:
            now = f"its current code is {named[0]}"
        else:
            now = f"its current codes are {', '.join(named[:-1])} and {named[-1]}"
    else:
        now = "its successor is not known"
    confidence = (
        ""
        if region.confidence == "high"
        else f" (history confidence: {region.confidence})"
    )
    return Finding(
        Reason.RETIRED_REGION,
        field,
        f"{field} code {format_code(region.code)} ({region.name}) is retired but "
        f"valid in NIK and KK numbers issued before the change; "
        f"{now}{confidence}",
    )


def quick_is_valid(
    value: object, as_of: date | None, *, female_offset: bool
) -> bool | None:
    """Decide plain 16-digit strings quickly; None means "take the full path".

    Gives the same result as the full check for every input it decides.
    Apart from 29 February, whether a ``DDMM`` code exists does not depend
    on the year, and the century before the most recent one always lies
    before `as_of` (from year 200 on). So the result does not depend on
    `as_of`, and today's date is not needed.
    """
    if type(value) is not str or len(value) != 16:
        return None
    if not value.isascii() or not value.isdigit():
        return None
    if as_of is not None and not (isinstance(as_of, date) and as_of.year >= 200):
        return None
    table = default_table()
    if value[:6] not in table.district_codes and (
        value[:4] not in table.regencies_without_districts or value[4:6] == "00"
    ):
        return False
    day_month = value[6:10]
    if day_month not in (NIK_DAY_MONTHS if female_offset else KK_DAY_MONTHS):
        return None if day_month in _LEAP_DAYS else False
    return not value.endswith("0000")
