"""The facts a rule may read, and the operators that compare them.

A programme file names facts and operators by these strings. The compiler
turns them into Python expressions and the explainer calls the matching
functions; a test checks that both give the same result.
"""

from __future__ import annotations

import operator
from collections.abc import Callable
from typing import Any

import attrs

from niklib.rules.model import Scope

__all__ = ["FACTS", "OPERATORS", "FactSpec", "OperatorSpec"]


@attrs.frozen(kw_only=True)
class FactSpec:
    """A fact that rules may read.

    `code` is the Python expression that reads the fact in compiled code,
    where `h` is the household, `m` the member, `age` and `sex` the
    member's age and sex at the as-of date, and `absent` the number of
    members born after the as-of date. `kinds` lists the Python types
    a literal compared with this fact may have.
    """

    name: str
    scope: Scope
    code: str
    kinds: tuple[type, ...]
    description: str
    companions: tuple[str, ...] = ()


def _household(
    name: str,
    code: str,
    kinds: tuple[type, ...],
    description: str,
    companions: tuple[str, ...] = (),
) -> FactSpec:
    return FactSpec(
        name=name,
        scope=Scope.HOUSEHOLD,
        code=code,
        kinds=kinds,
        description=description,
        companions=companions,
    )


def _member(
    name: str, code: str, kinds: tuple[type, ...], description: str
) -> FactSpec:
    return FactSpec(
        name=name,
        scope=Scope.MEMBER,
        code=code,
        kinds=kinds,
        description=description,
    )


_BOOL = (bool,)
_NUMBER = (int, float)
_TEXT = (str,)

FACTS: dict[str, FactSpec] = {
    spec.name: spec
    for spec in (
        _household(
            "in_target_data",
            "h.in_target_data",
            _BOOL,
            "the household is in the target data (PPLS, PBDT or DTKS)",
            companions=("target_data_snapshot",),
        ),
        _household(
            "domicile_province",
            "h.domicile_province",
            _TEXT,
            "2-digit province code of the domicile (from the KK or registry)",
            companions=("domicile",),
        ),
        _household(
            "domicile_regency",
            "h.domicile_regency",
            _TEXT,
            "4-digit regency code of the domicile (from the KK or registry)",
            companions=("domicile",),
        ),
        _household(
            "other_programmes",
            "h.other_programmes",
            _TEXT,
            "ids of other programmes the household already receives",
        ),
        _household(
            "pkh_access_area",
            "h.pkh_access_area",
            _BOOL,
            "the household lives in a PKH-Akses (remote) area",
        ),
        _household(
            "savings_obligation_met",
            "h.savings_obligation_met",
            _BOOL,
            "the facilitator found the savings obligation met",
        ),
        _household(
            "member_count",
            "len(h.members) - absent",
            (int,),
            "number of household members born by the as-of date",
        ),
        _member("age", "age", (int,), "age in whole years at the as-of date"),
        _member("sex", "sex", _TEXT, "sex, 'M' or 'F'"),
        _member("pregnant", "m.pregnant", _BOOL, "the member is pregnant"),
        _member("nursing", "m.nursing", _BOOL, "the member is nursing a baby"),
        _member("disability", "m.disability", _BOOL, "the member has a disability"),
        _member(
            "severe_disability",
            "m.severe_disability",
            _BOOL,
            "the member has a severe disability",
        ),
        _member(
            "school_level",
            "m.school_level",
            _TEXT,
            "school level the member is enrolled in, or 'none'",
        ),
        _member(
            "attendance",
            "m.attendance",
            _NUMBER,
            "school attendance in percent over the last assessment period",
        ),
        _member(
            "immunisation_complete",
            "m.immunisation_complete",
            _BOOL,
            "the member's immunisation schedule is complete for their age",
        ),
        _member(
            "birth_with_health_worker",
            "m.birth_with_health_worker",
            _BOOL,
            "a trained health worker attends (or is arranged to attend) the birth",
        ),
        _member(
            "civil_servant",
            "m.civil_servant",
            _BOOL,
            "the member is a civil servant, soldier or police officer",
        ),
    )
}


@attrs.frozen(kw_only=True)
class OperatorSpec:
    """An operator: its Python template and the function that applies it.

    `template` takes `{x}` (the fact) and `{c}` (the constant). A set
    operand (`in`, `not_in`) expects a list in the file; `contains` tests
    whether a set-valued fact contains the constant.
    """

    name: str
    template: str
    apply: Callable[[Any, Any], Any]
    collection: bool = False


def _contains(fact: object, constant: object) -> bool:
    return constant in fact  # type: ignore[operator]


def _member_of(fact: object, constant: object) -> bool:
    return fact in constant  # type: ignore[operator]


def _not_member_of(fact: object, constant: object) -> bool:
    return fact not in constant  # type: ignore[operator]


OPERATORS: dict[str, OperatorSpec] = {
    spec.name: spec
    for spec in (
        OperatorSpec(name="==", template="{x} == {c}", apply=operator.eq),
        OperatorSpec(name="!=", template="{x} != {c}", apply=operator.ne),
        OperatorSpec(name="<", template="{x} < {c}", apply=operator.lt),
        OperatorSpec(name="<=", template="{x} <= {c}", apply=operator.le),
        OperatorSpec(name=">", template="{x} > {c}", apply=operator.gt),
        OperatorSpec(name=">=", template="{x} >= {c}", apply=operator.ge),
        OperatorSpec(
            name="in", template="{x} in {c}", apply=_member_of, collection=True
        ),
        OperatorSpec(
            name="not_in",
            template="{x} not in {c}",
            apply=_not_member_of,
            collection=True,
        ),
        OperatorSpec(name="contains", template="{c} in {x}", apply=_contains),
    )
}
