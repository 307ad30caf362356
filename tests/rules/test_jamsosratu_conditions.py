"""Jamsosratu's birth attendance and school enrolment conditions, and the
reasons a household is not eligible, stated with their outcomes."""

from __future__ import annotations

from datetime import date

import pytest
from rules_helpers import adult, household, mother, pupil, toddler

from niklib import rules
from niklib.rules import Household, Member, Programme
from niklib.rules.reasons import failed_reasons, unknown_reasons

ON = date(2019, 6, 1)


def _pregnant(**overrides: object) -> Member:
    return mother(pregnant=True, **overrides)


@pytest.mark.parametrize("age", [7, 10, 18])
def test_unenrolled_child_fails(jamsosratu: Programme, age: int) -> None:
    home = household(adult(age=70), adult(age=age))
    decision = jamsosratu.evaluate(home, as_of=ON)
    assert decision.eligible is False
    failed = [node.rule for node in decision.explain().failed()]
    assert "enrolled_in_school" in failed


@pytest.mark.parametrize("age", [3, 6, 19, 20, 40])
def test_unenrolled_outside_school_age(jamsosratu: Programme, age: int) -> None:
    home = household(adult(age=70), adult(age=age, immunisation_complete=True))
    assert jamsosratu.evaluate(home, as_of=ON).eligible is True


def test_enrolled_child_passes(jamsosratu: Programme) -> None:
    home = household(adult(age=70), pupil("primary", 10))
    assert jamsosratu.evaluate(home, as_of=ON).eligible is True


def test_unknown_age_unenrolled_unknown(jamsosratu: Programme) -> None:
    home = household(adult(age=70), adult(age=None))
    decision = jamsosratu.evaluate(home, as_of=ON)
    assert decision.eligible is None
    unknown = [node.rule for node in decision.explain().unknown()]
    assert "at_least_enrolment_age" in unknown


@pytest.mark.parametrize(
    ("attended", "eligible"), [(True, True), (False, False), (None, None)]
)
def test_birth_attendance(
    jamsosratu: Programme, attended: bool | None, eligible: bool | None
) -> None:
    home = household(_pregnant(birth_with_health_worker=attended))
    assert jamsosratu.evaluate(home, as_of=ON).eligible is eligible


def test_birth_attendance_ignores_others(jamsosratu: Programme) -> None:
    home = household(mother(birth_with_health_worker=False), toddler())
    assert jamsosratu.evaluate(home, as_of=ON).eligible is True


def test_unknown_pregnancy_unknown(jamsosratu: Programme) -> None:
    home = household(mother(pregnant=None), toddler())
    decision = jamsosratu.evaluate(home, as_of=ON)
    assert decision.eligible is None
    unknown = [node.rule for node in decision.explain().unknown()]
    assert "reported_pregnant" in unknown


@pytest.mark.parametrize(
    "as_of", [date(2013, 6, 1), date(2014, 6, 1), date(2015, 6, 1), ON]
)
def test_conditions_in_every_version(jamsosratu: Programme, as_of: date) -> None:
    unenrolled = household(adult(age=70), adult(age=10))
    unattended = household(_pregnant(birth_with_health_worker=False))
    assert jamsosratu.evaluate(unenrolled, as_of=as_of).eligible is False
    assert jamsosratu.evaluate(unattended, as_of=as_of).eligible is False


def test_conditions_switch_covers_new(jamsosratu: Programme) -> None:
    home = household(adult(age=70), adult(age=10))
    decision = jamsosratu.evaluate(home, as_of=ON, switches={"apply_conditions": False})
    assert decision.eligible is True


def test_enrolment_window_unverified(jamsosratu: Programme) -> None:
    decision = jamsosratu.evaluate(household(toddler()), as_of=ON)
    assert "parameters.enrolment_min_age" in decision.unverified
    assert "parameters.enrolment_age_limit" in decision.unverified


def test_pkh_has_no_new_conditions(pkh: Programme) -> None:
    # The PKH sources state neither condition, so PKH keeps its rules.
    home = household(
        adult(age=70), adult(age=10), _pregnant(birth_with_health_worker=False)
    )
    assert pkh.evaluate(home, as_of=date(2021, 6, 1)).eligible is True


def _reasons(programme: Programme, home: Household) -> list[str]:
    return [str(reason) for reason in failed_reasons(programme.explain(home, as_of=ON))]


# case, household, reasons
REASONS = [
    (
        "immunisation",
        household(adult(age=70), toddler(immunisation_complete=False)),
        ["immunisation not complete (member 2, child under five)"],
    ),
    (
        "savings",
        household(toddler(), savings_obligation_met=False),
        ["savings obligation not met"],
    ),
    (
        "enrolment",
        household(adult(age=70), adult(age=10)),
        ["not enrolled in school (member 2, school-age child)"],
    ),
    (
        "attendance",
        household(pupil("primary", 9, attendance=50.0)),
        ["school attendance below the minimum (member 1, school child under 21)"],
    ),
    (
        "birth",
        household(_pregnant(birth_with_health_worker=False)),
        ["birth not attended by a trained health worker (member 1, pregnant member)"],
    ),
    (
        "PKH recipient",
        household(toddler(), other_programmes={"pkh"}),
        ["already receives PKH"],
    ),
    (
        "no component",
        household(adult()),
        [
            "no component member (pregnant or nursing mother, child under five, "
            "school child under 21, elderly member or person with a disability)"
        ],
    ),
    (
        "two failures",
        household(toddler(immunisation_complete=False), savings_obligation_met=False),
        [
            "immunisation not complete (member 1, child under five)",
            "savings obligation not met",
        ],
    ),
]


@pytest.mark.parametrize(
    ("case", "home", "expected"), REASONS, ids=[case for case, _, _ in REASONS]
)
def test_failed_reasons(
    jamsosratu: Programme, case: str, home: Household, expected: list[str]
) -> None:
    assert sorted(_reasons(jamsosratu, home)) == sorted(expected)


def test_no_reasons_when_eligible(jamsosratu: Programme) -> None:
    assert _reasons(jamsosratu, household(toddler())) == []


def test_reason_without_failed_label() -> None:
    # A user's file without failed labels: a failed condition reads as
    # its label followed by ": no".
    data = rules.load("jamsosratu").data
    custom = {**data, "rules": dict(data["rules"])}
    custom["rules"]["savings_condition"] = {
        key: value
        for key, value in data["rules"]["savings_condition"].items()
        if key != "failed_label"
    }
    programme = rules.load_data(custom)
    home = household(toddler(), savings_obligation_met=False)
    assert _reasons(programme, home) == ["savings obligation: no"]


def _unknown(programme: Programme, home: Household) -> list[str]:
    explanation = programme.explain(home, as_of=ON)
    return [str(reason) for reason in unknown_reasons(explanation)]


# case, household, reasons
UNKNOWN_REASONS = [
    (
        "birth attendance",
        household(adult(), _pregnant()),
        ["birth with a trained health worker not known (member 2, pregnant member)"],
    ),
    (
        "pregnancy",
        household(toddler(), mother(pregnant=None)),
        [
            "pregnant not known (member 2)",
            "birth with a trained health worker not known (member 2)",
        ],
    ),
    (
        "domicile",
        household(toddler(), domicile=None),
        ["domiciled in Banten not known"],
    ),
    (
        "no component known",
        household(adult(disability=None)),
        ["person with a disability not known (member 1)"],
    ),
]


@pytest.mark.parametrize(
    ("case", "home", "expected"),
    UNKNOWN_REASONS,
    ids=[case for case, _, _ in UNKNOWN_REASONS],
)
def test_unknown_reasons(
    jamsosratu: Programme, case: str, home: Household, expected: list[str]
) -> None:
    assert sorted(_unknown(jamsosratu, home)) == sorted(expected)


def test_unknown_reasons_stated_once(jamsosratu: Programme) -> None:
    # The pregnancy input feeds both the component and the birth condition.
    home = household(adult(), Member(age=30, sex="F"))
    reasons = _unknown(jamsosratu, home)
    assert reasons.count("pregnant not known (member 2)") == 1
    assert len(reasons) == len(set(reasons))


def test_no_unknown_reasons_when_decided(jamsosratu: Programme) -> None:
    assert _unknown(jamsosratu, household(toddler())) == []
    assert _unknown(jamsosratu, household(adult())) == []


def test_unknown_reason_names_parameter() -> None:
    data = rules.load("jamsosratu").data
    custom = {**data, "parameters": dict(data["parameters"])}
    elderly_age = dict(data["parameters"]["elderly_min_age"])
    elderly_age["values"] = [
        {
            "from": date(2013, 1, 1),
            "known": False,
            "note": "No source states the threshold",
            "citation": "None found",
            "confidence": "unverified",
        }
    ]
    custom["parameters"]["elderly_min_age"] = elderly_age
    programme = rules.load_data(custom)
    assert _unknown(programme, household(adult(age=70))) == [
        "elderly: parameter elderly_min_age has no value for the date (member 1)"
    ]


def test_node_str_readable(jamsosratu: Programme) -> None:
    explanation = jamsosratu.explain(household(adult(), _pregnant()), as_of=ON)
    assert [str(node) for node in explanation.unknown()] == [
        "Birth with a trained health worker "
        "(rules.birth_with_health_worker_reported, member 2): unknown"
    ]


def test_audit_unknown_message(jamsosratu: Programme) -> None:
    from niklib.audit.decisions import decision_issues

    home = household(adult(), _pregnant())
    issues = decision_issues(jamsosratu.evaluate(home, as_of=ON), [])
    assert [issue.message for issue in issues] == [
        "eligibility undetermined: birth with a trained health worker not known "
        "(member 2, pregnant member)"
    ]
