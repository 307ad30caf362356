"""Small HTML helpers for Jupyter reprs; no dependency beyond the standard library."""

from __future__ import annotations

import html
from collections.abc import Iterable


def html_table(rows: Iterable[tuple[str, str]]) -> str:
    """Render label/value pairs as a two-column HTML table, escaping both."""
    cells = "".join(
        f"<tr><th style='text-align:left'>{html.escape(label)}</th>"
        f"<td style='text-align:left'>{html.escape(value)}</td></tr>"
        for label, value in rows
    )
    return f"<table>{cells}</table>"
