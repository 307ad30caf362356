"""Reform overlays: a programme with some of its data replaced.

An overlay is a TOML file (or a mapping) with a ``[reform]`` table naming
the reform and its source, plus any of these sections:

- ``[parameters.<id>]`` with ``[[...values]]``: the overlay's values replace
  the base values from the overlay's first ``from`` date onward. Earlier
  base values stay, cut off the day before.
- ``[switches.<id>]``: the given keys replace the base switch's keys, for
  example ``default = true``.
- ``[rules.<id>]`` and ``[benefits.<id>]``: replace a whole entry, or add one.
- ``[[versions]]``: keys of a version with the same ``id`` replace the base
  version's keys. A version with a new ``id`` is added.

The merged data is validated as a whole, like any programme file, so an
overlay that breaks a reference raises `ProgrammeError` with every problem.
"""

from __future__ import annotations

import copy
import datetime
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from niklib.exceptions import Severity
from niklib.rules.errors import ProgrammeError
from niklib.rules.validator import Problem, read_toml

if TYPE_CHECKING:
    from niklib.rules.programme import Programme

__all__ = ["OVERLAY_KEYS", "apply_overlay", "load_reform"]

OVERLAY_KEYS = {"reform", "parameters", "switches", "rules", "benefits", "versions"}
ONE_DAY = datetime.timedelta(days=1)


def load_reform(
    overlay: str | Path | Mapping[str, Any], *, base: Programme
) -> Programme:
    """Apply the reform overlay at `overlay` (a path or a mapping) to `base`."""
    if isinstance(overlay, Mapping):
        return apply_overlay(base, overlay, source="<reform>")
    data, report = read_toml(Path(overlay))
    if report is not None:
        raise ProgrammeError(str(overlay), report.errors)
    assert data is not None
    return apply_overlay(base, data, source=str(overlay))


def _check_head(overlay: Mapping[str, Any], source: str) -> dict[str, Any]:
    problems = [
        Problem(
            Severity.ERROR,
            "unknown-key",
            f"file.{key}",
            f"unknown overlay section {key!r}; expected one of "
            f"{', '.join(sorted(OVERLAY_KEYS))}",
        )
        for key in sorted(set(overlay) - OVERLAY_KEYS)
    ]
    head = overlay.get("reform")
    if not isinstance(head, dict):
        head = {}
        problems.append(
            Problem(
                Severity.ERROR,
                "missing-key",
                "reform",
                "an overlay needs a [reform] table",
            )
        )
    for key in ("name", "citation"):
        value = head.get(key)
        if not isinstance(value, str) or not value.strip():
            problems.append(
                Problem(
                    Severity.ERROR,
                    "missing-key",
                    f"reform.{key}",
                    f"the [reform] table needs a non-empty {key!r}",
                )
            )
    if problems:
        raise ProgrammeError(source, problems)
    return head


def _merge_values(
    base: list[dict[str, Any]], new: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    starts = [
        entry["from"]
        for entry in new
        if isinstance(entry, dict) and isinstance(entry.get("from"), datetime.date)
    ]
    if not starts:
        return base + new
    first = min(starts)
    kept = []
    for entry in base:
        start = entry.get("from")
        if not isinstance(start, datetime.date) or start >= first:
            continue
        until = entry.get("until")
        if not isinstance(until, datetime.date) or until >= first:
            entry = {**entry, "until": first - ONE_DAY}
        kept.append(entry)
    return kept + new


def apply_overlay(
    base: Programme, overlay: Mapping[str, Any], *, source: str
) -> Programme:
    """Return `base` with the overlay's sections merged in, validated as a whole."""
    from niklib.rules.loader import load_data

    head = _check_head(overlay, source)
    data = copy.deepcopy(dict(base.data))
    data["programme"] = {**data["programme"], "name": head["name"]}

    parameters = data.setdefault("parameters", {})
    for name, table in dict(overlay.get("parameters", {})).items():
        old = parameters.get(name)
        if isinstance(old, dict) and isinstance(table, dict) and "values" in table:
            values = _merge_values(list(old.get("values", [])), list(table["values"]))
            parameters[name] = {**old, **table, "values": values}
        else:
            parameters[name] = table
    switches = data.setdefault("switches", {})
    for name, table in dict(overlay.get("switches", {})).items():
        old = switches.get(name)
        if isinstance(old, dict) and isinstance(table, dict):
            switches[name] = {**old, **table}
        else:
            switches[name] = table
    for section in ("rules", "benefits"):
        data.setdefault(section, {}).update(dict(overlay.get(section, {})))
    _merge_versions(data, list(overlay.get("versions", [])))
    return load_data(data, source=f"{base.source} + {source}")


def _merge_versions(data: dict[str, Any], versions: list[Any]) -> None:
    existing = {
        table.get("id"): table
        for table in data.get("versions", [])
        if isinstance(table, dict)
    }
    for table in versions:
        if isinstance(table, dict) and table.get("id") in existing:
            existing[table["id"]].update(table)
        else:
            data.setdefault("versions", []).append(table)
