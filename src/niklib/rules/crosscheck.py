"""Checks of references between the sections of a programme file.

Each check reads only the entries that are well formed enough to read, so
one broken entry does not hide the problems of the others.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from typing import Any

from niklib.rules.facts import FACTS, OPERATORS
from niklib.rules.validator import (
    RULE_KINDS,
    Checker,
)

__all__ = ["Index", "check_references", "reachable"]


class Index:
    """The well-formed entries of a file, by id, for reference checks."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        self.rules = _keyed(data, "rules")
        self.parameters = _keyed(data, "parameters")
        self.switches = _keyed(data, "switches")
        self.benefits = _keyed(data, "benefits")
        versions = data.get("versions")
        self.versions = [
            (f"versions[{index}]", table)
            for index, table in enumerate(
                versions if isinstance(versions, list) else []
            )
            if isinstance(table, dict)
        ]
        self.version_ids = {str(table.get("id")) for _, table in self.versions}


def _keyed(data: Mapping[str, Any], section: str) -> dict[str, dict[str, Any]]:
    table = data.get(section)
    if not isinstance(table, dict):
        return {}
    return {name: value for name, value in table.items() if isinstance(value, dict)}


def _rule_kind(table: Mapping[str, Any]) -> str | None:
    kinds = [kind for kind in RULE_KINDS if kind in table]
    return kinds[0] if len(kinds) == 1 else None


def _rule_children(table: Mapping[str, Any]) -> list[str]:
    kind = _rule_kind(table)
    if kind is None or kind == "fact":
        return []
    value = table[kind]
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [item for item in value if isinstance(item, str)]
    return []


def check_references(checker: Checker, data: Mapping[str, Any]) -> None:
    """Check every reference, the rule graph and entries no version uses."""
    index = Index(data)
    scopes = _check_rule_graph(checker, index)
    _check_benefit_references(checker, index, scopes)
    _check_version_references(checker, index, scopes)
    _check_unused(checker, index)


def _check_rule_graph(checker: Checker, index: Index) -> dict[str, str | None]:
    """Check rule references and cycles; return the scope of each rule."""
    for name, table in index.rules.items():
        location = f"rules.{name}"
        for child in _rule_children(table):
            if child not in index.rules:
                checker.error(
                    "unknown-reference",
                    location,
                    f"rule {name!r} refers to unknown rule {child!r}",
                )
        switch = table.get("switch")
        if switch is not None and switch not in index.switches:
            checker.error(
                "unknown-reference", f"{location}.switch", f"unknown switch {switch!r}"
            )
        if _rule_kind(table) == "fact":
            _check_parameter_operand(checker, index, table, location)
    scopes: dict[str, str | None] = {}
    for name in index.rules:
        _scope(checker, index, name, scopes, [])
    return scopes


def _check_parameter_operand(
    checker: Checker, index: Index, table: Mapping[str, Any], location: str
) -> None:
    parameter = table.get("param")
    if parameter is None:
        return
    if parameter not in index.parameters:
        checker.error(
            "unknown-reference", f"{location}.param", f"unknown parameter {parameter!r}"
        )
        return
    fact, op = table.get("fact"), table.get("op")
    if fact not in FACTS or op not in OPERATORS:
        return
    kinds = FACTS[fact].kinds
    for value in _known_values(index.parameters[parameter]):
        if OPERATORS[op].collection:
            ok = isinstance(value, list) and all(isinstance(v, kinds) for v in value)
        else:
            ok = isinstance(value, kinds) and not (
                isinstance(value, bool) and bool not in kinds
            )
        if not ok:
            checker.error(
                "invalid-value",
                f"parameters.{parameter}",
                f"rule {location} compares fact {fact!r} with {op!r}, "
                f"which does not fit the value {value!r}",
            )


def _known_values(table: Mapping[str, Any]) -> list[Any]:
    values = table.get("values")
    if not isinstance(values, list):
        return []
    return [
        entry["value"]
        for entry in values
        if isinstance(entry, dict)
        and "value" in entry
        and entry.get("known", True) is True
    ]


def _scope(
    checker: Checker,
    index: Index,
    name: str,
    scopes: dict[str, str | None],
    path: list[str],
) -> str | None:
    if name in scopes:
        return scopes[name]
    if name in path:
        cycle = " -> ".join([*path[path.index(name) :], name])
        checker.error(
            "rule-cycle",
            f"rules.{name}",
            f"rules refer to each other in a cycle: {cycle}",
        )
        scopes[name] = None
        return None
    table = index.rules.get(name)
    kind = None if table is None else _rule_kind(table)
    if table is None or kind is None:
        return None
    result: str | None
    if kind == "fact":
        fact = FACTS.get(table.get("fact"))  # type: ignore[arg-type]
        result = None if fact is None else fact.scope.value
    else:
        child_scopes = {
            _scope(checker, index, child, scopes, [*path, name])
            for child in _rule_children(table)
            if child in index.rules
        } - {None}
        if kind in ("any_member", "all_members"):
            if child_scopes and child_scopes != {"member"}:
                checker.error(
                    "scope-mismatch",
                    f"rules.{name}.{kind}",
                    f"{kind} needs a member rule, but "
                    f"{table[kind]!r} reads household facts",
                )
            result = "household"
        elif len(child_scopes) > 1:
            checker.error(
                "scope-mismatch",
                f"rules.{name}",
                "rule combines household and member rules; wrap the "
                "member rules in any_member or all_members",
            )
            result = None
        else:
            result = child_scopes.pop() if child_scopes else None
    scopes[name] = result
    return result


def _expect_rule(
    checker: Checker,
    index: Index,
    scopes: Mapping[str, str | None],
    name: object,
    location: str,
    scope: str,
) -> None:
    if not isinstance(name, str):
        return
    if name not in index.rules:
        checker.error("unknown-reference", location, f"unknown rule {name!r}")
    elif scopes.get(name) not in (scope, None):
        checker.error(
            "scope-mismatch", location, f"rule {name!r} must be a {scope} rule"
        )


def _expect_parameter(
    checker: Checker, index: Index, name: object, location: str, *, check: str
) -> None:
    if not isinstance(name, str):
        return
    if name not in index.parameters:
        checker.error("unknown-reference", location, f"unknown parameter {name!r}")
        return
    for value in _known_values(index.parameters[name]):
        if not _fits(value, check):
            checker.error(
                "invalid-value",
                f"parameters.{name}",
                f"{location} needs {_EXPECTED[check]}, got {value!r}",
            )


_EXPECTED = {
    "amount": "a whole non-negative amount",
    "cap": "a whole number of members, at least 1",
    "tranches": "a list of whole amounts or a number of equal tranches",
}


def _fits(value: object, check: str) -> bool:
    def whole(item: object, minimum: int) -> bool:
        return isinstance(item, int) and not isinstance(item, bool) and item >= minimum

    if check == "amount":
        return whole(value, 0)
    if check == "cap":
        return whole(value, 1)
    if isinstance(value, list):
        return bool(value) and all(whole(item, 0) for item in value)
    return whole(value, 1)


def _check_benefit_references(
    checker: Checker, index: Index, scopes: Mapping[str, str | None]
) -> None:
    for name, table in index.benefits.items():
        location = f"benefits.{name}"
        _expect_parameter(
            checker, index, table.get("amount"), f"{location}.amount", check="amount"
        )
        _expect_parameter(
            checker,
            index,
            table.get("tranches"),
            f"{location}.tranches",
            check="tranches",
        )
        _expect_parameter(
            checker, index, table.get("cap"), f"{location}.cap", check="cap"
        )
        switch = table.get("cap_switch")
        if isinstance(switch, str) and switch not in index.switches:
            checker.error(
                "unknown-reference",
                f"{location}.cap_switch",
                f"unknown switch {switch!r}",
            )
        for key, scope in (("components", "member"), ("fixed_aid", "household")):
            items = table.get(key)
            for number, item in enumerate(items if isinstance(items, list) else []):
                if not isinstance(item, dict):
                    continue
                where = f"{location}.{key}[{number}]"
                _expect_rule(
                    checker, index, scopes, item.get("rule"), f"{where}.rule", scope
                )
                _expect_parameter(
                    checker,
                    index,
                    item.get("amount"),
                    f"{where}.amount",
                    check="amount",
                )


def _check_version_references(
    checker: Checker, index: Index, scopes: Mapping[str, str | None]
) -> None:
    starts = {
        str(table.get("id")): table.get("in_force") for _, table in index.versions
    }
    for location, table in index.versions:
        _expect_rule(
            checker,
            index,
            scopes,
            table.get("eligibility"),
            f"{location}.eligibility",
            "household",
        )
        benefit = table.get("benefit")
        if isinstance(benefit, str) and benefit not in index.benefits:
            checker.error(
                "unknown-reference",
                f"{location}.benefit",
                f"unknown benefit {benefit!r}",
            )
        for key in ("amends", "replaces"):
            target = table.get(key)
            if not isinstance(target, str):
                continue
            if target not in index.version_ids or target == table.get("id"):
                checker.error(
                    "unknown-reference",
                    f"{location}.{key}",
                    f"{key} must name another version, got {target!r}",
                )
                continue
            start, target_start = table.get("in_force"), starts.get(target)
            if (
                isinstance(start, datetime.date)
                and isinstance(target_start, datetime.date)
                and target_start >= start
            ):
                checker.error(
                    "invalid-date-range",
                    f"{location}.{key}",
                    f"version {target!r} starts on {target_start}, not "
                    f"before this version",
                )


def reachable(
    index: Index, version: Mapping[str, Any]
) -> tuple[set[str], set[str], set[str]]:
    """Return the rules, parameters and switches a version uses."""
    rules: set[str] = set()
    parameters: set[str] = set()
    switches: set[str] = set()
    roots: list[str] = []
    if isinstance(version.get("eligibility"), str):
        roots.append(version["eligibility"])
    benefit = index.benefits.get(version.get("benefit"))  # type: ignore[arg-type]
    if benefit is not None:
        for key in ("amount", "tranches", "cap"):
            if isinstance(benefit.get(key), str):
                parameters.add(benefit[key])
        if isinstance(benefit.get("cap_switch"), str):
            switches.add(benefit["cap_switch"])
        for key in ("components", "fixed_aid"):
            items = benefit.get(key)
            for item in items if isinstance(items, list) else []:
                if isinstance(item, dict):
                    if isinstance(item.get("rule"), str):
                        roots.append(item["rule"])
                    if isinstance(item.get("amount"), str):
                        parameters.add(item["amount"])
    while roots:
        name = roots.pop()
        if name in rules or name not in index.rules:
            continue
        rules.add(name)
        table = index.rules[name]
        roots.extend(_rule_children(table))
        if isinstance(table.get("param"), str):
            parameters.add(table["param"])
        if isinstance(table.get("switch"), str):
            switches.add(table["switch"])
    return rules, parameters & set(index.parameters), switches


def _check_unused(checker: Checker, index: Index) -> None:
    used: dict[str, set[str]] = {
        "rules": set(),
        "parameters": set(),
        "switches": set(),
        "benefits": set(),
    }
    for _, version in index.versions:
        rules, parameters, switches = reachable(index, version)
        used["rules"] |= rules
        used["parameters"] |= parameters
        used["switches"] |= switches
        if isinstance(version.get("benefit"), str):
            used["benefits"].add(version["benefit"])
    for section, noun, names in (
        ("rules", "rule", index.rules),
        ("parameters", "parameter", index.parameters),
        ("switches", "switch", index.switches),
        ("benefits", "benefit", index.benefits),
    ):
        for name in sorted(set(names) - used[section]):
            checker.warn(
                "unused",
                f"{section}.{name}",
                f"{noun} {name!r} is not used by any version",
            )
