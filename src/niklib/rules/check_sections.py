"""Checks of each section of a programme file taken on its own."""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Mapping
from typing import Any

from niklib.rules.facts import FACTS, OPERATORS
from niklib.rules.validator import (
    BENEFIT_KEYS,
    COMPONENT_KEYS,
    PARAMETER_KEYS,
    PROGRAMME_KEYS,
    RULE_ID,
    RULE_KEYS,
    RULE_KINDS,
    SWITCH_KEYS,
    VALUE_KEYS,
    VERSION_ID,
    VERSION_KEYS,
    Checker,
    entries,
)

__all__ = [
    "check_benefits",
    "check_parameters",
    "check_programme",
    "check_rules",
    "check_switches",
    "check_versions",
]

ONE_DAY = datetime.timedelta(days=1)


def check_programme(checker: Checker, data: Mapping[str, Any]) -> None:
    """Check the [programme] table."""
    if "programme" not in data:
        checker.error("missing-key", "programme", "the [programme] table is missing")
        return
    table = checker.table(data, "programme", "programme")
    checker.unknown_keys(table, PROGRAMME_KEYS, "programme")
    name = checker.text(table, "id", "programme")
    if name is not None:
        checker.identifier(name, "programme.id", RULE_ID)
    checker.text(table, "name", "programme")
    for key in ("jurisdiction", "currency", "notice"):
        checker.text(table, key, "programme", required=False)


def check_switches(checker: Checker, data: Mapping[str, Any]) -> None:
    """Check each [switches.<id>] table."""
    for _, table, location in entries(checker, data, "switches"):
        checker.unknown_keys(table, SWITCH_KEYS, location)
        checker.label(table, location)
        checker.sourcing(table, location)
        if not isinstance(table.get("default"), bool):
            checker.error(
                "wrong-type", f"{location}.default", "default must be true or false"
            )


def _is_scalar(value: object) -> bool:
    return isinstance(value, (bool, int, float, str))


def check_parameters(checker: Checker, data: Mapping[str, Any]) -> None:
    """Check each [parameters.<id>] table and its dated values."""
    for _, table, location in entries(checker, data, "parameters"):
        checker.unknown_keys(table, PARAMETER_KEYS, location)
        checker.label(table, location)
        checker.text(table, "unit", location)
        values = table.get("values")
        if not isinstance(values, list) or not values:
            checker.error(
                "missing-key",
                f"{location}.values",
                "a parameter needs at least one [[...values]] entry",
            )
            continue
        _check_values(checker, values, f"{location}.values")


def _check_values(checker: Checker, values: list[Any], location: str) -> None:
    spans: list[tuple[datetime.date, datetime.date | None, str]] = []
    kinds: set[str] = set()
    for index, entry in enumerate(values):
        where = f"{location}[{index}]"
        if not isinstance(entry, dict):
            checker.error("wrong-type", where, "each value must be a table")
            continue
        checker.unknown_keys(entry, VALUE_KEYS, where)
        checker.sourcing(entry, where)
        start = checker.date(entry, "from", where)
        end = checker.date(entry, "until", where, required=False)
        if start is not None and end is not None and end < start:
            checker.error(
                "invalid-date-range",
                f"{where}.until",
                f"until {end} is before from {start}",
            )
        kind = _check_value(checker, entry, where)
        if kind is not None:
            kinds.add(kind)
        if start is not None:
            spans.append((start, end, where))
    if len(kinds) > 1:
        checker.warn(
            "mixed-types",
            location,
            f"values have different types: {', '.join(sorted(kinds))}",
        )
    for (start, end, where), (next_start, _, next_where) in itertools.pairwise(spans):
        if next_start <= start:
            checker.error(
                "value-order",
                next_where,
                f"values must be in date order; {next_start} is not after {start}",
            )
        elif end is not None and end >= next_start:
            checker.error(
                "value-overlap",
                next_where,
                f"value from {next_start} overlaps the value of {where} "
                f"which runs until {end}",
            )


def _check_value(checker: Checker, entry: Mapping[str, Any], where: str) -> str | None:
    known = entry.get("known", True)
    if not isinstance(known, bool):
        checker.error("wrong-type", f"{where}.known", "known must be true or false")
        return None
    if not known:
        if "value" in entry:
            checker.error(
                "invalid-value",
                f"{where}.value",
                "a value marked known = false must not have a value",
            )
        elif "note" not in entry:
            checker.warn(
                "missing-note", where, "say in a note why the value is not known"
            )
        return None
    if "value" not in entry:
        checker.error(
            "missing-key",
            f"{where}.value",
            "'value' is missing; write known = false if no source states it",
        )
        return None
    value = entry["value"]
    if isinstance(value, list):
        if not all(_is_scalar(item) for item in value):
            checker.error(
                "invalid-value",
                f"{where}.value",
                "a list value may contain only numbers, strings and booleans",
            )
        return "list"
    if not _is_scalar(value):
        checker.error(
            "invalid-value",
            f"{where}.value",
            f"a value must be a number, string, boolean or list, got {value!r}",
        )
        return None
    return (
        "number"
        if isinstance(value, (int, float)) and not isinstance(value, bool)
        else type(value).__name__
    )


def check_rules(checker: Checker, data: Mapping[str, Any]) -> None:
    """Check each [rules.<id>] table on its own; references are checked later."""
    for _, table, location in entries(checker, data, "rules"):
        checker.unknown_keys(table, RULE_KEYS, location)
        checker.label(table, location)
        checker.label(table, location, key="failed_label", required=False)
        checker.sourcing(table, location)
        kinds = [kind for kind in RULE_KINDS if kind in table]
        if len(kinds) != 1:
            checker.error(
                "rule-kind",
                location,
                "a rule needs exactly one of "
                + ", ".join(RULE_KINDS)
                + (f"; found {', '.join(kinds)}" if kinds else ""),
            )
            continue
        kind = kinds[0]
        if kind == "fact":
            _check_condition(checker, table, location)
        elif kind in ("all", "any"):
            children = table[kind]
            if not (
                isinstance(children, list)
                and children
                and all(isinstance(child, str) for child in children)
            ):
                checker.error(
                    "wrong-type",
                    f"{location}.{kind}",
                    f"{kind} must be a non-empty list of rule ids",
                )
        elif not isinstance(table[kind], str):
            checker.error(
                "wrong-type", f"{location}.{kind}", f"{kind} must be one rule id"
            )


def _check_condition(checker: Checker, table: Mapping[str, Any], location: str) -> None:
    fact = table["fact"]
    if fact not in FACTS:
        checker.error(
            "unknown-fact",
            f"{location}.fact",
            f"unknown fact {fact!r}; known facts: {', '.join(sorted(FACTS))}",
        )
    op = table.get("op")
    if op not in OPERATORS:
        checker.error(
            "unknown-operator",
            f"{location}.op",
            f"unknown operator {op!r}; expected one of {', '.join(OPERATORS)}",
        )
    if ("value" in table) == ("param" in table):
        checker.error(
            "condition-operand",
            location,
            "a condition needs exactly one of 'value' or 'param'",
        )
        return
    if "value" not in table or fact not in FACTS or op not in OPERATORS:
        return
    value = table["value"]
    kinds = FACTS[fact].kinds
    if OPERATORS[op].collection:
        ok = isinstance(value, list) and all(
            isinstance(item, kinds) and not _wrong_bool(item, kinds) for item in value
        )
        expected = f"a list of {'/'.join(kind.__name__ for kind in kinds)}"
    else:
        ok = isinstance(value, kinds) and not _wrong_bool(value, kinds)
        expected = "/".join(kind.__name__ for kind in kinds)
    if not ok:
        checker.error(
            "invalid-value",
            f"{location}.value",
            f"fact {fact!r} with {op!r} expects {expected}, got {value!r}",
        )


def _wrong_bool(value: object, kinds: tuple[type, ...]) -> bool:
    # bool is a subclass of int, so `true` must not pass as a number.
    return isinstance(value, bool) and bool not in kinds


def check_benefits(checker: Checker, data: Mapping[str, Any]) -> None:
    """Check each [benefits.<id>] table on its own."""
    for _, table, location in entries(checker, data, "benefits"):
        checker.unknown_keys(table, BENEFIT_KEYS, location)
        mode = table.get("mode")
        if mode not in ("flat", "per_component"):
            checker.error(
                "invalid-value",
                f"{location}.mode",
                f"mode must be 'flat' or 'per_component', got {mode!r}",
            )
        for key in ("amount", "tranches", "cap", "cap_switch"):
            if key in table:
                checker.text(table, key, location)
        if mode == "flat" and "amount" not in table:
            checker.error(
                "missing-key",
                f"{location}.amount",
                "a flat benefit needs an amount parameter",
            )
        if mode == "flat" and "fixed_aid" in table:
            checker.error(
                "invalid-value",
                f"{location}.fixed_aid",
                "fixed aid applies only to per_component benefits",
            )
        _check_items(
            checker, table, location, "components", paid=mode == "per_component"
        )
        _check_items(checker, table, location, "fixed_aid", paid=True)
        if mode == "per_component" and not table.get("components"):
            checker.error(
                "missing-key",
                f"{location}.components",
                "a per_component benefit needs at least one component",
            )


def _check_items(
    checker: Checker, table: Mapping[str, Any], location: str, key: str, *, paid: bool
) -> None:
    items = table.get(key, [])
    if not isinstance(items, list):
        checker.error(
            "wrong-type", f"{location}.{key}", f"{key} must be a list of tables"
        )
        return
    seen: set[str] = set()
    for index, item in enumerate(items):
        where = f"{location}.{key}[{index}]"
        if not isinstance(item, dict):
            checker.error("wrong-type", where, "each entry must be a table")
            continue
        checker.unknown_keys(item, COMPONENT_KEYS, where)
        name = item.get("id")
        if checker.identifier(name, f"{where}.id", RULE_ID):
            if name in seen:
                checker.error("duplicate-id", f"{where}.id", f"duplicate id {name!r}")
            seen.add(str(name))
        checker.label(item, where)
        checker.text(item, "rule", where, required=key == "components")
        checker.text(item, "amount", where, required=paid)


def check_versions(checker: Checker, data: Mapping[str, Any]) -> None:
    """Check the [[versions]] entries and that their dates neither overlap nor gap."""
    versions = data.get("versions")
    if not isinstance(versions, list) or not versions:
        checker.error(
            "missing-key",
            "versions",
            "a programme needs at least one [[versions]] entry",
        )
        return
    spans: list[tuple[datetime.date, datetime.date | None, str]] = []
    seen: set[str] = set()
    for index, table in enumerate(versions):
        location = f"versions[{index}]"
        if not isinstance(table, dict):
            checker.error("wrong-type", location, "each version must be a table")
            continue
        checker.unknown_keys(table, VERSION_KEYS, location)
        name = table.get("id")
        if checker.identifier(name, f"{location}.id", VERSION_ID):
            if name in seen:
                checker.error(
                    "duplicate-id", f"{location}.id", f"duplicate version id {name!r}"
                )
            seen.add(str(name))
        for key in ("instrument", "eligibility", "benefit"):
            checker.text(table, key, location)
        for key in ("title", "amends", "replaces"):
            checker.text(table, key, location, required=False)
        amendments = table.get("amendments", [])
        if not (
            isinstance(amendments, list)
            and all(isinstance(item, str) for item in amendments)
        ):
            checker.error(
                "wrong-type",
                f"{location}.amendments",
                "amendments must be a list of instrument names",
            )
        checker.sourcing(table, location)
        start = checker.date(table, "in_force", location)
        end = checker.date(table, "until", location, required=False)
        if start is not None and end is not None and end < start:
            checker.error(
                "invalid-date-range",
                f"{location}.until",
                f"until {end} is before in_force {start}",
            )
        elif start is not None:
            spans.append((start, end, location))
    _check_version_spans(checker, spans)


def _check_version_spans(
    checker: Checker, spans: list[tuple[datetime.date, datetime.date | None, str]]
) -> None:
    spans.sort(key=lambda span: span[0])
    for (start, end, where), (next_start, _, next_where) in itertools.pairwise(spans):
        if end is None or end >= next_start:
            checker.error(
                "version-overlap",
                next_where,
                f"version in force from {next_start} overlaps {where} "
                f"(in force {start} to {end or 'open end'}); give "
                f"{where} an until date before {next_start}",
            )
        elif end + ONE_DAY < next_start:
            checker.warn(
                "version-gap",
                next_where,
                f"no version is in force from {end + ONE_DAY} to "
                f"{next_start - ONE_DAY}",
            )
