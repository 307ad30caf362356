"""Strategies for valid NIK and KK numbers."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

from niklib._strategies._common import (
    RegionPin,
    date_bounds,
    region_codes,
    resolve_as_of,
    resolve_sex,
)
from niklib._structure import Sex

__all__ = ["assemble_nik", "kks", "nik_parts", "niks"]

NIKParts = tuple[str, date, Sex, int]


def assemble_nik(region_code: str, birth_date: date, sex: Sex, serial: int) -> str:
    """Write the 16 digits of a NIK from its parts (women get 40 added to the day)."""
    day = birth_date.day + (40 if sex is Sex.FEMALE else 0)
    return (
        f"{region_code}{day:02d}{birth_date.month:02d}"
        f"{birth_date.year % 100:02d}{serial:04d}"
    )


def nik_parts(
    *,
    province: RegionPin = None,
    regency: RegionPin = None,
    district: RegionPin = None,
    sex: Sex | str | None = None,
    min_birth_date: date | None = None,
    max_birth_date: date | None = None,
    allow_retired: bool = False,
    as_of: date | None = None,
) -> st.SearchStrategy[NIKParts]:
    """Generate (region code, birth date, sex, serial) tuples of valid NIKs.

    Each part shrinks on its own: the region towards the first code in the
    table, the date towards 2000-01-01 (or the nearest bound), the sex
    towards male and the serial towards 1.
    """
    reference = resolve_as_of(as_of)
    codes = region_codes(
        province=province,
        regency=regency,
        district=district,
        allow_retired=allow_retired,
    )
    low, high = date_bounds(
        min_birth_date,
        max_birth_date,
        reference,
        names=("min_birth_date", "max_birth_date"),
    )
    pinned = resolve_sex(sex)
    sexes = st.just(pinned) if pinned else st.sampled_from([Sex.MALE, Sex.FEMALE])
    return st.tuples(
        st.sampled_from(codes),
        st.dates(min_value=low, max_value=high),
        sexes,
        st.integers(min_value=1, max_value=9999),
    )


def niks(
    *,
    province: RegionPin = None,
    regency: RegionPin = None,
    district: RegionPin = None,
    sex: Sex | str | None = None,
    min_birth_date: date | None = None,
    max_birth_date: date | None = None,
    allow_retired: bool = False,
    as_of: date | None = None,
) -> st.SearchStrategy[str]:
    """Generate valid 16-digit NIK strings.

    `province`, `regency` and `district` pin the region (a code such as
    ``"36"``, ``"36.04"`` or ``"360405"``, or a `niklib.regions.Region`);
    `sex` pins the sex; the birth date lies between `min_birth_date` and
    `max_birth_date`. Every NIK satisfies ``niklib.parse(nik, as_of=as_of)``
    with exactly the drawn birth date and sex, so the bounds default to the
    100 years up to `as_of` (default today) that a two-digit year can
    encode. Retired region codes, valid in NIKs issued before a region was
    split, appear only with `allow_retired`; their NIKs carry a
    `Reason.RETIRED_REGION` warning.

    Contradictory or impossible arguments raise
    `hypothesis.errors.InvalidArgument`. Examples shrink towards one simple
    NIK: the first district in the table, a man born on 2000-01-01 (or the
    nearest allowed date), serial 0001.
    """
    parts = nik_parts(
        province=province,
        regency=regency,
        district=district,
        sex=sex,
        min_birth_date=min_birth_date,
        max_birth_date=max_birth_date,
        allow_retired=allow_retired,
        as_of=as_of,
    )
    return parts.map(lambda p: assemble_nik(*p))


def kks(
    *,
    province: RegionPin = None,
    regency: RegionPin = None,
    district: RegionPin = None,
    min_issue_date: date | None = None,
    max_issue_date: date | None = None,
    allow_retired: bool = False,
    as_of: date | None = None,
) -> st.SearchStrategy[str]:
    """Generate valid 16-digit KK (family card) numbers.

    A KK number is the region code where the card was issued, the issue
    date as ``DDMMYY`` (no +40 rule) and a serial from 0001. The arguments
    mean what they mean for `niks`, with the issue date in place of the
    birth date.
    """
    reference = resolve_as_of(as_of)
    codes = region_codes(
        province=province,
        regency=regency,
        district=district,
        allow_retired=allow_retired,
    )
    low, high = date_bounds(
        min_issue_date,
        max_issue_date,
        reference,
        names=("min_issue_date", "max_issue_date"),
    )
    return st.tuples(
        st.sampled_from(codes),
        st.dates(min_value=low, max_value=high),
        st.integers(min_value=1, max_value=9999),
    ).map(lambda p: assemble_nik(p[0], p[1], Sex.MALE, p[2]))
