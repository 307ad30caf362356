"""NIK (Nomor Induk Kependudukan), the Indonesian population number.

A NIK has 16 digits, ``PP KK CC DDMMYY SSSS``:

- ``PP KK CC``: the Kemendagri codes of the province, the regency
  (kabupaten 01-69, kota 71-99) and the district (kecamatan) where the NIK
  was issued, which is neither the birthplace nor the current address;
- ``DDMMYY``: the birth date, with 40 added to the day for women, so valid
  day codes are 01-31 and 41-71;
- ``SSSS``: a serial issued from 0001.

There is no check digit. The century of the birth year is not encoded:
niklib takes the most recent century whose date is not after the reference
date `as_of` and sets `century_inferred`.

>>> validate("36.04.05.410799.0003")
'3604054107990003'
>>> parse("3604054107990003", as_of=date(2026, 12, 4)).birth_date
datetime.date(1999, 7, 1)
>>> check("3604053207990003").errors[0].reason
<Reason.INVALID_DAY: 'invalid_day'>
"""

from __future__ import annotations

from datetime import date
from time import time as _clock
from typing import TypeGuard

import attrs

from niklib import _digits, _known, _structure, regions
from niklib._render import html_table, region_rows
from niklib.exceptions import Finding, InvalidNIK, Reason, mask_text
from niklib.regions import Region

__all__ = [
    "NIK",
    "Check",
    "Sex",
    "check",
    "compact",
    "format",
    "is_valid",
    "mask",
    "parse",
    "pseudonymize",
    "validate",
]

Sex = _structure.Sex

# Serial codes and their numbers. Serial 0000, which is never issued, is left
# out, so a code that is not found is an invalid serial.
_SERIALS = {f"{number:04d}": number for number in range(1, 10000)}
_DAY_MONTHS = _structure.NIK_DAY_MONTHS
_TWO_DIGITS = {f"{number:02d}": number for number in range(100)}
# The sex of a valid day code (01-31 for men, 41-71 for women) by its first
# digit. A dictionary, because looking up an Enum member costs more.
_SEX_BY_DAY_DIGIT = {
    digit: Sex.FEMALE if digit >= "4" else Sex.MALE for digit in "01234567"
}

# Reasons after which `compact` has no trustworthy digits to return. A tuple,
# like `_structure.WARNING_REASONS`, because it tests membership faster.
_COMPACT_FAILS = (
    Reason.WRONG_TYPE,
    Reason.INVALID_CHARACTERS,
    Reason.SPREADSHEET_DAMAGE,
)


@attrs.frozen(repr=False, weakref_slot=False)
class NIK:
    """A parsed, valid NIK. ``str(nik)`` gives the 16 digits.

    `district` is None only under the few retired regency codes whose
    district codes are unknown. `warnings` contains findings that do not make
    the NIK invalid, such as `Reason.RETIRED_REGION`.
    """

    value: str
    province: Region
    regency: Region
    district: Region | None
    birth_date: date
    sex: _structure.Sex
    serial: int
    century_inferred: bool
    warnings: tuple[Finding, ...] = attrs.field(default=(), eq=False)

    @property
    def region_code(self) -> str:
        """The first six digits: where the NIK was issued."""
        return self.value[:6]

    @property
    def date_code(self) -> str:
        """The ``DDMMYY`` block as written, with the +40 for women."""
        return self.value[6:12]

    def age(self, on: date | None = None) -> int:
        """Return the age in whole years on a date (default today)."""
        from dateutil.relativedelta import relativedelta

        on = _structure.resolve_as_of(on)
        if on < self.birth_date:
            raise ValueError(
                f"age requested on {on.isoformat()}, before the birth date "
                f"{self.birth_date.isoformat()}"
            )
        return relativedelta(on, self.birth_date).years

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        # The repr is masked so that a NIK logged by accident is not exposed.
        return f"NIK({mask(self.value)!r})"

    def _repr_html_(self) -> str:
        rows = [
            ("NIK", mask(self.value)),
            *region_rows(self.province, self.regency, self.district, self.region_code),
            ("sex", "female" if self.sex is Sex.FEMALE else "male"),
            (
                "birth date",
                self.birth_date.isoformat()
                + (" (century inferred)" if self.century_inferred else ""),
            ),
            ("serial", f"{self.serial:04d}"),
        ]
        rows.extend(("warning", w.message) for w in self.warnings)
        return html_table(rows)


class _Unfrozen:
    """A twin of `NIK` without the frozen `__setattr__`, to build one fast.

    attrs' `__init__` of a frozen slotted class sets each field through
    `object.__setattr__`, a call of its own per field. An instance of this
    class has the same slots, and plain assignments fill them at a fraction
    of that cost. Assigning `__class__` then makes it a `NIK`. Python
    allows that only between classes whose instances have the same layout,
    which is why NIK has no ``__weakref__`` slot. Nothing is skipped,
    because NIK has no validators, converters or `__attrs_post_init__` (a
    test checks this).
    """

    __slots__ = tuple(field.name for field in attrs.fields(NIK))

    value: str
    province: Region
    regency: Region
    district: Region | None
    birth_date: date
    sex: _structure.Sex
    serial: int
    century_inferred: bool
    warnings: tuple[Finding, ...]


# `object.__new__` under a global name, which is faster to look up.
_new_instance = object.__new__


def _new_nik(
    value: str,
    province: Region,
    regency: Region,
    district: Region | None,
    birth_date: date,
    sex: _structure.Sex,
    serial: int,
    century_inferred: bool,
    warnings: tuple[Finding, ...],
) -> NIK:
    """Return ``NIK(value, province, ...)``, built without attrs' `__init__`."""
    nik = _new_instance(_Unfrozen)
    nik.value = value
    nik.province = province
    nik.regency = regency
    nik.district = district
    nik.birth_date = birth_date
    nik.sex = sex
    nik.serial = serial
    nik.century_inferred = century_inferred
    nik.warnings = warnings
    nik.__class__ = NIK  # type: ignore[assignment]
    return nik  # type: ignore[return-value]


@attrs.frozen(repr=False)
class Check(_structure.FindingsMixin):
    """Every finding about one input, and as much of the parse as was possible.

    `errors` make the input invalid; `warnings` ask for review. The decoded
    parts (`province`, `birth_date`, `sex`, ...) are filled in wherever the
    digits allow, even when another part is invalid.
    """

    digits: str
    errors: tuple[Finding, ...]
    warnings: tuple[Finding, ...]
    nik: NIK | None = None
    province: Region | None = None
    regency: Region | None = None
    district: Region | None = None
    birth_date: date | None = None
    sex: _structure.Sex | None = None
    serial: int | None = None
    century_inferred: bool | None = None

    def __repr__(self) -> str:
        return self._summary(mask(self.digits) if self.digits else "")

    def _repr_html_(self) -> str:
        rows = [
            ("input", mask(self.digits) if self.digits else "-"),
            ("valid", "yes" if self.valid else "no"),
        ]
        rows.extend(
            (f.severity.value, f"{f.reason.value}: {f.message}") for f in self.findings
        )
        return html_table(rows)


def compact(value: object) -> str:
    """Return `value` as a digit string with separators and whitespace removed.

    Accepts ``str`` and ``int``. Raises `InvalidNIK` for other types
    (floats included, since a float cannot hold 16 digits exactly), for
    characters other than digits and separators, and for spreadsheet damage
    such as scientific notation. The length is not checked here.

    >>> compact(" 3604 0541 0799 0003 ")
    '3604054107990003'
    """
    digits, finding = _digits.normalize(value, kind="NIK")
    if finding is not None and (finding.reason in _COMPACT_FAILS or not digits):
        raise _error(finding, value)
    return digits


def check(
    value: object, *, as_of: date | None = None, birth_year: int | None = None
) -> Check:
    """Check a NIK and return every finding at once, with the partial parse.

    Never raises for a bad NIK value. A bad `as_of` or `birth_year` is a
    wrong argument and raises `TypeError` or `ValueError`.
    `birth_year`, when known from another record and ending in the NIK's
    two year digits, fixes the century instead of inferring it.
    """
    known = _known.known_codes(as_of)
    if birth_year is None and _is_plain(value):
        nik = _known_nik(value, known)
        if nik is not None:
            return _check_of(nik)
    digits, finding = _digits.normalize(value, kind="NIK")
    if finding is not None:
        return Check(
            digits=digits if finding.reason not in _COMPACT_FAILS else "",
            errors=(finding,),
            warnings=(),
        )

    decoded = _decode(digits, known, birth_year)
    region, born, serial, errors, warnings = decoded
    if not errors:
        return _check_of(_nik_from(digits, decoded))
    return Check(
        digits=digits,
        errors=errors,
        warnings=warnings,
        province=region[0],
        regency=region[1],
        district=region[2],
        birth_date=born[0],
        sex=born[1],
        serial=serial,
        century_inferred=born[2],
    )


def _check_of(nik: NIK) -> Check:
    """Return the `Check` of a valid NIK."""
    return Check(
        digits=nik.value,
        errors=(),
        warnings=nik.warnings,
        nik=nik,
        province=nik.province,
        regency=nik.regency,
        district=nik.district,
        birth_date=nik.birth_date,
        sex=nik.sex,
        serial=nik.serial,
        century_inferred=nik.century_inferred,
    )


def parse(
    value: object, *, as_of: date | None = None, birth_year: int | None = None
) -> NIK:
    """Parse a NIK into its parts; raise `InvalidNIK` for the first error.

    The raised error also carries every error found in `findings`.
    """
    # `_known.known_codes` written out for today, because the call cost a
    # few percent of a valid parse. The clock reading checks the span.
    start, end, known = _known.today
    if as_of is not None or known is None or not start <= _clock() < end:
        known = _known.known_codes(as_of)
    digits = None
    # `_is_plain` written out, because a call would cost as much as the tests.
    if type(value) is str and len(value) == 16 and value.isascii() and value.isdigit():
        if birth_year is None:
            nik = _known_nik(value, known)
            if nik is not None:
                return nik
        if value[0] != "0":  # `_digits.normalize` returns such a string unchanged
            digits = value
    if digits is None:
        digits, finding = _digits.normalize(value, kind="NIK")
        if finding is not None:
            masked = _mask_rejected(digits, finding, value)
            raise _error(finding, value, masked=masked)

    decoded = _decode(digits, known, birth_year)
    errors = decoded[3]
    if errors:
        raise _error(errors[0], value, errors, masked=_mask_digits(digits))
    return _nik_from(digits, decoded)


def _is_plain(value: object) -> TypeGuard[str]:
    """Return whether `value` is a str of 16 ASCII digits."""
    return (
        type(value) is str and len(value) == 16 and value.isascii() and value.isdigit()
    )


def _known_nik(digits: str, known: _known.KnownCodes) -> NIK | None:
    """Parse 16 valid digits quickly; None means "decode every part".

    The region and the birth date come from caches of valid codes, so a
    valid NIK costs a few look-ups and building the `NIK`.
    """
    serial = _SERIALS.get(digits[12:])
    if serial is None:
        return None
    region = known.regions.get(digits[:6]) or known.region(digits[:6])
    if region is None:
        return None
    by_year = known.birth_dates.get(digits[6:10])
    born = None if by_year is None else by_year[_TWO_DIGITS[digits[10:12]]]
    if born is None:
        born = known.birth_date(digits[6:12])
        if born is None:
            return None
    # `_new_nik` written out, because a call with nine arguments is a
    # noticeable share of a parse.
    nik = _new_instance(_Unfrozen)
    nik.value = digits
    nik.province = region[0]
    nik.regency = region[1]
    nik.district = region[2]
    nik.birth_date = born
    nik.sex = _SEX_BY_DAY_DIGIT[digits[6]]
    nik.serial = serial
    nik.century_inferred = True
    nik.warnings = region[3]
    nik.__class__ = NIK  # type: ignore[assignment]
    return nik  # type: ignore[return-value]


# The result of `_decode`: (province, regency, district), (birth date, sex,
# century inferred), the serial, the errors and the warnings.
_Decoded = tuple[
    tuple[Region | None, Region | None, Region | None],
    tuple[date | None, _structure.Sex | None, bool],
    int,
    tuple[Finding, ...],
    tuple[Finding, ...],
]
_SERIAL_ZERO = Finding(Reason.INVALID_SERIAL, "serial", "serial 0000 is never issued")


def _decode(digits: str, known: _known.KnownCodes, birth_year: int | None) -> _Decoded:
    """Decode every block of 16 digits and collect every finding."""
    province, regency, district, region_findings = _structure.decode_region(
        digits, known.table
    )
    birth_date, sex, inferred, date_findings = _structure.decode_date(
        digits[6:12], known.reference, female_offset=True, birth_year=birth_year
    )
    serial = _SERIALS.get(digits[12:], 0)
    findings = region_findings + date_findings
    if serial == 0:
        findings += (_SERIAL_ZERO,)
    errors: list[Finding] = []
    warnings: list[Finding] = []
    for finding in findings:
        if finding.reason in _structure.WARNING_REASONS:
            warnings.append(finding)
        else:
            errors.append(finding)
    return (
        (province, regency, district),
        (birth_date, sex, inferred),
        serial,
        tuple(errors),
        tuple(warnings),
    )


def _nik_from(digits: str, decoded: _Decoded) -> NIK:
    """Build the `NIK` of a `_decode` result that has no errors."""
    (province, regency, district), (born, sex, inferred), serial, _, warnings = decoded
    # Without errors the region and the date were decoded.
    assert province is not None
    assert regency is not None
    assert born is not None
    assert sex is not None
    return _new_nik(
        digits, province, regency, district, born, sex, serial, inferred, warnings
    )


def validate(value: object, *, as_of: date | None = None) -> str:
    """Return the compact 16-digit form of a valid NIK; raise `InvalidNIK` otherwise."""
    if _structure.quick_is_valid(value, as_of, female_offset=True) is True:
        assert isinstance(value, str)
        return value
    return parse(value, as_of=as_of).value


def is_valid(value: object, *, as_of: date | None = None) -> bool:
    """Return whether `value` is a valid NIK. Never raises, whatever the input."""
    # The common case inline, because a function call costs as much as these
    # checks: 16 digits from a known district with a day and month that exist
    # in every year (see `_structure.quick_is_valid`).
    if (
        type(value) is str
        and len(value) == 16
        and as_of is None
        and value.isascii()
        and value.isdigit()
        and value[:6] in regions.default_table().district_codes
        and value[6:10] in _DAY_MONTHS
    ):
        return value[12:] != "0000"
    fast = _structure.quick_is_valid(value, as_of, female_offset=True)
    if fast is not None:
        return fast
    try:
        return check(value, as_of=as_of).valid
    except Exception:  # the contract is to never raise, whatever the input
        return False


def format(value: object) -> str:
    """Write a NIK with dots between its blocks: ``36.04.05.410799.0003``.

    Raises `InvalidNIK` when the input is not 16 digits; the blocks are
    not validated.
    """
    digits = compact(value)
    if len(digits) != 16:
        raise _error(
            Finding(
                Reason.WRONG_LENGTH,
                "value",
                f"NIK has {len(digits)} digits, expected 16",
            ),
            value,
        )
    return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:12]}.{digits[12:]}"


def mask(value: object) -> str:
    """Return a display form that hides the district, birth date and most of the serial.

    Province and regency stay visible, because they are what a reviewer
    needs to route a case. Input that is not 16 digits is masked
    character by character. Never raises.

    >>> mask("3604054107990003")
    '36.04.**.******.**03'
    """
    digits, finding = _digits.normalize(value, kind="NIK")
    if finding is not None and finding.reason in _COMPACT_FAILS:
        return mask_text(value)
    if not digits and (
        _digits.is_missing_marker(value)
        or (isinstance(value, str) and not value.strip())
    ):
        return ""  # an empty cell, blank or as pandas marks it
    if len(digits) != 16:
        return mask_text(digits or value)
    return _mask_digits(digits)


def pseudonymize(value: object, key: str | bytes) -> str:
    """Return a keyed pseudonym of a NIK: HMAC-SHA256, 32 hex characters.

    The same NIK and key always give the same pseudonym, so lists can be
    joined after pseudonymization without sharing raw NIKs. Without the key
    the NIK cannot be recovered by trying all NIKs. Structurally invalid
    inputs and placeholders raise `InvalidNIK`, because equal placeholders
    must not join.
    """
    if isinstance(key, str):
        key = key.encode("utf-8")
    if not isinstance(key, bytes) or len(key) < 16:
        raise ValueError(
            "pseudonymize key must be a str or bytes of at least 16 bytes; "
            "use a random secret such as secrets.token_hex(32)"
        )
    digits, finding = _digits.normalize(value, kind="NIK")
    if finding is not None:
        raise _error(finding, value)
    # Imported here because few callers need them and they slow `import niklib`.
    import hashlib
    import hmac

    return hmac.new(key, digits.encode("ascii"), hashlib.sha256).hexdigest()[:32]


def _mask_rejected(digits: str, finding: Finding, value: object) -> str:
    """Return what `_error` shows of an input that `_digits.normalize` rejected."""
    if finding.reason is Reason.WRONG_TYPE:
        return ""
    if finding.reason in _COMPACT_FAILS:
        return mask_text(value)
    if len(digits) == 16:
        return _mask_digits(digits)
    return mask_text(digits or value)


def _mask_digits(digits: str) -> str:
    """Return the masked form of 16 digits, as `mask` does."""
    return f"{digits[:2]}.{digits[2:4]}.**.******.**{digits[14:]}"


def _error(
    finding: Finding,
    value: object,
    findings: tuple[Finding, ...] = (),
    *,
    masked: str | None = None,
) -> InvalidNIK:
    if masked is None:
        masked = mask(value) if finding.reason is not Reason.WRONG_TYPE else ""
    shown = f" in {masked}" if masked else ""
    return InvalidNIK._create(
        f"invalid NIK{shown}: {finding.message}",
        finding.reason,
        finding.field,
        masked,
        findings or (finding,),
    )
