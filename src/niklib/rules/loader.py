"""Loading programme files: shipped programmes by name, or a user's own file."""

from __future__ import annotations

import copy
import datetime
import functools
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

from niklib.rules.allocations import build_allocations
from niklib.rules.coverage import value_spans
from niklib.rules.errors import ProgrammeError
from niklib.rules.facts import FACTS
from niklib.rules.model import (
    Benefit,
    BenefitMode,
    Component,
    Confidence,
    FixedAid,
    Label,
    Parameter,
    ParameterValue,
    Rule,
    RuleKind,
    Scope,
    Switch,
    Version,
)
from niklib.rules.programme import Programme
from niklib.rules.validator import RULE_KINDS, check_data, read_toml

__all__ = ["SHIPPED", "load", "load_data"]

SHIPPED = ("jamsosratu", "pkh")


def load(name_or_path: str | Path) -> Programme:
    """Load a shipped programme by name, or a programme file by path.

    Shipped names are ``"jamsosratu"`` and ``"pkh"``. Any other value is
    read as a path. Raises `ProgrammeError` listing every error in the
    file; warnings stay on `Programme.problems`. Shipped programmes are
    loaded once and cached.
    """
    if isinstance(name_or_path, str) and name_or_path.strip().lower() in SHIPPED:
        return _load_shipped(name_or_path.strip().lower())
    path = Path(name_or_path)
    if not path.exists():
        raise FileNotFoundError(
            f"programme file not found: {path}; shipped programmes are "
            f"{', '.join(SHIPPED)}"
        )
    return _load_path(path)


@functools.cache
def _load_shipped(name: str) -> Programme:
    resource = resources.files("niklib.rules.programmes").joinpath(f"{name}.toml")
    with resources.as_file(resource) as path:
        return _load_path(Path(path), source=f"niklib:{name}")


def _load_path(path: Path, *, source: str | None = None) -> Programme:
    data, report = read_toml(path)
    if report is not None:
        raise ProgrammeError(source or str(path), report.errors)
    assert data is not None
    return load_data(data, source=source or str(path))


def load_data(data: Mapping[str, Any], *, source: str = "<data>") -> Programme:
    """Build a programme from already parsed TOML data, validating it first."""
    report = check_data(data, source=source)
    if not report.ok:
        raise ProgrammeError(source, report.errors)
    head = data["programme"]
    rules = _rules(data.get("rules", {}))
    return Programme(
        id=head["id"],
        name=head["name"],
        jurisdiction=head.get("jurisdiction", ""),
        currency=head.get("currency", "IDR"),
        notice=head.get("notice", Programme.DEFAULT_NOTICE),
        versions=tuple(
            sorted(
                (_version(v) for v in data["versions"]),
                key=lambda version: version.start,
            )
        ),
        parameters={
            name: _parameter(name, table)
            for name, table in data.get("parameters", {}).items()
        },
        switches={
            name: _switch(name, table)
            for name, table in data.get("switches", {}).items()
        },
        rules=rules,
        benefits={
            name: _benefit(name, table)
            for name, table in data.get("benefits", {}).items()
        },
        allocations=build_allocations(data.get("allocations", [])),
        source=source,
        problems=report.warnings,
        data=copy.deepcopy(dict(data)),
    )


def _label(table: Mapping[str, Any], key: str = "label") -> Label:
    return Label(id=table[key]["id"], en=table[key]["en"])


def _sourcing(table: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "citation": table["citation"],
        "confidence": Confidence(table["confidence"]),
        "note": table.get("note", ""),
    }


def _constant(value: object) -> object:
    # Lists become frozensets for `in` tests and tuples for tranche amounts;
    # both are immutable so compiled code can share them.
    if isinstance(value, list):
        if all(isinstance(item, str) for item in value):
            return frozenset(value)
        return tuple(value)
    return value


def _parameter(name: str, table: Mapping[str, Any]) -> Parameter:
    values = []
    for (start, end), entry in value_spans(table):
        known = entry.get("known", True)
        values.append(
            ParameterValue(
                start=start,
                end=end,
                known=known,
                value=_constant(entry["value"]) if known else None,
                **_sourcing(entry),
            )
        )
    return Parameter(
        id=name, label=_label(table), unit=table["unit"], values=tuple(values)
    )


def _switch(name: str, table: Mapping[str, Any]) -> Switch:
    return Switch(
        id=name, label=_label(table), default=table["default"], **_sourcing(table)
    )


def _rules(tables: Mapping[str, Any]) -> dict[str, Rule]:
    kinds = {
        name: next(kind for kind in RULE_KINDS if kind in table)
        for name, table in tables.items()
    }
    scopes: dict[str, Scope] = {}

    def scope(name: str) -> Scope:
        if name not in scopes:
            kind, table = kinds[name], tables[name]
            if kind == "fact":
                scopes[name] = FACTS[table["fact"]].scope
            elif kind in ("any_member", "all_members"):
                scopes[name] = Scope.HOUSEHOLD
            else:
                children = table[kind] if kind != "not" else [table[kind]]
                scopes[name] = scope(children[0])
        return scopes[name]

    rules = {}
    for name, table in tables.items():
        kind = kinds[name]
        children: tuple[str, ...] = ()
        if kind in ("all", "any"):
            children = tuple(table[kind])
        elif kind in ("not", "any_member", "all_members"):
            children = (table[kind],)
        rules[name] = Rule(
            id=name,
            label=_label(table),
            kind=RuleKind(kind),
            scope=scope(name),
            children=children,
            fact=table.get("fact"),
            operator=table.get("op"),
            value=_constant(table["value"]) if "value" in table else None,
            parameter=table.get("param"),
            switch=table.get("switch"),
            failed_label=(
                _label(table, "failed_label") if "failed_label" in table else None
            ),
            **_sourcing(table),
        )
    return rules


def _benefit(name: str, table: Mapping[str, Any]) -> Benefit:
    return Benefit(
        id=name,
        mode=BenefitMode(table["mode"]),
        amount=table.get("amount"),
        tranches=table.get("tranches"),
        components=tuple(
            Component(
                id=item["id"],
                label=_label(item),
                rule=item["rule"],
                amount=item.get("amount"),
            )
            for item in table.get("components", [])
        ),
        fixed_aid=tuple(
            FixedAid(
                id=item["id"],
                label=_label(item),
                amount=item["amount"],
                rule=item.get("rule"),
            )
            for item in table.get("fixed_aid", [])
        ),
        cap=table.get("cap"),
        cap_switch=table.get("cap_switch"),
    )


def _version(table: Mapping[str, Any]) -> Version:
    until = table.get("until")
    return Version(
        id=table["id"],
        instrument=table["instrument"],
        title=table.get("title", ""),
        start=table["in_force"],
        end=until if isinstance(until, datetime.date) else None,
        amends=table.get("amends"),
        replaces=table.get("replaces"),
        amendments=tuple(table.get("amendments", [])),
        eligibility=table["eligibility"],
        benefit=table["benefit"],
        **_sourcing(table),
    )
