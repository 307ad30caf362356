"""Checks on a row's own identity fields: the NIK, the KK and their agreement
with the row's birth date and sex."""

from __future__ import annotations

import re
from datetime import date

import attrs

import niklib
from niklib import kk as kk_module
from niklib.audit.issues import Code, Issue
from niklib.audit.readers import InputRow
from niklib.audit.writers import mask_numbers
from niklib.exceptions import Reason
from niklib.linkage.crosscheck import DateCheck, SexCheck, check_values
from niklib.linkage.records import normalize_sex, parse_birth_date

__all__ = ["IdentityResult", "check_identity"]

_NIK_CODES = {
    Reason.PLACEHOLDER: Code.NIK_MISSING,
    Reason.SPREADSHEET_DAMAGE: Code.NIK_SPREADSHEET_DAMAGE,
}
# The plain words that start a NIK finding, for the officers who read it;
# any other reason reads "NIK invalid".
_NIK_PROBLEMS = {
    Reason.PLACEHOLDER: "NIK missing",
    Reason.SPREADSHEET_DAMAGE: "NIK damaged by a spreadsheet",
}
# An Excel date serial, such as 27424 for 1975-01-30: a birth-date column
# exported as numbers instead of dates.
_EXCEL_SERIAL = re.compile(r"^\d{4,5}(?:\.0+)?$")


@attrs.frozen
class IdentityResult:
    """The row's NIK check, its parsed fields and the issues found on them."""

    nik: niklib.Check
    birth_date: date | None
    sex: str | None
    issues: tuple[Issue, ...]

    @property
    def valid_nik(self) -> str | None:
        """The 16 digits when the NIK is valid, else None."""
        return self.nik.digits if self.nik.valid else None


def check_identity(
    row: InputRow, *, as_of: date, province: str | None
) -> IdentityResult:
    """Check a row's NIK, KK, birth date and sex, and their agreement.

    `province` is the programme's province code; a valid NIK issued
    elsewhere is flagged for review (the person may have migrated).
    """
    issues: list[Issue] = []
    if row.is_blank:
        issues.append(Issue(Code.ROW_BLANK, "the row is blank"))
    for problem in row.problems:
        if problem != "blank row":
            issues.append(Issue(Code.ROW_MALFORMED, problem))

    text = row.values.get("nik", "")
    result = niklib.check(text, as_of=as_of)
    if "nik" in row.numeric_cells:
        issues.append(
            Issue(
                Code.NIK_SPREADSHEET_DAMAGE,
                "the NIK cell is stored as a number, so the spreadsheet may have "
                "zeroed its 16th digit; format the column as text and retype it",
            )
        )
    elif not result.valid:
        first = result.errors[0]
        code = _NIK_CODES.get(first.reason, Code.NIK_INVALID)
        messages = "; ".join(f.message for f in result.errors)
        lead = _NIK_PROBLEMS.get(first.reason, "NIK invalid")
        issues.append(Issue(code, f"{lead}: {messages}"))
    for warning in result.warnings:
        issues.append(Issue(Code.NIK_RETIRED_REGION, warning.message))

    birth_date = parse_birth_date(row.values.get("birth_date") or None)
    raw_date = row.values.get("birth_date", "").strip()
    if raw_date and birth_date is None:
        issues.append(Issue(Code.BIRTH_DATE_INVALID, _birth_date_message(raw_date)))
    sex = normalize_sex(row.values.get("sex") or None)
    raw_sex = row.values.get("sex", "").strip()
    if raw_sex and sex is None:
        issues.append(
            Issue(
                Code.SEX_INVALID,
                f"sex {mask_numbers(raw_sex)!r} is not a recognised value; "
                "expected L or P (laki-laki, perempuan), M or F, or 1 or 2",
            )
        )

    if result.valid and result.birth_date and result.sex:
        issues.extend(_agreement(result.digits, birth_date, sex))
        if province and result.digits[:2] != province:
            name = result.province.name if result.province else result.digits[:2]
            issues.append(
                Issue(
                    Code.NIK_OUT_OF_PROVINCE,
                    f"the NIK was issued in {name}, outside the programme's "
                    "province; check the domicile on the KK",
                )
            )

    kk_text = row.values.get("kk", "").strip()
    if kk_text:
        kk_result = kk_module.check(kk_text, as_of=as_of)
        if not kk_result.valid or "kk" in row.numeric_cells:
            reason = (
                kk_result.errors[0].message
                if kk_result.errors
                else "stored as a number"
            )
            issues.append(Issue(Code.KK_INVALID, f"KK number invalid: {reason}"))
    return IdentityResult(result, birth_date, sex, tuple(issues))


def _birth_date_message(text: str) -> str:
    if _EXCEL_SERIAL.match(text):
        return (
            f"birth date {text!r} is a number, not a date: the birth-date "
            "column seems to have been exported as numbers (Excel date "
            "serials); format that column as dates or as text and export the "
            "list again"
        )
    return (
        f"birth date {text!r} is not a valid date; expected a date that "
        "exists, written DD-MM-YYYY, DD/MM/YYYY, DD.MM.YYYY or YYYY-MM-DD"
    )


def _agreement(digits: str, birth_date: date | None, sex: str | None) -> list[Issue]:
    cross = check_values(digits, birth_date, sex)
    issues: list[Issue] = []
    if cross.date not in (DateCheck.AGREES, DateCheck.UNKNOWN):
        issues.append(
            Issue(
                Code.NIK_DATE_MISMATCH,
                "the birth date in the NIK disagrees with the row"
                + ("" if cross.date is DateCheck.DIFFERS else f" ({cross.date.value})")
                + "; a corrected birth date keeps its old NIK, so review before "
                "rejecting",
            )
        )
    if cross.sex is SexCheck.DIFFERS:
        issues.append(
            Issue(
                Code.NIK_SEX_MISMATCH, "the sex encoded in the NIK differs from the row"
            )
        )
    return issues
