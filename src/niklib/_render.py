"""Small HTML helpers for Jupyter reprs; no dependency beyond the standard library."""

from __future__ import annotations

import html
from collections.abc import Iterable

from niklib.regions import Region, format_code


def html_table(rows: Iterable[tuple[str, str]]) -> str:
    """Render label/value pairs as a two-column HTML table, escaping both."""
    cells = "".join(
        f"<tr><th style='text-align:left'>{html.escape(label)}</th>"
        f"<td style='text-align:left'>{html.escape(value)}</td></tr>"
        for label, value in rows
    )
    return f"<table>{cells}</table>"


def region_rows(
    province: Region, regency: Region, district: Region | None, region_code: str
) -> list[tuple[str, str]]:
    """Return the province, regency and district rows of a NIK or KK table."""
    district_name = district.name if district else "unknown (retired regency)"
    return [
        ("province", f"{province.code} {province.name}"),
        ("regency", f"{format_code(regency.code)} {regency.name}"),
        ("district", f"{format_code(region_code)} {district_name}"),
    ]
