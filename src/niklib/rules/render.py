"""Text and HTML renderings of explanations, for terminals and Jupyter."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

from niklib.rules.benefit import Settlement
from niklib.rules.decision import format_rupiah
from niklib.rules.household import shown_id
from niklib.rules.model import BenefitMode

if TYPE_CHECKING:
    from niklib.rules.context import Context
    from niklib.rules.explain import BenefitLine, Explanation, Fact, Node, ParameterUse

__all__ = ["benefit_lines", "explanation_html", "explanation_text"]

_COLOURS = {
    "failed": "#b00020",
    "unknown": "#8a6d00",
    "passed": "#1b6e20",
    "skipped": "#555555",
}


def benefit_lines(
    context: Context, settlement: Settlement, fixed: int | None
) -> tuple[BenefitLine, ...]:
    """Describe how the amount of a decision was made up, line by line."""
    from niklib.rules.explain import BenefitLine, ParameterUse

    terms = context.plan.terms
    benefit = terms.benefit

    def use(name: str | None) -> ParameterUse | None:
        if name is None or name not in context.resolved:
            return None
        return ParameterUse.of(context.resolved[name])

    lines: list[BenefitLine] = []
    if benefit.mode is BenefitMode.FLAT:
        lines.append(
            BenefitLine(
                kind="amount",
                label="flat amount per household",
                amount=terms.household_amount,
                parameter=use(benefit.amount),
            )
        )
    elif fixed is not None and fixed >= 0:
        item = benefit.fixed_aid[fixed]
        lines.append(
            BenefitLine(
                kind="fixed_aid",
                label=f"fixed aid: {item.label.en}",
                amount=settlement.fixed_aid,
                parameter=use(item.amount),
            )
        )
    by_id = {component.id: component for component in benefit.components}
    for counted in settlement.components:
        component = by_id[counted.component]
        lines.append(
            BenefitLine(
                kind="component",
                label=component.label.en,
                amount=counted.amount,
                member=counted.member,
                counted=counted.counted,
                parameter=use(component.amount),
            )
        )
    if benefit.cap is not None and benefit.cap in context.resolved:
        lines.append(
            BenefitLine(
                kind="cap",
                label=f"at most {terms.cap} counted members",
                amount=None,
                counted=settlement.capped,
                parameter=use(benefit.cap),
            )
        )
    if benefit.tranches is not None:
        lines.append(
            BenefitLine(
                kind="tranches",
                label="tranches",
                amount=None,
                parameter=use(benefit.tranches),
            )
        )
    return tuple(lines)


def _value(value: object) -> str:
    if isinstance(value, frozenset):
        return "{" + ", ".join(sorted(map(str, value))) + "}"
    if hasattr(value, "isoformat"):
        return value.isoformat()  # type: ignore[no-any-return]
    return repr(value)


def _fact(fact: Fact) -> str:
    return f"{fact.name} = {_value(fact.value)} ({fact.source})"


def _parameter(use: ParameterUse) -> str:
    value = _value(use.value) if use.known else "not known"
    until = use.end.isoformat() if use.end else "open end"
    text = (
        f"{use.id} = {value}, in force {use.start.isoformat()} to {until}, "
        f"{use.confidence.value}; {use.citation}"
    )
    if use.carried_forward:
        text += " [carried forward]"
    if use.note:
        text += f" ({use.note})"
    return text


def _header(explanation: Explanation) -> list[str]:
    version = explanation.version
    until = version.end.isoformat() if version.end else "open end"
    decision = {True: "eligible", False: "not eligible", None: "undetermined"}[
        explanation.eligible
    ]
    if explanation.eligible:
        decision += f", {format_rupiah(explanation.amount)} per year"
        if explanation.tranches:
            decision += " in tranches of " + " + ".join(
                format_rupiah(part) for part in explanation.tranches
            )
        elif explanation.tranches is None:
            decision += ", split into tranches not known"
    switches = ", ".join(
        f"{name} {'on' if on else 'off'}"
        for name, on in sorted(explanation.switches.items())
    )
    lines = [
        f"{explanation.programme_name}: household "
        f"{shown_id(explanation.household) or '(no id)'}, as of "
        f"{explanation.as_of.isoformat()}",
        f"Version {version.id}: {' > '.join(explanation.version_chain)}, in force "
        f"{version.start.isoformat()} to {until} ({version.confidence.value}); "
        f"{version.citation}",
        f"Decision: {decision}",
        f"Confidence: {explanation.confidence.value}",
    ]
    if explanation.unverified:
        lines.append("Rests on unverified text: " + ", ".join(explanation.unverified))
    if switches:
        lines.append(f"Switches: {switches}")
    lines += [f"Warning: {warning}" for warning in explanation.warnings]
    return lines


def _node_text(node: Node, depth: int, lines: list[str]) -> None:
    pad = "  " * depth
    who = f" [members[{node.member}]]" if node.member is not None else ""
    switch = f", switch {node.switch}" if node.switch else ""
    lines.append(
        f"{pad}[{node.outcome.value}] {node.label.en} ({node.label.id}){who}: "
        f"{node.rule}, {node.confidence.value}{switch}; {node.citation}"
    )
    for fact in node.facts:
        lines.append(f"{pad}    fact {_fact(fact)}")
    if node.operator is not None:
        lines.append(
            f"{pad}    test {node.facts[0].name} {node.operator} {_value(node.operand)}"
        )
    for use in node.parameters:
        lines.append(f"{pad}    parameter {_parameter(use)}")
    if node.note:
        lines.append(f"{pad}    note: {node.note}")
    for child in node.children:
        _node_text(child, depth + 1, lines)


def _line_text(line: BenefitLine) -> str:
    who = f" [members[{line.member}]]" if line.member is not None else ""
    amount = "" if line.amount is None else f": {format_rupiah(line.amount)}"
    counted = "" if line.counted else " (not counted)"
    text = f"  {line.kind} {line.label}{who}{amount}{counted}"
    if line.parameter is not None:
        text += f"\n      parameter {_parameter(line.parameter)}"
    return text


def explanation_text(explanation: Explanation) -> str:
    """Render an explanation as indented plain text."""
    lines = _header(explanation)
    lines.append("Rules (failed and unknown first):")
    _node_text(explanation.root, 1, lines)
    if explanation.benefit:
        lines.append("Amount:")
        lines += [_line_text(line) for line in explanation.benefit]
    lines.append(f"Notice: {explanation.notice}")
    return "\n".join(lines)


def _badge(outcome: str) -> str:
    colour = _COLOURS[outcome]
    return (
        f'<span style="color:#fff;background:{colour};padding:0 4px;'
        f'border-radius:3px;font-size:90%">{outcome}</span>'
    )


def _node_html(node: Node) -> str:
    esc = html.escape
    who = f" <em>members[{node.member}]</em>" if node.member is not None else ""
    switch = f", switch <code>{esc(node.switch)}</code>" if node.switch else ""
    head = (
        f"{_badge(node.outcome.value)} <b>{esc(node.label.en)}</b> "
        f"<span style='color:#555'>({esc(node.label.id)})</span>{who} "
        f"<code>{esc(node.rule)}</code>, {esc(node.confidence.value)}{switch}"
        f"<br><small>{esc(node.citation)}</small>"
    )
    details = [f"<li>fact {esc(_fact(fact))}</li>" for fact in node.facts]
    if node.operator is not None:
        details.append(
            f"<li>test {esc(node.facts[0].name)} {esc(node.operator)} "
            f"{esc(_value(node.operand))}</li>"
        )
    details += [f"<li>parameter {esc(_parameter(use))}</li>" for use in node.parameters]
    if node.note:
        details.append(f"<li>note: {esc(node.note)}</li>")
    body = "".join(details) + "".join(
        f"<li>{_node_html(child)}</li>" for child in node.children
    )
    if not body:
        return head
    is_open = " open" if node.outcome.value in ("failed", "unknown") else ""
    return (
        f"<details{is_open}><summary>{head}</summary>"
        f"<ul style='list-style:none;padding-left:1.2em'>{body}</ul></details>"
    )


def explanation_html(explanation: Explanation) -> str:
    """Render an explanation as self-contained HTML for Jupyter."""
    esc = html.escape
    header = _header(explanation)
    parts = [f"<div class='niklib-decision'><h4>{esc(header[0])}</h4><ul>"]
    parts += [f"<li>{esc(line)}</li>" for line in header[1:]]
    parts.append("</ul><p><b>Rules</b> (failed and unknown first)</p>")
    parts.append(_node_html(explanation.root))
    if explanation.benefit:
        parts.append("<p><b>Amount</b></p><pre>")
        parts.append(esc("\n".join(_line_text(line) for line in explanation.benefit)))
        parts.append("</pre>")
    parts.append(
        f"<p><small><b>Notice:</b> {esc(explanation.notice)}</small></p></div>"
    )
    return "".join(parts)
