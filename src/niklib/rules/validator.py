"""Validation of programme files: every problem at once, never only the first.

`check_file` and `check_data` return a `ValidationReport` listing errors
(the file cannot be loaded) and warnings (it loads, but a reader should
look: gaps in dates, unused entries, tranches that do not add up).
`check_sections`, `crosscheck` and `coverage` hold the checks themselves.
"""

from __future__ import annotations

import datetime
import html
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import attrs

from niklib.exceptions import Severity
from niklib.rules._toml import tomllib
from niklib.rules.model import Confidence

__all__ = ["Problem", "ValidationReport", "check_data", "check_file"]

RULE_ID = re.compile(r"^[a-z][a-z0-9_]*$")

VERSION_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

RULE_KINDS = ("all", "any", "not", "fact", "any_member", "all_members")

CONFIDENCES = tuple(level.value for level in Confidence)

TOP_KEYS = {
    "programme",
    "switches",
    "parameters",
    "rules",
    "benefits",
    "versions",
    "allocations",
}

PROGRAMME_KEYS = {"id", "name", "jurisdiction", "currency", "notice", "schema"}

SOURCING_KEYS = {"citation", "confidence", "note"}

SWITCH_KEYS = {"label", "default"} | SOURCING_KEYS

PARAMETER_KEYS = {"label", "unit", "values"}

VALUE_KEYS = {"from", "until", "value", "known"} | SOURCING_KEYS

RULE_KEYS = {
    "label",
    "failed_label",
    "switch",
    "op",
    "value",
    "param",
    *RULE_KINDS,
} | SOURCING_KEYS

BENEFIT_KEYS = {
    "mode",
    "amount",
    "tranches",
    "components",
    "fixed_aid",
    "cap",
    "cap_switch",
}

COMPONENT_KEYS = {"id", "label", "rule", "amount"}

VERSION_KEYS = {
    "id",
    "instrument",
    "title",
    "in_force",
    "until",
    "amends",
    "replaces",
    "amendments",
    "eligibility",
    "benefit",
} | SOURCING_KEYS


@attrs.frozen
class Problem:
    """One problem in a programme file.

    `location` is a dotted path into the file such as
    ``parameters.household_amount.values[2].until``. `code` is a stable
    short name for the kind of problem, for filtering and tests.
    """

    severity: Severity
    code: str
    location: str
    message: str


@attrs.frozen
class ValidationReport:
    """Every problem found in one programme file."""

    source: str
    problems: tuple[Problem, ...]

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that stop the file from loading."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems that a reader should review but that do not stop loading."""
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)

    @property
    def ok(self) -> bool:
        """True when the file has no errors."""
        return not self.errors

    def _repr_html_(self) -> str:
        cells = "".join(
            f"<tr><td>{p.severity.value}</td><td>{html.escape(p.code)}</td>"
            f"<td>{html.escape(p.location)}</td><td>{html.escape(p.message)}</td></tr>"
            for p in self.problems
        )
        return (
            f"<p>{html.escape(self.source)}: {len(self.errors)} error(s), "
            f"{len(self.warnings)} warning(s)</p><table><thead><tr><th>severity</th>"
            f"<th>code</th><th>location</th><th>message</th></tr></thead>"
            f"<tbody>{cells}</tbody></table>"
        )

    def to_table(self) -> str:
        """Render the problems as a plain-text table, one row per problem."""
        header = ("severity", "code", "location", "message")
        rows = [header] + [
            (p.severity.value, p.code, p.location, p.message) for p in self.problems
        ]
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        lines = []
        for row in rows:
            cells = [row[i].ljust(widths[i]) for i in range(3)]
            lines.append("  ".join([*cells, row[3]]).rstrip())
        return "\n".join(lines)


class Checker:
    """Collects problems while walking a parsed programme file."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def error(self, code: str, location: str, message: str) -> None:
        """Record an error."""
        self.problems.append(Problem(Severity.ERROR, code, location, message))

    def warn(self, code: str, location: str, message: str) -> None:
        """Record a warning."""
        self.problems.append(Problem(Severity.WARNING, code, location, message))

    def table(self, data: Mapping[str, Any], key: str, location: str) -> dict[str, Any]:
        """Return the sub-table `key`, recording a problem if it is not a table."""
        value = data.get(key, {})
        if isinstance(value, dict):
            return value
        self.error("wrong-type", location, f"{location} must be a table")
        return {}

    def unknown_keys(
        self, data: Mapping[str, Any], allowed: set[str], location: str
    ) -> None:
        """Warn about keys outside `allowed`, which are usually typos."""
        for key in sorted(set(data) - allowed):
            self.warn(
                "unknown-key",
                f"{location}.{key}",
                f"unknown key {key!r}; expected one of {', '.join(sorted(allowed))}",
            )

    def text(
        self, data: Mapping[str, Any], key: str, location: str, *, required: bool = True
    ) -> str | None:
        """Return the string at `key`, recording a problem if missing or empty."""
        value = data.get(key)
        if value is None:
            if required:
                self.error("missing-key", f"{location}.{key}", f"{key!r} is missing")
            return None
        if not isinstance(value, str) or not value.strip():
            self.error(
                "wrong-type",
                f"{location}.{key}",
                f"{key!r} must be a non-empty string, got {value!r}",
            )
            return None
        return value

    def date(
        self, data: Mapping[str, Any], key: str, location: str, *, required: bool = True
    ) -> datetime.date | None:
        """Return the TOML date at `key`, recording a problem if invalid."""
        value = data.get(key)
        if value is None:
            if required:
                self.error("missing-key", f"{location}.{key}", f"{key!r} is missing")
            return None
        if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
            self.error(
                "wrong-type",
                f"{location}.{key}",
                f"{key!r} must be a TOML date such as 2019-01-01, got {value!r}",
            )
            return None
        return value

    def label(
        self,
        data: Mapping[str, Any],
        location: str,
        *,
        key: str = "label",
        required: bool = True,
    ) -> None:
        """Check that the label at `key` has an Indonesian and an English text."""
        label = data.get(key)
        if label is None and not required:
            return
        if not isinstance(label, dict):
            self.error(
                "missing-label",
                f"{location}.{key}",
                f"{key} must be a table with 'id' (Indonesian) and 'en' (English)",
            )
            return
        for language in ("id", "en"):
            self.text(label, language, f"{location}.{key}")

    def sourcing(self, data: Mapping[str, Any], location: str) -> None:
        """Check the citation, confidence and optional note of an entry."""
        citation = data.get("citation")
        if not isinstance(citation, str) or not citation.strip():
            self.error(
                "missing-citation",
                f"{location}.citation",
                "every entry needs a citation naming its source",
            )
        confidence = data.get("confidence")
        if confidence not in CONFIDENCES:
            self.error(
                "invalid-confidence",
                f"{location}.confidence",
                f"confidence must be one of {', '.join(CONFIDENCES)}, "
                f"got {confidence!r}",
            )
        if "note" in data:
            self.text(data, "note", location)

    def identifier(self, name: object, location: str, pattern: re.Pattern[str]) -> bool:
        """Check an id against `pattern`; return True when it matches."""
        if isinstance(name, str) and pattern.match(name):
            return True
        self.error("invalid-id", location, f"id {name!r} must match {pattern.pattern}")
        return False


def entries(
    checker: Checker, data: Mapping[str, Any], section: str
) -> Iterator[tuple[str, dict[str, Any], str]]:
    """Yield the id, table and location of each entry of a keyed section."""
    for name, table in checker.table(data, section, section).items():
        location = f"{section}.{name}"
        if not checker.identifier(name, location, RULE_ID):
            continue
        if not isinstance(table, dict):
            checker.error("wrong-type", location, f"{location} must be a table")
            continue
        yield name, table, location


def check_data(data: Mapping[str, Any], *, source: str = "<data>") -> ValidationReport:
    """Validate a parsed programme file and return every problem found."""
    from niklib.rules.allocations import check_allocations
    from niklib.rules.check_sections import (
        check_benefits,
        check_parameters,
        check_programme,
        check_rules,
        check_switches,
        check_versions,
    )
    from niklib.rules.coverage import check_coverage
    from niklib.rules.crosscheck import check_references

    checker = Checker()
    checker.unknown_keys(data, TOP_KEYS, "file")
    check_programme(checker, data)
    check_switches(checker, data)
    check_parameters(checker, data)
    check_rules(checker, data)
    check_benefits(checker, data)
    check_versions(checker, data)
    check_allocations(checker, data)
    check_references(checker, data)
    check_coverage(checker, data)
    # Versions that share a benefit or parameter report the same problem.
    unique = tuple(dict.fromkeys(checker.problems))
    return ValidationReport(source, unique)


def read_toml(path: Path) -> tuple[dict[str, Any] | None, ValidationReport | None]:
    """Parse a TOML file; return the data, or a report of the syntax error."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle), None
    except OSError as error:
        problem = Problem(
            Severity.ERROR,
            "unreadable",
            str(path),
            f"cannot read the file: {error.strerror}",
        )
    except tomllib.TOMLDecodeError as error:
        problem = Problem(
            Severity.ERROR, "toml-syntax", str(path), f"invalid TOML: {error}"
        )
    except UnicodeDecodeError:
        problem = Problem(
            Severity.ERROR,
            "toml-syntax",
            str(path),
            "the file is not UTF-8 text; save it as UTF-8 (TOML files must be UTF-8)",
        )
    return None, ValidationReport(str(path), (problem,))


def check_file(path: str | Path) -> ValidationReport:
    """Validate the programme file at `path` and return every problem found."""
    data, report = read_toml(Path(path))
    if report is not None:
        return report
    assert data is not None
    return check_data(data, source=str(path))
