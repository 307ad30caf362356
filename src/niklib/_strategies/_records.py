"""Strategies for person records (linkage input) and households (rules input)."""

from __future__ import annotations

from datetime import date
from typing import Any

from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st
from hypothesis.errors import InvalidArgument

from niklib._strategies._common import RegionPin, resolve_as_of
from niklib._strategies._niks import assemble_nik, kks, nik_parts
from niklib._structure import Sex
from niklib.synth._names import name_table
from niklib.synth._places import villages

__all__ = ["households", "person_records"]


def _names(sex: Sex) -> st.SearchStrategy[str]:
    words = st.sampled_from(name_table(sex.value).names)
    return st.lists(words, min_size=1, max_size=2, unique=True).map(" ".join)


@st.composite
def _address(draw: st.DrawFn, region_code: str) -> str:
    village = draw(st.sampled_from(villages(region_code)))
    rt = draw(st.integers(1, 12))
    rw = draw(st.integers(1, 8))
    return f"KP. {village.upper()} RT {rt:03d}/RW {rw:03d}"


def person_records(
    *,
    province: RegionPin = None,
    regency: RegionPin = None,
    district: RegionPin = None,
    min_birth_date: date | None = None,
    max_birth_date: date | None = None,
    as_of: date | None = None,
) -> st.SearchStrategy[dict[str, Any]]:
    """Generate person records in the shape niklib's linkage reads.

    Each record is a dict with ``id``, ``nik``, ``name``, ``birth_date``
    (a `datetime.date`), ``sex`` (``"M"`` or ``"F"``), ``address`` and
    ``region`` (the six-digit district code), and sometimes ``kk``. The
    birth date, sex and region agree with the NIK, as in a clean registry
    row; the region arguments and birth-date bounds mean what they mean
    for `niks`.
    """
    parts = nik_parts(
        province=province,
        regency=regency,
        district=district,
        min_birth_date=min_birth_date,
        max_birth_date=max_birth_date,
        as_of=as_of,
    )
    reference = resolve_as_of(as_of)
    return parts.flatmap(lambda p: _record(p, reference))


def _record(
    parts: tuple[str, date, Sex, int], as_of: date
) -> st.SearchStrategy[dict[str, Any]]:
    code, birth_date, sex, serial = parts
    return st.fixed_dictionaries(
        {
            "id": st.integers(1, 10**9).map(lambda n: f"P{n:09d}"),
            "nik": st.just(assemble_nik(code, birth_date, sex, serial)),
            "name": _names(sex),
            "birth_date": st.just(birth_date),
            "sex": st.just(sex.value),
            "address": _address(code),
            "region": st.just(code),
        },
        optional={"kk": kks(district=code, as_of=as_of)},
    )


def _check_size(min_size: object, max_size: object) -> tuple[int, int]:
    for name, value in (("min_size", min_size), ("max_size", max_size)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise InvalidArgument(f"{name} must be a whole number >= 1, got {value!r}")
    assert isinstance(min_size, int)
    assert isinstance(max_size, int)
    if min_size > max_size:
        raise InvalidArgument(f"min_size={min_size} is above max_size={max_size}")
    return min_size, max_size


def households(
    *,
    province: RegionPin = None,
    regency: RegionPin = None,
    district: RegionPin = None,
    min_size: int = 1,
    max_size: int = 7,
    as_of: date | None = None,
) -> st.SearchStrategy[Any]:
    """Generate `niklib.rules.Household` values for the eligibility rules.

    A household has an adult head, possibly a spouse of the other sex,
    children born when the head was 16 or older, and possibly an older
    parent. Every member carries a valid NIK issued in the domicile
    district, so age and sex are derived at `as_of`; the asserted inputs
    agree with age and sex (only women of 15-49 are pregnant or nursing,
    school levels follow age). Members have no names, because
    `niklib.rules.Member` has no name field; use `person_records` for
    linkage input.
    """
    low, high = _check_size(min_size, max_size)
    reference = resolve_as_of(as_of)
    parts = nik_parts(
        province=province,
        regency=regency,
        district=district,
        min_birth_date=reference - relativedelta(years=80),
        max_birth_date=reference - relativedelta(years=18),
        as_of=reference,
    )
    return parts.flatmap(lambda head: _household(head, low, high, reference))


@st.composite
def _household(
    draw: st.DrawFn,
    head: tuple[str, date, Sex, int],
    min_size: int,
    max_size: int,
    as_of: date,
) -> Any:
    from niklib.rules import Household

    code, head_birth, head_sex, _ = head
    size = draw(st.integers(min_size, max_size))
    births: list[tuple[date, Sex]] = [(head_birth, head_sex)]
    if size > 1 and draw(st.booleans()):
        spouse_birth = draw(_dates_around(head_birth, as_of))
        births.append((spouse_birth, Sex.FEMALE if head_sex is Sex.MALE else Sex.MALE))
    earliest_child = head_birth + relativedelta(years=16)
    while len(births) < size and earliest_child <= as_of:
        child_birth = draw(st.dates(min_value=earliest_child, max_value=as_of))
        births.append((child_birth, draw(st.sampled_from([Sex.MALE, Sex.FEMALE]))))
    serials = draw(
        st.lists(
            st.integers(1, 9999),
            min_size=len(births),
            max_size=len(births),
            unique=True,
        )
    )
    members = [
        draw(_member(assemble_nik(code, born, sex, serial), born, sex, as_of))
        for (born, sex), serial in zip(births, serials, strict=True)
    ]
    return Household(
        members=members,
        id=f"H{draw(st.integers(1, 10**9)):09d}",
        domicile=code,
        in_target_data=draw(st.booleans()),
        target_data_snapshot=draw(st.one_of(st.none(), st.just(as_of))),
        other_programmes=draw(st.sampled_from([frozenset(), frozenset({"pkh"})])),
        pkh_access_area=draw(st.booleans()),
        savings_obligation_met=draw(st.one_of(st.none(), st.booleans())),
    )


def _dates_around(anchor: date, as_of: date) -> st.SearchStrategy[date]:
    low = max(anchor - relativedelta(years=10), as_of - relativedelta(years=99))
    high = min(anchor + relativedelta(years=10), as_of - relativedelta(years=16))
    return st.dates(min_value=low, max_value=max(low, high))


def _age(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _school_level(age: int) -> str:
    if 7 <= age <= 12:
        return "primary"
    if 13 <= age <= 15:
        return "junior_secondary"
    if 16 <= age <= 18:
        return "senior_secondary"
    return "none"


@st.composite
def _member(draw: st.DrawFn, nik: str, born: date, sex: Sex, as_of: date) -> Any:
    from niklib.rules import Member

    age = _age(born, as_of)
    fertile = sex is Sex.FEMALE and 15 <= age <= 49
    disability = draw(st.booleans())
    level = _school_level(age)
    enrolled = level != "none" and draw(st.booleans())
    attendance = draw(st.integers(0, 100)) if enrolled else None
    return Member(
        nik=nik,
        id=f"M{draw(st.integers(1, 10**9)):09d}",
        pregnant=draw(st.booleans()) if fertile else False,
        nursing=draw(st.booleans()) if fertile else False,
        disability=disability,
        severe_disability=draw(st.booleans()) if disability else False,
        school_level=level if enrolled else "none",
        attendance=float(attendance) if attendance is not None else None,
        immunisation_complete=draw(st.booleans()) if age < 5 else None,
        civil_servant=draw(st.booleans()) if 18 <= age <= 58 else False,
    )
