"""KK (Kartu Keluarga), the Indonesian family card number.

A KK number has 16 digits, ``PP KK CC DDMMYY SSSS``: the Kemendagri codes
of the province, regency and district where the card was issued, the
registration date (``DDMMYY``, with no +40 rule), and a serial from 0001.
Unlike a NIK, a KK number changes when the family moves, when the head of
the family dies, after a divorce or when a member starts a new family, so
its region may differ from every member's NIK region.

The verbs mirror those of `niklib.nik`.

>>> validate("3604051203150001")
'3604051203150001'
>>> parse("3604051203150001", as_of=date(2026, 12, 4)).issue_date
datetime.date(2015, 3, 12)
"""

from __future__ import annotations

from datetime import date

import attrs

from niklib import _digits, _structure, regions
from niklib._render import html_table, region_rows
from niklib.exceptions import Finding, InvalidKK, Reason, Severity, mask_text
from niklib.regions import Region

__all__ = ["KK", "Check", "check", "compact", "format", "is_valid", "parse", "validate"]

_COMPACT_FAILS = frozenset(
    {Reason.WRONG_TYPE, Reason.INVALID_CHARACTERS, Reason.SPREADSHEET_DAMAGE}
)


def _mask(digits: str) -> str:
    if len(digits) != 16 or not digits.isdigit():
        return mask_text(digits)
    return f"{digits[:2]}.{digits[2:4]}.**.******.**{digits[14:]}"


@attrs.frozen(repr=False)
class KK:
    """A parsed, valid KK number. ``str(kk)`` gives the 16 digits."""

    value: str
    province: Region
    regency: Region
    district: Region | None
    issue_date: date
    serial: int
    century_inferred: bool
    warnings: tuple[Finding, ...] = attrs.field(default=(), eq=False)

    @property
    def region_code(self) -> str:
        """The first six digits: where the card was issued."""
        return self.value[:6]

    def __str__(self) -> str:
        return self.value

    def __repr__(self) -> str:
        return f"KK({_mask(self.value)!r})"

    def _repr_html_(self) -> str:
        rows = [
            ("KK", _mask(self.value)),
            *region_rows(self.province, self.regency, self.district, self.region_code),
            ("issue date", self.issue_date.isoformat()),
            ("serial", f"{self.serial:04d}"),
        ]
        rows.extend(("warning", w.message) for w in self.warnings)
        return html_table(rows)


@attrs.frozen(repr=False)
class Check(_structure.FindingsMixin):
    """Every finding about one KK input, with the partial parse."""

    digits: str
    errors: tuple[Finding, ...]
    warnings: tuple[Finding, ...]
    kk: KK | None = None
    province: Region | None = None
    regency: Region | None = None
    district: Region | None = None
    issue_date: date | None = None
    serial: int | None = None

    def __repr__(self) -> str:
        return self._summary(_mask(self.digits) if self.digits else "")


def compact(value: object) -> str:
    """Return `value` as digits with separators removed, as `niklib.compact` does."""
    digits, finding = _digits.normalize(value, kind="KK")
    if finding is not None and (finding.reason in _COMPACT_FAILS or not digits):
        raise _error(finding, value)
    return digits


def check(value: object, *, as_of: date | None = None) -> Check:
    """Check a KK number and return every finding at once, without raising."""
    reference = _structure.resolve_as_of(as_of)
    digits, finding = _digits.normalize(value, kind="KK")
    if finding is not None:
        kept = digits if finding.reason not in _COMPACT_FAILS else ""
        return Check(digits=kept, errors=(finding,), warnings=())

    province, regency, district, region_findings = _structure.decode_region(
        digits, regions.default_table()
    )
    issue_date, _, inferred, date_findings = _structure.decode_date(
        digits[6:12], reference, female_offset=False, label="issue date"
    )
    serial = int(digits[12:])
    findings = [*region_findings, *date_findings]
    if serial == 0:
        findings.append(
            Finding(Reason.INVALID_SERIAL, "serial", "serial 0000 is never issued")
        )
    errors = tuple(f for f in findings if f.severity is Severity.ERROR)
    warnings = tuple(f for f in findings if f.severity is Severity.WARNING)
    kk = None
    if not errors and province and regency and issue_date:
        kk = KK(
            digits, province, regency, district, issue_date, serial, inferred, warnings
        )
    return Check(
        digits=digits,
        errors=errors,
        warnings=warnings,
        kk=kk,
        province=province,
        regency=regency,
        district=district,
        issue_date=issue_date,
        serial=serial,
    )


def parse(value: object, *, as_of: date | None = None) -> KK:
    """Parse a KK number; raise `InvalidKK` for the first error."""
    result = check(value, as_of=as_of)
    if result.kk is None:
        raise _error(result.errors[0], value, result.errors)
    return result.kk


def validate(value: object, *, as_of: date | None = None) -> str:
    """Return the compact form of a valid KK number; raise `InvalidKK` otherwise."""
    return parse(value, as_of=as_of).value


def is_valid(value: object, *, as_of: date | None = None) -> bool:
    """Return whether `value` is a valid KK number. Never raises, whatever the input."""
    quick = _structure.quick_is_valid(value, as_of, female_offset=False)
    if quick is not None:
        return quick
    try:
        return check(value, as_of=as_of).valid
    except Exception:  # the contract is to never raise, whatever the input
        return False


def format(value: object) -> str:
    """Write a KK number with dots between its blocks: ``36.04.05.120315.0001``."""
    digits = compact(value)
    if len(digits) != 16:
        raise _error(
            Finding(
                Reason.WRONG_LENGTH,
                "value",
                f"KK has {len(digits)} digits, expected 16",
            ),
            value,
        )
    return f"{digits[:2]}.{digits[2:4]}.{digits[4:6]}.{digits[6:12]}.{digits[12:]}"


def _error(
    finding: Finding, value: object, findings: tuple[Finding, ...] = ()
) -> InvalidKK:
    masked = ""
    if finding.reason is not Reason.WRONG_TYPE:
        masked = _mask(value) if isinstance(value, str) else mask_text(value)
    shown = f" in {masked}" if masked else ""
    return InvalidKK(
        f"invalid KK number{shown}: {finding.message}",
        reason=finding.reason,
        field=finding.field,
        masked=masked,
        findings=findings or (finding,),
    )
