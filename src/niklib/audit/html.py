"""The self-contained HTML audit report: summary, regencies, problems, charts.

The report has no external resources (styles and SVG charts inline), so it
can be mailed or opened offline. NIKs appear masked only.
"""

from __future__ import annotations

import html
import os
from collections import defaultdict
from pathlib import Path

from niklib.audit.issues import Code
from niklib.audit.result import (
    AuditResult,
    RegencySummary,
    RowResult,
    amount_text,
    counted,
)
from niklib.audit.writers import mask_numbers

__all__ = ["render_html", "write_html"]

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2rem;color:#222;max-width:70rem}
h1{font-size:1.6rem}
h2{font-size:1.2rem;margin-top:2rem;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:.5rem 0}
td,th{padding:.25rem .6rem;border-bottom:1px solid #eee;text-align:left}
td.n{text-align:right;font-variant-numeric:tabular-nums}
.cards{display:flex;gap:1rem}
.card{border:1px solid #ddd;border-radius:.4rem;padding:.6rem 1rem}
.card b{font-size:1.5rem;display:block}
.ok{color:#1a7f37}.review{color:#9a6700}.error{color:#cf222e}
.note{color:#555;font-size:.9rem}
"""
_COLOURS = {"ok": "#2da44e", "review": "#d4a72c", "error": "#cf222e"}


def _e(value: object) -> str:
    return html.escape(str(value))


def _status_bar(summary: RegencySummary, widest: int) -> str:
    """Return an inline SVG bar of rows by status, with the allocation marked.

    All bars share one scale, set by the largest row count `widest`. An
    allocation within that scale is drawn as a black line. A larger one is
    drawn as a black triangle at the right end, so every bar marks it.
    """
    width, height = 260, 14
    scale = width / max(widest, 1)
    x = 0.0
    parts = []
    for status in ("ok", "review", "error"):
        count = getattr(summary, status)
        w = count * scale
        if w > 0:
            parts.append(
                f'<rect x="{x:.1f}" y="0" width="{w:.1f}" height="{height}" '
                f'fill="{_COLOURS[status]}"><title>{status}: {count}</title></rect>'
            )
        x += w
    if summary.allocation and summary.allocation <= widest:
        mark = summary.allocation * scale
        parts.append(
            f'<line x1="{mark:.1f}" x2="{mark:.1f}" y1="0" y2="{height}" stroke="#000" '
            f'stroke-width="2"><title>allocation: {summary.allocation}</title></line>'
        )
    elif summary.allocation:
        parts.append(
            f'<polygon points="{width - 8},0 {width},{height / 2:g} {width - 8},'
            f'{height}" fill="#000"><title>allocation: {summary.allocation}, '
            "beyond the scale</title></polygon>"
        )
    return (
        f'<svg width="{width}" height="{height}" role="img" '
        f'aria-label="rows by status">{"".join(parts)}</svg>'
    )


def _regency_table(result: AuditResult) -> str:
    rows = [r for r in result.regencies if r.rows or r.allocation]
    widest = max([r.rows for r in rows] or [1])
    body = "".join(
        f"<tr><td>{_e(r.code)}</td><td>{_e(r.name)}</td>"
        f"<td class='n'>{r.rows}</td>"
        f"<td class='n'>{r.allocation if r.allocation is not None else '-'}</td>"
        f"<td class='n'>{r.ok}</td><td class='n'>{r.review}</td>"
        f"<td class='n'>{r.error}</td>"
        f"<td class='n'>{r.eligible}</td>"
        f"<td class='n'>{_e(amount_text(r.amount, r.amount_unknown))}</td>"
        f"<td>{_status_bar(r, widest)}</td></tr>"
        for r in rows
    )
    return (
        "<table><tr><th>code</th><th>regency</th><th>rows</th><th>allocation</th>"
        "<th>ok</th><th>review</th><th>error</th><th>eligible</th><th>amount</th>"
        "<th>rows by status (line: allocation; triangle at the right end: "
        f"allocation beyond the scale)</th></tr>{body}</table>"
    )


def _problems(result: AuditResult, examples: int = 3) -> str:
    by_code: dict[Code, list[tuple[RowResult, str]]] = defaultdict(list)
    for row in result.rows:
        seen: set[Code] = set()
        for issue in row.issues:
            if issue.code in seen:
                continue
            seen.add(issue.code)
            by_code[issue.code].append((row, issue.message))
    ordered = sorted(by_code.items(), key=lambda item: -len(item[1]))
    sections = []
    for code, found in ordered:
        shown = "".join(
            f"<tr><td class='n'>{row.row_number}</td>"
            f"<td>{_e(row.nik_masked)}</td>"
            f"<td>{_e(mask_numbers(message))}</td></tr>"
            for row, message in found[:examples]
        )
        sections.append(
            f"<h3>{_e(code.value)}: {counted(len(found), 'row')} "
            f"({_e(code.level.name.lower())})</h3>"
            f"<table><tr><th>row</th><th>NIK</th><th>finding</th></tr>{shown}</table>"
        )
    return "".join(sections) or "<p>No problems found.</p>"


def render_html(result: AuditResult) -> str:
    """Return the report as one HTML document."""
    counts = result.status_counts()
    cards = "".join(
        f"<div class='card {status}'><b>{counts[status]}</b>{status}</div>"
        for status in ("ok", "review", "error")
    )
    eligible = len(result.eligible_households())
    unknown = "".join(
        f"<p class='note'>{_e(line[0].upper() + line[1:])}; the amounts "
        "leave them out.</p>"
        for line in result.unknown_amount_lines()
    )
    notes = "".join(f"<p class='note'>{_e(n)}</p>" for n in result.notes)
    info = "".join(
        f"<li>{_e(key)}: {_e(value)}</li>" for key, value in result.data_info.items()
    )
    return (
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>niklib audit: {_e(Path(result.source).name)}</title>"
        f"<style>{_STYLE}</style></head><body>"
        f"<h1>Audit of {_e(Path(result.source).name)}</h1>"
        f"<p>{counted(len(result.rows), 'row')} checked for "
        f"{_e(result.programme)} as of {_e(result.as_of.isoformat())}; "
        f"{counted(eligible, 'household')} eligible.</p>"
        f"<div class='cards'>{cards}</div>{unknown}{notes}"
        f"<h2>By regency</h2>{_regency_table(result)}"
        f"<h2>Most common problems</h2>{_problems(result)}"
        f"<h2>Data used</h2><ul>{info}</ul>"
        "<p class='note'>NIKs are shown masked. Full registry NIKs for matched rows "
        "are in matches.csv.</p></body></html>"
    )


def write_html(result: AuditResult, folder: str | os.PathLike[str]) -> Path:
    """Write ``report.html`` into `folder` and return its path."""
    path = Path(folder) / "report.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_html(result), encoding="utf-8")
    return path
