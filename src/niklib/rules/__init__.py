"""Eligibility rules for social-assistance programmes, with Jamsosratu and PKH.

A programme is data: a TOML file of dated versions, parameters with their
citation and confidence, switches for rules resting on unverified text, and
rule nodes combined with all/any/not. `load` reads a shipped programme or a
user's own file; `Programme.evaluate` returns a `Decision` whose
`explain()` shows every condition, fact, parameter value and citation.

Decisions are a model of the regulation, not an official determination.

>>> from datetime import date
>>> from niklib import rules
>>> jamsosratu = rules.load("jamsosratu")
>>> household = rules.Household(
...     domicile="3604", in_target_data=True, other_programmes=(),
...     savings_obligation_met=True,
...     members=[rules.Member(age=70, sex="M", school_level="none")],
... )
>>> decision = jamsosratu.evaluate(household, as_of=date(2015, 6, 1))
>>> decision.eligible, decision.amount, decision.tranches
(True, 2250000, (750000, 750000, 750000))
"""

from __future__ import annotations

from niklib.rules.benefit import MemberComponent
from niklib.rules.compare import Comparison, Scenario, compare
from niklib.rules.decision import Decision
from niklib.rules.errors import (
    NoVersionError,
    ParameterGapError,
    ProgrammeError,
    RulesError,
    UnknownVersionError,
)
from niklib.rules.explain import Explanation, Fact, Node, Outcome, ParameterUse
from niklib.rules.household import Household, Member, SchoolLevel
from niklib.rules.loader import SHIPPED, load, load_data
from niklib.rules.model import Confidence, Label, Version
from niklib.rules.overlay import load_reform
from niklib.rules.params import GapPolicy
from niklib.rules.programme import Programme
from niklib.rules.validator import Problem, ValidationReport, check_data, check_file

__all__ = [
    "SHIPPED",
    "Comparison",
    "Confidence",
    "Decision",
    "Explanation",
    "Fact",
    "GapPolicy",
    "Household",
    "Label",
    "Member",
    "MemberComponent",
    "NoVersionError",
    "Node",
    "Outcome",
    "ParameterGapError",
    "ParameterUse",
    "Problem",
    "Programme",
    "ProgrammeError",
    "RulesError",
    "Scenario",
    "SchoolLevel",
    "UnknownVersionError",
    "ValidationReport",
    "Version",
    "check_data",
    "check_file",
    "compare",
    "load",
    "load_data",
    "load_reform",
]
