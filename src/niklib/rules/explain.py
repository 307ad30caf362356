"""Explanation trees, built on request by evaluating the rules node by node.

The interpreter here evaluates every node (no short cut), records the facts
and parameter values each condition read, and sorts each node's children
with failed and unknown conditions first. It follows the same three-valued
logic as the compiled evaluator and computes the amount with the same
`settle` function, so an explanation always matches its decision.
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterator, Mapping
from typing import Any

import attrs

from niklib.rules.benefit import Settlement, counted_components, settle
from niklib.rules.context import Context, household_warnings
from niklib.rules.facts import FACTS, OPERATORS
from niklib.rules.household import Household, member_basics, region_name
from niklib.rules.model import BenefitMode, Confidence, Label, RuleKind, Scope, Version
from niklib.rules.params import ResolvedParameter

__all__ = ["Explanation", "Fact", "Node", "Outcome", "ParameterUse", "explain"]


class Outcome(enum.Enum):
    """The result of one rule node. SKIPPED means switched off, counted as passed."""

    FAILED = "failed"
    UNKNOWN = "unknown"
    PASSED = "passed"
    SKIPPED = "skipped"

    @classmethod
    def of(cls, value: bool | None) -> Outcome:
        """Return the outcome for a three-valued result."""
        if value is None:
            return cls.UNKNOWN
        return cls.PASSED if value else cls.FAILED

    @property
    def value3(self) -> bool | None:
        """The three-valued result: True, False, or None for unknown."""
        if self is Outcome.UNKNOWN:
            return None
        return self is not Outcome.FAILED


_ORDER = {Outcome.FAILED: 0, Outcome.UNKNOWN: 1, Outcome.PASSED: 2, Outcome.SKIPPED: 3}


@attrs.frozen(kw_only=True)
class Fact:
    """A fact a condition read: asserted, derived from the NIK, or missing."""

    name: str
    value: object
    source: str
    member: int | None = None


@attrs.frozen(kw_only=True)
class ParameterUse:
    """A parameter value used by a decision, with its dates and source."""

    id: str
    label: Label
    value: object
    known: bool
    start: datetime.date
    end: datetime.date | None
    citation: str
    confidence: Confidence
    carried_forward: bool
    note: str

    @classmethod
    def of(cls, resolved: ResolvedParameter) -> ParameterUse:
        """Describe a resolved parameter."""
        entry = resolved.entry
        return cls(
            id=resolved.parameter.id,
            label=resolved.parameter.label,
            value=entry.value,
            known=entry.known,
            start=entry.start,
            end=entry.end,
            citation=entry.citation,
            confidence=entry.confidence,
            carried_forward=resolved.carried_forward,
            note=entry.note,
        )


@attrs.frozen(kw_only=True)
class Node:
    """One evaluated rule node of an explanation tree.

    `failed_label` is the rule's statement of a failed outcome, if the
    programme file gives one.
    """

    rule: str
    label: Label
    kind: RuleKind
    outcome: Outcome
    citation: str
    confidence: Confidence
    note: str = ""
    failed_label: Label | None = None
    member: int | None = None
    switch: str | None = None
    operator: str | None = None
    operand: object = None
    facts: tuple[Fact, ...] = ()
    parameters: tuple[ParameterUse, ...] = ()
    children: tuple[Node, ...] = ()

    def __str__(self) -> str:
        where = f"rules.{self.rule}"
        if self.member is not None:
            where += f", member {self.member + 1}"
        return f"{self.label} ({where}): {self.outcome.value}"

    def walk(self) -> Iterator[Node]:
        """Yield this node and every node below it, depth first."""
        yield self
        for child in self.children:
            yield from child.walk()


@attrs.frozen(kw_only=True)
class BenefitLine:
    """One line of the amount computation."""

    kind: str
    label: str
    amount: int | None
    member: int | None = None
    counted: bool = True
    parameter: ParameterUse | None = None


@attrs.frozen(kw_only=True)
class Explanation:
    """Why a household got its decision: the rule tree and the amount lines.

    `parameters` contains the ids of the parameters the decision read, and
    `unverified` and `confidence` cover only what the decision used.
    """

    programme: str
    programme_name: str
    household: str | None
    version: Version
    version_chain: tuple[str, ...]
    as_of: datetime.date
    eligible: bool | None
    amount: int | None
    tranches: tuple[int, ...] | None
    root: Node
    benefit: tuple[BenefitLine, ...]
    switches: Mapping[str, bool]
    warnings: tuple[str, ...]
    unverified: tuple[str, ...]
    confidence: Confidence
    notice: str
    parameters: tuple[str, ...] = ()

    def nodes(self) -> Iterator[Node]:
        """Yield every node of the tree, depth first."""
        return self.root.walk()

    def failed(self) -> tuple[Node, ...]:
        """The failed conditions that made the household not eligible.

        Empty unless the decision is "not eligible". Follows the path of
        failed nodes from the root (through NOT, the passed child).
        """
        return tuple(_causes(self.root, Outcome.FAILED))

    def unknown(self) -> tuple[Node, ...]:
        """The conditions whose missing inputs left the decision undetermined."""
        return tuple(_causes(self.root, Outcome.UNKNOWN))

    def render_text(self) -> str:
        """Render the explanation as indented plain text."""
        from niklib.rules.render import explanation_text

        return explanation_text(self)

    def __str__(self) -> str:
        return self.render_text()

    def _repr_html_(self) -> str:
        from niklib.rules.render import explanation_html

        return explanation_html(self)


_FLIP = {Outcome.FAILED: Outcome.PASSED, Outcome.PASSED: Outcome.FAILED}


def _causes(node: Node, outcome: Outcome) -> Iterator[Node]:
    """Yield the conditions below `node` that gave it `outcome`."""
    if node.outcome is not outcome:
        return
    if not node.children:
        yield node
        return
    target = _FLIP.get(outcome, outcome) if node.kind is RuleKind.NOT else outcome
    for child in node.children:
        yield from _causes(child, target)


class _Interpreter:
    def __init__(self, context: Context, household: Household) -> None:
        self.context = context
        self.plan = context.plan
        self.rules = context.programme.rules
        self.household = household
        self.basics = [
            member_basics(member, context.as_of) for member in household.members
        ]
        # Members born after the as-of date did not exist then, and no rule
        # reads them.
        self.present = [index for index, basics in enumerate(self.basics) if basics[4]]
        self.cache: dict[tuple[str, int | None], Node] = {}

    def node(self, name: str, member: int | None = None) -> Node:
        key = (name, member)
        if key not in self.cache:
            self.cache[key] = self._evaluate(name, member)
        return self.cache[key]

    def _evaluate(self, name: str, member: int | None) -> Node:
        rule = self.rules[name]
        common: dict[str, Any] = {
            "rule": name,
            "label": rule.label,
            "kind": rule.kind,
            "citation": rule.citation,
            "confidence": rule.confidence,
            "note": rule.note,
            "failed_label": rule.failed_label,
            "member": member,
            "switch": rule.switch,
        }
        if rule.switch is not None and not self.plan.switches[rule.switch]:
            return Node(outcome=Outcome.SKIPPED, **common)
        if rule.kind is RuleKind.CONDITION:
            return self._condition(rule.id, member, common)
        if rule.kind in (RuleKind.ANY_MEMBER, RuleKind.ALL_MEMBERS):
            children = [self.node(rule.children[0], index) for index in self.present]
            combine = any3 if rule.kind is RuleKind.ANY_MEMBER else all3
        else:
            children = [self.node(child, member) for child in rule.children]
            combine = {RuleKind.ALL: all3, RuleKind.ANY: any3, RuleKind.NOT: not3}[
                rule.kind
            ]
        value = combine([child.outcome.value3 for child in children])
        ordered = tuple(sorted(children, key=lambda child: _ORDER[child.outcome]))
        return Node(outcome=Outcome.of(value), children=ordered, **common)

    def _condition(self, name: str, member: int | None, common: dict[str, Any]) -> Node:
        rule = self.rules[name]
        assert rule.fact is not None
        assert rule.operator is not None
        facts = self._facts(rule.fact, member)
        operand = self.plan.operands[name]
        parameters: tuple[ParameterUse, ...] = ()
        if rule.parameter is not None:
            parameters = (ParameterUse.of(self.context.resolved[rule.parameter]),)
        value = facts[0].value
        result: bool | None = None
        if value is not None and operand is not None:
            result = OPERATORS[rule.operator].apply(value, operand)
        return Node(
            outcome=Outcome.of(result),
            operator=rule.operator,
            operand=operand,
            facts=facts,
            parameters=parameters,
            **common,
        )

    def _facts(self, name: str, member: int | None) -> tuple[Fact, ...]:
        spec = FACTS[name]
        if spec.scope is Scope.MEMBER:
            assert member is not None
            age, sex, derived, _, _ = self.basics[member]
            if name in ("age", "sex"):
                value: object = age if name == "age" else sex
                source = "derived" if derived else "asserted"
            else:
                value = getattr(self.household.members[member], name)
                source = "asserted"
            return (
                Fact(
                    name=name,
                    value=value,
                    member=member,
                    source="missing" if value is None else source,
                ),
            )
        value = (
            len(self.present)
            if name == "member_count"
            else getattr(self.household, name)
        )
        facts = [
            Fact(
                name=name,
                value=value,
                source="missing" if value is None else "asserted",
            )
        ]
        for companion in spec.companions:
            extra = getattr(self.household, companion)
            facts.append(
                Fact(
                    name=companion,
                    value=extra,
                    source="missing" if extra is None else "asserted",
                )
            )
            if companion == "domicile" and extra is not None:
                name_fact = Fact(
                    name="domicile_name", value=region_name(extra), source="derived"
                )
                facts.append(name_fact)
        return tuple(facts)

    def settlement(self) -> tuple[Settlement, int, int | None]:
        terms = self.plan.terms
        flat = terms.benefit.mode is BenefitMode.FLAT
        ranked = [
            0 if flat or amount is None else amount
            for amount in terms.component_amounts
        ]
        matches: list[tuple[int, int]] = []
        unsure = 0
        for index in self.present:
            best, best_amount, unsure_amount = -1, -1, -1
            for number, component in enumerate(terms.benefit.components):
                outcome = self.node(component.rule, index).outcome.value3
                if outcome is True and ranked[number] > best_amount:
                    best, best_amount = number, ranked[number]
                elif outcome is None and ranked[number] > unsure_amount:
                    unsure_amount = ranked[number]
            if best >= 0:
                matches.append((index, best))
            if unsure_amount > best_amount:
                unsure += 1
        fixed: int | None = -1
        for number, item in enumerate(terms.benefit.fixed_aid):
            if item.rule is None:
                fixed = number
                break
            outcome = self.node(item.rule).outcome.value3
            if outcome is True:
                fixed = number
                break
            if outcome is None:
                fixed = None
                break
        eligible = self.node(self.plan.version.eligibility).outcome.value3
        return settle(terms, eligible, matches, fixed), unsure, fixed


def all3(values: list[bool | None]) -> bool | None:
    """Kleene conjunction: False wins, then unknown, else True."""
    if any(value is False for value in values):
        return False
    return None if any(value is None for value in values) else True


def any3(values: list[bool | None]) -> bool | None:
    """Kleene disjunction: True wins, then unknown, else False."""
    if any(value is True for value in values):
        return True
    return None if any(value is None for value in values) else False


def not3(values: list[bool | None]) -> bool | None:
    """Kleene negation of the single value."""
    return None if values[0] is None else not values[0]


def explain(context: Context, household: Household) -> Explanation:
    """Build the explanation of `household` under `context`."""
    from niklib.rules.render import benefit_lines

    interpreter = _Interpreter(context, household)
    root = interpreter.node(context.plan.version.eligibility)
    settlement, unsure, fixed = interpreter.settlement()
    member_warnings = [
        (index, basics[3])
        for index, basics in enumerate(interpreter.basics)
        if basics[3] is not None
    ]
    eligible = root.outcome.value3
    usage = context.plan.usage.of(
        has_members=bool(interpreter.present),
        eligible=eligible,
        counted=counted_components(settlement, eligible),
        fixed=fixed,
    )
    warnings = household_warnings(
        context, household, member_warnings or None, unsure, fixed, eligible
    )
    programme = context.programme
    return Explanation(
        programme=programme.id,
        programme_name=programme.name,
        household=household.id,
        version=context.plan.version,
        version_chain=context.chain,
        as_of=context.as_of,
        eligible=eligible,
        amount=settlement.amount,
        tranches=settlement.tranches,
        root=root,
        benefit=benefit_lines(context, settlement, fixed),
        switches=context.plan.switches,
        warnings=warnings,
        unverified=usage.unverified,
        confidence=usage.confidence,
        parameters=usage.parameters,
        notice=programme.notice,
    )
