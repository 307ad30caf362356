"""Writing audit results: ``findings.csv``, ``matches.csv``, ``decisions.csv``
(and the same as XLSX on request).

Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) are prefixed with an apostrophe,
so a hostile or unlucky name cannot execute when an officer opens the file.
"""

from __future__ import annotations

import csv
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from niklib.audit.result import AuditResult
from niklib.exceptions import mask_text
from niklib.kk import _mask as mask_kk

__all__ = ["FINDINGS_COLUMNS", "escape_cell", "write_csv_outputs", "write_xlsx_outputs"]

FINDINGS_COLUMNS = (
    "row", "status", "codes", "messages", "nik_masked", "name", "regency_code",
    "registry_match", "match_probability", "duplicate_group", "household_number",
    "decision", "amount", "programme_version",
)  # fmt: skip
MATCH_COLUMNS = (
    "row", "registry_row", "basis", "match_probability", "match_weight",
    "registry_nik", "registry_name", "differences",
)  # fmt: skip
DECISION_COLUMNS = (
    "row", "household_number", "household", "decision", "amount", "tranches", "version",
    "version_chain", "confidence", "unverified_rules", "warnings",
)  # fmt: skip
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Decimal places of the float columns in CSV; XLSX keeps the full float.
_DECIMALS = {"match_probability": 4, "match_weight": 2}
# Runs of 12 or more digits in free text (a NIK typed into the name
# column, say) are masked like NIKs before they are written.
_LONG_NUMBER = re.compile(r"\d[\d .-]{10,}\d")


def mask_numbers(text: str) -> str:
    """Return `text` with every run of 12 or more digits masked.

    >>> mask_numbers("SITI 3604054107990003")
    'SITI 3604**********03'
    """
    return _LONG_NUMBER.sub(lambda match: mask_text(match.group()), text)


def escape_cell(value: object) -> str:
    """Return a cell's text, with an apostrophe before a leading formula character.

    >>> escape_cell("=HYPERLINK(1)")
    "'=HYPERLINK(1)"
    >>> escape_cell(-3)
    '-3'
    """
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


Table = tuple[Sequence[str], Sequence[Sequence[object]]]


def _tables(result: AuditResult) -> dict[str, Table]:
    findings: list[list[object]] = [
        [
            row.row_number,
            row.status,
            ";".join(c.value for c in row.codes),
            mask_numbers(" | ".join(i.message for i in row.issues)),
            row.nik_masked,
            mask_numbers(row.name),
            row.regency_code or "",
            row.match.registry_row if row.match else "",
            row.match.probability if row.match else "",
            row.duplicate_group or "",
            row.household_number or "",
            row.decision_status or "",
            row.amount if row.amount is not None else "",
            row.version or "",
        ]
        for row in result.rows
    ]
    matches: list[list[object]] = [
        [
            m.row_number,
            m.registry_row,
            m.basis,
            m.probability,
            m.weight,
            m.registry_nik,
            mask_numbers(m.registry_name),
            "; ".join(m.differences),
        ]
        for m in result.matches
    ]
    decisions: list[list[object]] = []
    for row, decision in zip(result.rows, result.decisions, strict=True):
        if decision is None:
            continue
        decisions.append(
            [
                row.row_number,
                row.household_number or "",
                mask_kk(decision.household.id) if decision.household.id else "",
                decision.status,
                ""
                if decision.amount is None or decision.eligible is None
                else decision.amount,
                "+".join(str(t) for t in decision.tranches or ()),
                decision.version,
                " > ".join(decision.version_chain),
                decision.confidence.value,
                ";".join(decision.unverified),
                " | ".join(decision.warnings),
            ]
        )
    return {
        "findings": (FINDINGS_COLUMNS, findings),
        "matches": (MATCH_COLUMNS, matches),
        "decisions": (DECISION_COLUMNS, decisions),
    }


def write_csv_outputs(
    result: AuditResult, folder: str | os.PathLike[str]
) -> list[Path]:
    """Write the three CSV files and return their paths.

    The files are UTF-8 with a byte order mark, which Excel needs to read
    UTF-8 instead of the locale's code page.
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (header, rows) in _tables(result).items():
        path = target / f"{name}.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(_escaped(header, rows))
        written.append(path)
    return written


def _escaped(
    header: Sequence[str], rows: Iterable[Sequence[object]]
) -> Iterable[list[str]]:
    """Yield CSV cells: text escaped, floats rounded to their column's decimals."""
    decimals = [_DECIMALS.get(name) for name in header]
    for row in rows:
        yield [
            f"{value:.{places}f}"
            if places is not None and isinstance(value, float)
            else escape_cell(value)
            for value, places in zip(row, decimals, strict=True)
        ]


def _xlsx_cells(rows: Iterable[Sequence[object]]) -> Iterable[list[object]]:
    """Yield XLSX cells: numbers as numbers, so sums work, and text escaped.

    NIK and KK values are text in the tables, so they stay text.
    """
    for row in rows:
        yield [
            value
            if isinstance(value, (int, float)) and not isinstance(value, bool)
            else escape_cell(value) or None
            for value in row
        ]


def write_xlsx_outputs(result: AuditResult, folder: str | os.PathLike[str]) -> Path:
    """Write one workbook, ``audit.xlsx``, with a sheet per table; needs openpyxl."""
    try:
        from openpyxl import Workbook
    except ImportError:
        raise RuntimeError(
            "writing XLSX needs openpyxl; install it with pip install 'niklib[xlsx]'"
        ) from None
    workbook = Workbook(write_only=True)
    for name, (header, rows) in _tables(result).items():
        sheet = workbook.create_sheet(name)
        sheet.append(list(header))
        for row in _xlsx_cells(rows):
            sheet.append(row)
    path = Path(folder) / "audit.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    workbook.save(path)
    return path
