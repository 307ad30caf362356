"""Households and members, the inputs of an eligibility decision.

Age and sex come from the member's NIK when one is given: they are read at
the as-of date and marked derived. Without a NIK, a member may carry an
asserted birth date, age and sex instead. Everything the NIK cannot show
(pregnancy, disability, schooling, attendance, target-data membership,
other programmes, domicile) is an asserted input, and None means unknown.
"""

from __future__ import annotations

import datetime
import enum
import functools
import re
import types
from collections.abc import Iterable
from typing import Any

import attrs

from niklib.exceptions import mask_text

__all__ = [
    "Household",
    "Member",
    "SchoolLevel",
    "member_basics",
    "nik_basics",
    "region_name",
]


# A run of digits as long as a NIK or KK number: an id such as the KK that
# the audit uses for households is shown masked, like NIKs.
_LONG_NUMBER = re.compile(r"\d{12,}")


def _id_repr(identifier: str | None) -> str:
    return repr(shown_id(identifier) if identifier else identifier)


def shown_id(identifier: str | None) -> str:
    """Return a household or member id for display, long digit runs masked."""
    if not identifier:
        return ""
    return _LONG_NUMBER.sub(lambda match: mask_text(match.group()), identifier)


class SchoolLevel(str, enum.Enum):
    """The school level a member is enrolled in; NONE when not enrolled."""

    NONE = "none"
    PRIMARY = "primary"
    JUNIOR_SECONDARY = "junior_secondary"
    SENIOR_SECONDARY = "senior_secondary"


def _sex(value: object) -> str | None:
    if value is None:
        return None
    text = getattr(value, "value", value)
    if text in ("M", "F"):
        return str(text)
    raise ValueError(
        f"sex must be 'M', 'F', niklib.Sex or None, got {value!r}; "
        "pass the sex as 'M' or 'F'"
    )


def _school_level(value: object) -> str | None:
    # Stored as the plain string so that set membership in compiled rules
    # hashes it like the strings of the programme file.
    if value is None:
        return None
    try:
        return SchoolLevel(value).value
    except ValueError:
        choices = ", ".join(repr(level.value) for level in SchoolLevel)
        raise ValueError(
            f"school_level must be one of {choices} or None, got {value!r}"
        ) from None


def _optional_bool(
    instance: object, attribute: attrs.Attribute[Any], value: Any
) -> None:
    if value is not None and not isinstance(value, bool):
        raise TypeError(
            f"{attribute.name} must be True, False or None (unknown), "
            f"got {type(value).__name__}"
        )


def _attendance(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise TypeError(f"attendance must be a number in percent, got {value!r}")
    if not 0 <= value <= 100:
        raise ValueError(
            f"attendance must be a percentage from 0 to 100, got {value!r}; "
            "convert a fraction such as 0.85 to 85"
        )


def _age(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"age must be a whole number of years, got {value!r}")
    if not 0 <= value <= 150:
        raise ValueError(f"age must be from 0 to 150 years, got {value!r}")


def _birth_date(value: object) -> datetime.date | None:
    """Return `value` as a date; a datetime (or pandas Timestamp) loses its time."""
    if value is None or type(value) is datetime.date:
        return value
    if isinstance(value, datetime.datetime):
        if value != value:  # pandas NaT, a missing date
            return None
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if isinstance(value, str):
        try:
            return datetime.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise TypeError(
        f"birth_date must be a datetime.date such as date(2010, 7, 1), an "
        f"ISO date string such as '2010-07-01', or None (unknown), got {value!r}"
    )


def _nik(instance: object, attribute: attrs.Attribute[Any], value: Any) -> None:
    if value is not None and not isinstance(value, str):
        raise TypeError(
            f"nik must be a string, got {type(value).__name__}; read NIK "
            "columns as text so leading digits and all 16 digits survive"
        )


@attrs.frozen(kw_only=True)
class Member:
    """A household member.

    Give either `nik` (age and sex are then derived at the as-of date) or
    the asserted `birth_date`, `age` and `sex`, not both. `attendance` is a
    percentage. `birth_with_health_worker` records whether a trained health
    worker (midwife, nurse or doctor) attends a pregnant member's birth;
    before the birth, whether the facilitator found one arranged. A None
    value means unknown, which makes a condition reading it unknown rather
    than failed.
    """

    nik: str | None = attrs.field(default=None, validator=_nik, repr=False)
    id: str | None = attrs.field(default=None, repr=_id_repr)
    birth_date: datetime.date | None = attrs.field(default=None, converter=_birth_date)
    age: int | None = attrs.field(default=None, validator=_age)
    sex: str | None = attrs.field(default=None, converter=_sex)
    pregnant: bool | None = attrs.field(default=None, validator=_optional_bool)
    nursing: bool | None = attrs.field(default=None, validator=_optional_bool)
    disability: bool | None = attrs.field(default=None, validator=_optional_bool)
    severe_disability: bool | None = attrs.field(default=None, validator=_optional_bool)
    school_level: str | None = attrs.field(default=None, converter=_school_level)
    attendance: float | None = attrs.field(default=None, validator=_attendance)
    immunisation_complete: bool | None = attrs.field(
        default=None, validator=_optional_bool
    )
    civil_servant: bool | None = attrs.field(default=None, validator=_optional_bool)
    birth_with_health_worker: bool | None = attrs.field(
        default=None, validator=_optional_bool
    )

    def __attrs_post_init__(self) -> None:
        if self.nik is None:
            return
        for name in ("birth_date", "age", "sex"):
            if getattr(self, name) is not None:
                raise ValueError(
                    f"Member has both a NIK and an asserted {name}; age and "
                    "sex are derived from the NIK, so drop the asserted value"
                )


def _members(value: Iterable[Member]) -> tuple[Member, ...]:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise TypeError(
            f"members must be a list of niklib.rules.Member, got {type(value).__name__}"
        )
    members = tuple(value)
    for index, member in enumerate(members):
        if not isinstance(member, Member):
            raise TypeError(
                f"members[{index}] must be a niklib.rules.Member, "
                f"got {type(member).__name__}"
            )
    _reject_duplicates(members)
    return members


def _nik_key(nik: str) -> str | None:
    """Return the compact NIK that identifies a person, or None."""
    # Placeholders ("0", all zeros, temporary numbers starting with 0) and
    # unreadable values never identify a person, so two of them are not
    # the same member.
    core = _core()
    try:
        digits = str(core.compact(nik))
    except core.InvalidNIK:
        return None
    if len(digits) != 16 or digits.startswith("0"):
        return None
    return digits


def _reject_duplicates(members: tuple[Member, ...]) -> None:
    """Raise ValueError naming the positions of members listed twice.

    A member counts twice when the same Member object appears twice or two
    members have the same NIK. Two members without a NIK and with equal
    inputs may be twins, so they stay.
    """
    first_seen: dict[object, int] = {}
    duplicates: list[str] = []
    for index, member in enumerate(members):
        keys: list[tuple[object, str]] = [(id(member), "are the same Member object")]
        if member.nik is not None and (nik := _nik_key(member.nik)) is not None:
            keys.append((nik, f"have the same NIK {_core().mask(nik)}"))
        for key, problem in keys:
            if key in first_seen:
                duplicates.append(
                    f"members[{first_seen[key]}] and members[{index}] {problem}"
                )
                break
            first_seen[key] = index
    if duplicates:
        raise ValueError(
            f"household members listed twice: {'; '.join(duplicates)}; "
            "list each person once"
        )


def _domicile(value: object) -> str | None:
    if value is None:
        return None
    text = str(value).replace(".", "").strip()
    if not (text.isascii() and text.isdigit() and len(text) in (2, 4, 6, 10)):
        raise ValueError(
            f"domicile must be a Kemendagri region code of 2, 4, 6 or 10 "
            f"digits such as '36.04' or '3604', got {value!r}"
        )
    return text


def _programmes(value: Iterable[str] | None) -> frozenset[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        raise TypeError(
            "other_programmes must be a collection of programme ids such as "
            "{'pkh'}, not a single string"
        )
    return frozenset(item.strip().lower() for item in value)


@attrs.frozen(kw_only=True)
class Household:
    """A household: its members and the asserted household-level inputs.

    `domicile` is the region code of the address on the KK or in the
    registry (not the NIK prefix, which is where a NIK was issued).
    `other_programmes` lists the programmes the household already
    receives, such as ``{"pkh"}``; None means not checked.
    """

    members: tuple[Member, ...] = attrs.field(default=(), converter=_members)
    id: str | None = attrs.field(default=None, repr=_id_repr)
    domicile: str | None = attrs.field(default=None, converter=_domicile)
    in_target_data: bool | None = attrs.field(default=None, validator=_optional_bool)
    target_data_snapshot: datetime.date | None = None
    other_programmes: frozenset[str] | None = attrs.field(
        default=None, converter=_programmes
    )
    pkh_access_area: bool | None = attrs.field(default=None, validator=_optional_bool)
    savings_obligation_met: bool | None = attrs.field(
        default=None, validator=_optional_bool
    )

    @property
    def domicile_province(self) -> str | None:
        """The 2-digit province code of the domicile, or None."""
        return None if self.domicile is None else self.domicile[:2]

    @property
    def domicile_regency(self) -> str | None:
        """The 4-digit regency code of the domicile, or None if not known."""
        domicile = self.domicile
        if domicile is None or len(domicile) < 4:
            return None
        return domicile[:4]


def _age_on(birth_date: datetime.date, day: datetime.date) -> int:
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


@functools.cache
def _core() -> types.SimpleNamespace:
    # Imported on first use: the NIK core loads its region table lazily, and
    # households without NIKs never need it.
    import niklib
    from niklib._structure import decode_date

    return types.SimpleNamespace(
        is_valid=niklib.is_valid,
        parse=niklib.parse,
        compact=niklib.compact,
        mask=niklib.mask,
        decode_date=decode_date,
        InvalidNIK=niklib.InvalidNIK,
    )


# Age, sex, derived from a NIK, warning, and whether the member existed on
# the as-of date (was born by then).
Basics = tuple[int | None, str | None, bool, str | None, bool]

# `nik_basics` results per (DDMMYY block, as-of date). Birth dates repeat
# across a population, so a province fits in a few tens of thousands of
# entries.
# NOTE: an entry keeps the century read on the day it was made, so in a
# process that runs past midnight a block dated the new day can stay a
# century early until the cache is cleared.
_DATE_BLOCKS: dict[tuple[str, datetime.date], Basics] = {}
_DATE_BLOCKS_MAX = 200_000


def observed_on(as_of: datetime.date) -> datetime.date:
    """Return the date a NIK was observed: the later of `as_of` and today.

    A NIK that exists now belongs to someone born before today, so its
    century is inferred against this date, not against an earlier as-of
    date. Otherwise a child born after `as_of` would be read as born a
    century earlier.
    """
    today = datetime.date.today()
    return as_of if as_of > today else today


def _born_later(as_of: datetime.date, source: str) -> str:
    return (
        f"born after the as-of date {as_of.isoformat()} ({source}), so the "
        "member did not exist then and is not counted"
    )


def _decode_block(
    core: types.SimpleNamespace, nik: str, as_of: datetime.date
) -> Basics | None:
    block = nik[6:12]
    birth_date, sex, _, _ = core.decode_date(
        block, observed_on(as_of), female_offset=True
    )
    if birth_date is None or sex is None:
        return None
    if len(_DATE_BLOCKS) >= _DATE_BLOCKS_MAX:
        _DATE_BLOCKS.clear()
    known: Basics
    if birth_date > as_of:
        # The warning names no NIK, so entries can be shared by everyone
        # born on the same day.
        known = (None, None, True, _born_later(as_of, "by the NIK"), False)
    else:
        known = (_age_on(birth_date, as_of), str(sex.value), True, None, True)
    _DATE_BLOCKS[(block, as_of)] = known
    return known


def nik_basics(nik: str, as_of: datetime.date) -> Basics:
    """Return the `Basics` of a member given by `nik`, derived at `as_of`.

    The result is age, sex, True (derived), a warning, and whether the
    member existed on `as_of`. The century is inferred against
    `observed_on(as_of)`. A NIK whose birth date is after `as_of` gives
    unknown age and sex, a warning and False, so the member is not counted.
    """
    # Clean 16-digit NIKs take the core's fast validity check and its cached
    # DDMMYY decoder, the same steps `niklib.parse` runs, at a tenth of the
    # cost of building a NIK object. Anything else goes through `parse`.
    # `is_valid` without a date checks the region, the day and month and
    # the serial. A birth date that does not exist in the century read
    # against `observed_on(as_of)` (29 February) falls through to `parse`.
    core = _core()
    if len(nik) == 16 and nik.isdigit() and core.is_valid(nik):
        known = _DATE_BLOCKS.get((nik[6:12], as_of))
        if known is None:
            known = _decode_block(core, nik, as_of)
        if known is not None:
            return known
    try:
        parsed = core.parse(nik, as_of=observed_on(as_of))
    except core.InvalidNIK as error:
        warning = (
            f"NIK {error.masked or '(masked)'} is invalid "
            f"({error.reason.value}), so age and sex are unknown"
        )
        return None, None, True, warning, True
    if parsed.birth_date > as_of:
        return None, None, True, _born_later(as_of, "by the NIK"), False
    return _age_on(parsed.birth_date, as_of), parsed.sex.value, True, None, True


def member_basics(member: Member, as_of: datetime.date) -> Basics:
    """Return the member's `Basics`: age and sex at `as_of`, and more.

    The result is age, sex, whether they are derived, a warning, and
    whether the member existed on `as_of`. Age and sex come from the NIK
    when the member has one, and are then marked derived. An invalid NIK
    gives unknown age and sex and a warning with the masked NIK, so one bad
    row does not stop a batch. A member
    born after `as_of` (by the NIK or an asserted birth date) gives a
    warning and False, and the rules do not count that member.
    """
    if member.nik is not None:
        return nik_basics(member.nik, as_of)
    if member.birth_date is not None:
        if member.birth_date > as_of:
            warning = _born_later(as_of, f"birth date {member.birth_date}")
            return None, member.sex, False, warning, False
        return _age_on(member.birth_date, as_of), member.sex, False, None, True
    return member.age, member.sex, False, None, True


@functools.lru_cache(maxsize=1024)
def region_name(code: str | None) -> str | None:
    """Return the Kemendagri name of a region code, or None if not known."""
    if code is None:
        return None
    from niklib import regions

    region = regions.lookup(code[:6])
    return None if region is None else str(region.name)
