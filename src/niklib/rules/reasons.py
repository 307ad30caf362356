"""Reasons a household is not eligible or undetermined, stated in plain text.

An explanation tree contains every condition. A message needs only the ones
that failed, each stated with its outcome and the member it concerns, such
as "immunisation not complete (member 3, child under five)", or the ones
left unknown by a missing input, such as "birth with a trained health
worker not known (member 2, pregnant member)".
"""

from __future__ import annotations

from collections.abc import Iterator

import attrs

from niklib.rules.explain import Explanation, Node, Outcome
from niklib.rules.model import RuleKind

__all__ = ["Reason", "failed_reasons", "unknown_reasons"]


@attrs.frozen
class Reason:
    """One failed or unknown condition: its outcome, the member and why it applied.

    `member` is the index in `Household.members`, and the text numbers
    members from 1. `context` lists the conditions that made the failed one apply
    to the member, such as "child under five" for immunisation.
    """

    text: str
    member: int | None = None
    context: tuple[str, ...] = ()

    def __str__(self) -> str:
        details = [] if self.member is None else [f"member {self.member + 1}"]
        details += self.context
        return f"{self.text} ({', '.join(details)})" if details else self.text


def failed_reasons(explanation: Explanation) -> tuple[Reason, ...]:
    """Return the failed conditions that make the household not eligible.

    Empty unless the decision is "not eligible". A rule's `failed_label`
    states its failed outcome. A condition without one reads as its label
    followed by ": no", and a failed NOT reads as its operand's label,
    which passed.
    """
    return tuple(dict.fromkeys(_failed(explanation.root)))


def _stated(node: Node) -> str:
    return _phrase(str(node.label))


def _phrase(text: str) -> str:
    """Return a label as a phrase inside a sentence, lower case first."""
    if len(text) > 1 and text[1].isupper():  # an acronym such as "PKH"
        return text
    return text[:1].lower() + text[1:]


def _failed(node: Node) -> Iterator[Reason]:
    if node.outcome is not Outcome.FAILED:
        return
    if node.failed_label is not None:
        yield Reason(_phrase(str(node.failed_label)), node.member)
        return
    if node.kind is RuleKind.NOT:
        yield Reason(_stated(node.children[0]), node.member)
        return
    if not node.children:
        yield Reason(f"{_stated(node)}: no", node.member)
        return
    if node.kind is RuleKind.ANY:
        yield from _failed_any(node)
        return
    for child in node.children:
        yield from _failed(child)


def _failed_any(node: Node) -> Iterator[Reason]:
    """Yield the reasons of a failed ANY, read as "unless X, then Y".

    Every child failed. A failed NOT child means its operand is true, which
    is why the other children had to pass, so it becomes their context.
    """
    negations = [child for child in node.children if child.kind is RuleKind.NOT]
    context = tuple(_stated(child.children[0]) for child in negations)
    causes = [
        reason
        for child in node.children
        if child.kind is not RuleKind.NOT
        for reason in _failed(child)
    ]
    if not causes:
        for child in negations:
            yield from _failed(child)
        return
    for reason in causes:
        member = node.member if reason.member is None else reason.member
        yield attrs.evolve(reason, member=member, context=reason.context + context)


def unknown_reasons(explanation: Explanation) -> tuple[Reason, ...]:
    """Return the unknown conditions that leave the household undetermined.

    Empty unless the decision is "undetermined". Each reason reads as the
    condition's label followed by "not known", or names the parameter that
    has no value for the as-of date. A condition that several rules share
    is stated once.
    """
    return tuple(dict.fromkeys(_unknown(explanation.root)))


def _unknown(node: Node) -> Iterator[Reason]:
    if node.outcome is not Outcome.UNKNOWN:
        return
    if not node.children:
        yield Reason(_unknown_text(node), node.member)
        return
    if node.kind is RuleKind.ANY:
        yield from _unknown_any(node)
        return
    for child in node.children:
        yield from _unknown(child)


def _unknown_text(node: Node) -> str:
    if node.operand is None and node.parameters:
        parameter = node.parameters[0].id
        return f"{_stated(node)}: parameter {parameter} has no value for the date"
    return f"{_stated(node)} not known"


def _unknown_any(node: Node) -> Iterator[Reason]:
    """Yield the reasons of an unknown ANY, read as "unless X, then Y".

    No child passed. A failed NOT child means its operand is true, which is
    why the unknown children matter, so it becomes their context.
    """
    context = tuple(
        _stated(child.children[0])
        for child in node.children
        if child.kind is RuleKind.NOT and child.outcome is Outcome.FAILED
    )
    for child in node.children:
        for reason in _unknown(child):
            member = node.member if reason.member is None else reason.member
            yield attrs.evolve(reason, member=member, context=reason.context + context)
