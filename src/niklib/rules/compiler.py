"""Compilation of a version's rules into one fast Python function.

The compiler takes a version, a set of switch settings and the parameter
values in force. It generates the source of one function that evaluates
every rule with three-valued logic (True, False, None for unknown) in one
pass over the members. The function returns the eligibility and the
component matches. The explainer in `niklib.rules.explain` evaluates the
same rules node by node to build the explanation tree, and a test checks
that both agree.

Generated code contains only fixed templates and generated local names.
Every value from the programme file reaches it as a bound constant
(`C2`, `C3`, ...), never as source text.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from niklib.rules.facts import FACTS, OPERATORS
from niklib.rules.household import member_basics, nik_basics
from niklib.rules.model import Benefit, BenefitMode, Rule, RuleKind, Scope

__all__ = ["Compiled", "RawResult", "compile_plan", "needed_rules"]

# eligible, [(member index, component index)], fixed aid index (-1 none,
# None unknown), members whose component is unknown, [(member index,
# warning)], members not counted because they were born after the as-of date
RawResult = tuple[
    "bool | None",
    list[tuple[int, int]],
    "int | None",
    int,
    "list[tuple[int, str]] | None",
    int,
]


@attrs.frozen(kw_only=True)
class Compiled:
    """A generated evaluator and its source, kept for debugging."""

    function: Callable[[Any, datetime.date], RawResult]
    source: str


def needed_rules(
    rules: Mapping[str, Rule], roots: list[str], switches: Mapping[str, bool]
) -> list[str]:
    """Return the rules reachable from `roots`, children before parents.

    A rule switched off counts as passed, so its children are not needed
    unless another enabled rule uses them.
    """
    order: list[str] = []
    seen: set[str] = set()

    def visit(name: str) -> None:
        if name in seen:
            return
        seen.add(name)
        rule = rules[name]
        if rule.switch is None or switches[rule.switch]:
            for child in rule.children:
                visit(child)
        order.append(name)

    for root in roots:
        visit(root)
    return order


def enabled(rule: Rule, switches: Mapping[str, bool]) -> bool:
    """Return False when the rule's switch is off."""
    return rule.switch is None or switches[rule.switch]


class _Writer:
    """Accumulates generated lines and namespace constants."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.namespace: dict[str, object] = {
            "basics": member_basics,
            "nik_basics": nik_basics,
        }
        self.locals: dict[str, str] = {}

    def constant(self, value: object) -> str:
        name = f"C{len(self.namespace)}"
        self.namespace[name] = value
        return name

    def local(self, rule: str) -> str:
        if rule not in self.locals:
            self.locals[rule] = f"r{len(self.locals)}"
        return self.locals[rule]

    def emit(self, indent: int, line: str) -> None:
        self.lines.append("    " * indent + line)


def _expression(
    writer: _Writer,
    rule: Rule,
    switches: Mapping[str, bool],
    operands: Mapping[str, object],
) -> str:
    if rule.switch is not None and not switches[rule.switch]:
        return "True"
    children = [writer.local(child) for child in rule.children]
    if rule.kind is RuleKind.CONDITION:
        assert rule.fact is not None
        assert rule.operator is not None
        if operands[rule.id] is None:
            # The parameter is marked as not known for this date.
            return "None"
        fact = FACTS[rule.fact].code
        test = OPERATORS[rule.operator].template.format(
            x="t", c=writer.constant(operands[rule.id])
        )
        return f"None if (t := {fact}) is None else ({test})"
    if rule.kind is RuleKind.NOT:
        return f"None if {children[0]} is None else (not {children[0]})"
    if rule.kind is RuleKind.ALL:
        false = " or ".join(f"{child} is False" for child in children)
        unknown = " or ".join(f"{child} is None" for child in children)
        return f"False if ({false}) else (None if ({unknown}) else True)"
    if rule.kind is RuleKind.ANY:
        true = " or ".join(f"{child} is True" for child in children)
        unknown = " or ".join(f"{child} is None" for child in children)
        return f"True if ({true}) else (None if ({unknown}) else False)"
    return f"q{writer.local(rule.id)}"


# A member born after the as-of date did not exist then, so the loop
# skips it and no member rule or component reads it.
_MEMBER_BASICS = (
    (2, "b = m.birth_date"),
    (2, "if m.nik is not None:"),
    (3, "age, sex, _, w, exists = nik_basics(m.nik, as_of)"),
    (3, "if w is not None:"),
    (4, "warnings = (warnings or []) + [(i, w)]"),
    (4, "if not exists:"),
    (5, "absent += 1"),
    (5, "continue"),
    (2, "elif b is None or b <= as_of:"),
    (3, "sex = m.sex"),
    (3, "age = m.age if b is None else year - b.year - (month_day < (b.month, b.day))"),
    (2, "else:"),
    (3, "w = basics(m, as_of)[3]"),
    (3, "warnings = (warnings or []) + [(i, w)]"),
    (3, "absent += 1"),
    (3, "continue"),
)


def _emit_member_loop(
    writer: _Writer,
    rules: Mapping[str, Rule],
    order: list[str],
    switches: Mapping[str, bool],
    operands: Mapping[str, object],
    components: list[tuple[str, int]],
) -> None:
    member_rules = [name for name in order if rules[name].scope is Scope.MEMBER]
    quantifiers = [
        name
        for name in order
        if rules[name].kind in (RuleKind.ANY_MEMBER, RuleKind.ALL_MEMBERS)
        and enabled(rules[name], switches)
    ]
    for name in quantifiers:
        start = "False" if rules[name].kind is RuleKind.ANY_MEMBER else "True"
        writer.emit(1, f"q{writer.local(name)} = {start}")
    counts_members = any(rules[name].fact == "member_count" for name in order)
    if not member_rules and not components and not counts_members:
        return

    writer.emit(1, "for i, m in enumerate(h.members):")
    for indent, line in _MEMBER_BASICS:
        writer.emit(indent, line)
    for name in member_rules:
        expression = _expression(writer, rules[name], switches, operands)
        writer.emit(2, f"{writer.local(name)} = {expression}")
    _emit_quantifier_updates(writer, rules, quantifiers)

    if not components:
        return
    if len({amount for _, amount in components}) == 1:
        _emit_first_match(writer, components)
    else:
        _emit_best_component(writer, components)


def _emit_quantifier_updates(
    writer: _Writer, rules: Mapping[str, Rule], quantifiers: list[str]
) -> None:
    for name in quantifiers:
        flag, child = f"q{writer.local(name)}", writer.local(rules[name].children[0])
        if rules[name].kind is RuleKind.ANY_MEMBER:
            writer.emit(2, f"if {child} is True: {flag} = True")
            writer.emit(2, f"elif {child} is None and {flag} is False: {flag} = None")
        else:
            writer.emit(2, f"if {child} is False: {flag} = False")
            writer.emit(2, f"elif {child} is None and {flag} is True: {flag} = None")


def _emit_best_component(writer: _Writer, components: list[tuple[str, int]]) -> None:
    # Each member counts once, for its best-paid component. An unknown
    # component matters only when it could pay more than the best known one.
    writer.emit(2, "best = -1; best_amount = -1; unsure_amount = -1")
    for index, (name, amount) in enumerate(components):
        flag = writer.local(name)
        writer.emit(2, f"if {flag} is True:")
        writer.emit(
            3, f"if {amount} > best_amount: best = {index}; best_amount = {amount}"
        )
        writer.emit(
            2,
            f"elif {flag} is None and {amount} > unsure_amount: "
            f"unsure_amount = {amount}",
        )
    writer.emit(2, "if best >= 0: matches.append((i, best))")
    writer.emit(2, "if unsure_amount > best_amount: unsure += 1")


def _emit_first_match(writer: _Writer, components: list[tuple[str, int]]) -> None:
    # With equal amounts the first matching component wins, and an unknown
    # component matters only when no component matched.
    flags = [writer.local(name) for name, _ in components]
    for index, flag in enumerate(flags):
        keyword = "if" if index == 0 else "elif"
        writer.emit(2, f"{keyword} {flag} is True: matches.append((i, {index}))")
    unknown = " or ".join(f"{flag} is None" for flag in flags)
    writer.emit(2, f"elif {unknown}: unsure += 1")


def _emit_fixed_aid(writer: _Writer, benefit: Benefit) -> None:
    if not benefit.fixed_aid:
        writer.emit(1, "fixed = -1")
        return
    writer.emit(1, "fixed = -1")
    first = True
    for index, item in enumerate(benefit.fixed_aid):
        keyword = "if" if first else "elif"
        first = False
        if item.rule is None:
            writer.emit(1, f"{keyword} True: fixed = {index}")
            break
        flag = writer.local(item.rule)
        writer.emit(1, f"{keyword} {flag} is True: fixed = {index}")
        writer.emit(1, f"elif {flag} is None: fixed = None")


def compile_plan(
    rules: Mapping[str, Rule],
    *,
    eligibility: str,
    benefit: Benefit,
    switches: Mapping[str, bool],
    operands: Mapping[str, object],
    component_amounts: tuple[int | None, ...],
) -> Compiled:
    """Generate and compile the evaluator of one version under one setting.

    `operands` maps each condition rule id to the constant it compares
    with, which is a literal from the file or the resolved parameter value.
    `component_amounts` gives each component's amount, or None if it is
    not paid or not known. It decides each member's best-paid component.
    """
    roots = [eligibility]
    roots += [component.rule for component in benefit.components]
    roots += [item.rule for item in benefit.fixed_aid if item.rule is not None]
    order = needed_rules(rules, roots, switches)

    writer = _Writer()
    writer.emit(1, "year = as_of.year; month_day = (as_of.month, as_of.day)")
    writer.emit(1, "warnings = None; matches = []; unsure = 0; absent = 0")
    ranked = [0 if amount is None else amount for amount in component_amounts]
    if benefit.mode is BenefitMode.FLAT:
        ranked = [0] * len(ranked)
    components = [
        (component.rule, ranked[index])
        for index, component in enumerate(benefit.components)
    ]
    _emit_member_loop(writer, rules, order, switches, operands, components)
    for name in order:
        if rules[name].scope is Scope.HOUSEHOLD:
            expression = _expression(writer, rules[name], switches, operands)
            writer.emit(1, f"{writer.local(name)} = {expression}")
    _emit_fixed_aid(writer, benefit)
    writer.emit(
        1,
        f"return {writer.local(eligibility)}, matches, fixed, unsure, warnings, absent",
    )

    # Constants become keyword-only defaults, which Python reads as fast
    # locals instead of global lookups.
    defaults = ", ".join(f"{name}={name}" for name in writer.namespace)
    source = (
        f"def evaluate(h, as_of, *, {defaults}):\n" + "\n".join(writer.lines) + "\n"
    )
    namespace = dict(writer.namespace)
    exec(compile(source, f"<niklib rules {eligibility}>", "exec"), namespace)
    return Compiled(function=namespace["evaluate"], source=source)  # type: ignore[arg-type]
