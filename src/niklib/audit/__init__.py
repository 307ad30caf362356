"""The audit: check a social-assistance recipient list row by row.

`audit` reads a recipient list (CSV, XLSX, a pandas DataFrame or mappings)
and checks every row: NIK validity, the NIK against the row's own birth
date and sex, NIKs issued outside the programme's province, the match
against a registry extract (by NIK, then by linkage) and what differs,
duplicates inside the list, presence in other programmes' lists, and the
eligibility decision of the programme's rules. The result has exactly one
`RowResult` per input row, in input order, whatever the row contains.

`write_outputs` writes ``findings.csv``, ``matches.csv``,
``decisions.csv``, ``report.html`` and, on request, ``audit.xlsx``.
"""

from __future__ import annotations

import os
from pathlib import Path

from niklib.audit.core import audit
from niklib.audit.html import render_html, write_html
from niklib.audit.issues import Code, Issue, Level
from niklib.audit.result import AuditResult, MatchResult, RegencySummary, RowResult
from niklib.audit.writers import write_csv_outputs, write_xlsx_outputs

__all__ = [
    "AuditResult",
    "Code",
    "Issue",
    "Level",
    "MatchResult",
    "RegencySummary",
    "RowResult",
    "audit",
    "render_html",
    "write_outputs",
]


def write_outputs(
    result: AuditResult, folder: str | os.PathLike[str], *, xlsx: bool = False
) -> list[Path]:
    """Write every output file of an audit into `folder` and return their paths."""
    written = write_csv_outputs(result, folder)
    written.append(write_html(result, folder))
    if xlsx:
        written.append(write_xlsx_outputs(result, folder))
    return written
