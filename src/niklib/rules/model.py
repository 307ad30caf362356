"""The parts of a programme: versions, parameters, switches, rules, benefits.

These are the values the loader builds from a programme file. They hold
data only; evaluation lives in `niklib.rules.compiler` and
`niklib.rules.explain`.
"""

from __future__ import annotations

import bisect
import datetime
import enum
from collections.abc import Iterable

import attrs

__all__ = [
    "Benefit",
    "BenefitMode",
    "Component",
    "Confidence",
    "FixedAid",
    "Label",
    "Parameter",
    "ParameterValue",
    "Rule",
    "RuleKind",
    "Scope",
    "Switch",
    "Version",
    "weakest",
]


class Confidence(enum.Enum):
    """How well a rule, parameter value or version is supported by sources.

    CONFIRMED: stated in a cited public source (news, official pages,
    academic work, regulation preambles). LIKELY: stated only in secondary
    sources. INFERRED: derived from confirmed facts, with the reasoning in
    the note. UNVERIFIED: widely repeated but not found in a source.
    """

    CONFIRMED = "confirmed"
    LIKELY = "likely"
    INFERRED = "inferred"
    UNVERIFIED = "unverified"

    @property
    def rank(self) -> int:
        """Strength of support: 3 for CONFIRMED down to 0 for UNVERIFIED."""
        return _RANKS[self]


_RANKS = {
    Confidence.CONFIRMED: 3,
    Confidence.LIKELY: 2,
    Confidence.INFERRED: 1,
    Confidence.UNVERIFIED: 0,
}


def weakest(levels: Iterable[Confidence]) -> Confidence:
    """Return the weakest confidence among `levels`, CONFIRMED if empty."""
    result = Confidence.CONFIRMED
    for level in levels:
        if level.rank < result.rank:
            result = level
    return result


@attrs.frozen
class Label:
    """A human label in Indonesian (`id`) and English (`en`)."""

    id: str
    en: str

    def __str__(self) -> str:
        return self.en


@attrs.frozen(kw_only=True)
class ParameterValue:
    """One dated value of a parameter.

    `start` and `end` are inclusive; `end` is None for the last value when
    it stays in force with no end date. `value` is None when `known` is
    False: the file records that no source states the value for the span.
    """

    start: datetime.date
    end: datetime.date | None
    value: object
    known: bool
    citation: str
    confidence: Confidence
    note: str = ""

    def covers(self, day: datetime.date) -> bool:
        """Return True if `day` falls inside this value's span."""
        return self.start <= day and (self.end is None or day <= self.end)


@attrs.frozen(kw_only=True)
class Parameter:
    """A named parameter with its dated values, sorted by start date."""

    id: str
    label: Label
    unit: str
    values: tuple[ParameterValue, ...]
    _starts: tuple[datetime.date, ...] = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        starts = tuple(value.start for value in self.values)
        object.__setattr__(self, "_starts", starts)

    def value_at(self, day: datetime.date) -> ParameterValue | None:
        """Return the value in force on `day`, or None inside a gap."""
        index = bisect.bisect_right(self._starts, day) - 1
        if index < 0:
            return None
        entry = self.values[index]
        return entry if entry.covers(day) else None

    def latest_before(self, day: datetime.date) -> ParameterValue | None:
        """Return the latest value starting on or before `day`, or None."""
        index = bisect.bisect_right(self._starts, day) - 1
        return self.values[index] if index >= 0 else None


@attrs.frozen(kw_only=True)
class Switch:
    """A rule that a caller may turn on or off, with its default setting.

    Rules resting on unverified text carry a switch, so a caller can run
    the model with and without them. A switched-off rule counts as passed.
    """

    id: str
    label: Label
    default: bool
    citation: str
    confidence: Confidence
    note: str = ""


class RuleKind(enum.Enum):
    """The shape of a rule node."""

    ALL = "all"
    ANY = "any"
    NOT = "not"
    CONDITION = "fact"
    ANY_MEMBER = "any_member"
    ALL_MEMBERS = "all_members"


class Scope(enum.Enum):
    """Whether a rule reads facts of the household or of one member."""

    HOUSEHOLD = "household"
    MEMBER = "member"


@attrs.frozen(kw_only=True)
class Rule:
    """A rule node: a condition on one fact, or a combination of rules.

    A CONDITION compares `fact` with a literal `value` or a `parameter`.
    ALL, ANY and NOT combine the rules named in `children` with three-valued
    logic, where a missing input makes a condition unknown. ANY_MEMBER and
    ALL_MEMBERS apply one member-scope rule to every member. `failed_label`
    states the outcome when the rule fails ("immunisation not complete"),
    for messages that list why a household is not eligible.
    """

    id: str
    label: Label
    kind: RuleKind
    scope: Scope
    children: tuple[str, ...] = ()
    fact: str | None = None
    operator: str | None = None
    value: object = None
    parameter: str | None = None
    switch: str | None = None
    citation: str
    confidence: Confidence
    note: str = ""
    failed_label: Label | None = None


class BenefitMode(enum.Enum):
    """How a version computes the amount."""

    FLAT = "flat"
    PER_COMPONENT = "per_component"


@attrs.frozen(kw_only=True)
class Component:
    """A kind of component member, with the parameter of its amount if paid."""

    id: str
    label: Label
    rule: str
    amount: str | None = None


@attrs.frozen(kw_only=True)
class FixedAid:
    """Fixed aid per household, paid when `rule` passes (always if None)."""

    id: str
    label: Label
    amount: str
    rule: str | None = None


@attrs.frozen(kw_only=True)
class Benefit:
    """The benefit computation of a version.

    FLAT pays the `amount` parameter per eligible household. PER_COMPONENT
    pays each component member the amount of its best-paid component, at
    most `cap` members when the cap applies, plus the first matching fixed
    aid. `tranches` names a parameter holding either a list of tranche
    amounts or a number of equal tranches.
    """

    id: str
    mode: BenefitMode
    amount: str | None = None
    tranches: str | None = None
    components: tuple[Component, ...] = ()
    fixed_aid: tuple[FixedAid, ...] = ()
    cap: str | None = None
    cap_switch: str | None = None


@attrs.frozen(kw_only=True)
class Version:
    """A version of a programme: the instrument in force over a span of dates.

    `end` is inclusive and None while the version stays in force. `amends`
    and `replaces` name other versions; `amendments` lists later
    instruments consolidated into this version.
    """

    id: str
    instrument: str
    title: str
    start: datetime.date
    end: datetime.date | None
    amends: str | None
    replaces: str | None
    amendments: tuple[str, ...]
    citation: str
    confidence: Confidence
    eligibility: str
    benefit: str
    note: str = ""

    def covers(self, day: datetime.date) -> bool:
        """Return True if this version is in force on `day`."""
        return self.start <= day and (self.end is None or day <= self.end)
