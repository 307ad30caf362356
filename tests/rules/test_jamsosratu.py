"""Hand-checked Jamsosratu decisions, one fixture household per case."""

from __future__ import annotations

from datetime import date

import pytest
from rules_helpers import adult, household, mother, pupil, toddler

from niklib.rules import (
    GapPolicy,
    NoVersionError,
    Outcome,
    ParameterGapError,
    Programme,
    RulesError,
    UnknownVersionError,
)

FAMILY = household(
    mother(),
    adult(),
    pupil("primary", 9),
    toddler(2),
)

# as_of, version, chain, amount, tranches
AMOUNTS = [
    (date(2013, 6, 1), "2013", ("Pergub Banten 2/2013",), 1_500_000, None),
    (
        date(2014, 6, 1),
        "2014",
        ("Pergub Banten 2/2013", "Pergub Banten 5/2014"),
        1_500_000,
        None,
    ),
    (
        date(2015, 6, 1),
        "2015",
        ("Pergub Banten 16/2015",),
        2_250_000,
        (750_000, 750_000, 750_000),
    ),
    (date(2017, 3, 1), "2015", ("Pergub Banten 16/2015",), 2_250_000, None),
    (date(2018, 9, 1), "2015", ("Pergub Banten 16/2015",), 1_655_000, None),
    (
        date(2019, 6, 1),
        "2019",
        ("Pergub Banten 10/2019", "Pergub Banten 15/2019"),
        1_750_000,
        (1_000_000, 750_000),
    ),
    (
        date(2020, 12, 31),
        "2019",
        ("Pergub Banten 10/2019", "Pergub Banten 15/2019"),
        1_750_000,
        (1_000_000, 750_000),
    ),
    (
        date(2021, 1, 1),
        "2019",
        ("Pergub Banten 10/2019", "Pergub Banten 15/2019"),
        1_000_000,
        None,
    ),
]


@pytest.mark.parametrize(("as_of", "version", "chain", "amount", "tranches"), AMOUNTS)
def test_amount_by_budget_year(
    jamsosratu: Programme,
    as_of: date,
    version: str,
    chain: tuple[str, ...],
    amount: int,
    tranches: tuple[int, ...] | None,
) -> None:
    decision = jamsosratu.evaluate(FAMILY, as_of=as_of)
    assert decision.eligible is True
    assert decision.version == version
    assert decision.version_chain == chain
    assert decision.amount == amount
    assert decision.tranches == tranches


def test_2015_three_tranches(jamsosratu: Programme) -> None:
    decision = jamsosratu.evaluate(FAMILY, as_of=date(2015, 3, 1))
    assert decision.amount == 2_250_000
    assert decision.tranches == (750_000,) * 3
    assert sum(decision.tranches) == decision.amount


def test_2019_two_tranches(jamsosratu: Programme) -> None:
    decision = jamsosratu.evaluate(FAMILY, as_of=date(2019, 11, 1))
    assert decision.amount == 1_750_000
    assert decision.tranches == (1_000_000, 750_000)


def test_components_listed(jamsosratu: Programme) -> None:
    decision = jamsosratu.evaluate(FAMILY, as_of=date(2019, 6, 1))
    found = {(item.member, item.component) for item in decision.components}
    assert found == {(2, "school_child"), (3, "under_five")}


# case, household, as_of, failed rule
REJECTIONS = [
    ("no component member", household(mother(), adult()), "elderly"),
    (
        "outside Banten",
        household(mother(), toddler(), domicile="3201"),
        "domiciled_in_banten",
    ),
    (
        "not in target data",
        household(toddler(), in_target_data=False),
        "in_target_data",
    ),
    ("receives PKH", household(toddler(), other_programmes={"pkh"}), "receives_pkh"),
    (
        "low attendance",
        household(pupil("junior_secondary", 13, attendance=70.0)),
        "attendance_met",
    ),
    (
        "immunisation incomplete",
        household(toddler(immunisation_complete=False)),
        "immunisation_reported",
    ),
    (
        "no savings",
        household(toddler(), savings_obligation_met=False),
        "savings_condition",
    ),
]


@pytest.mark.parametrize(
    ("case", "home", "rule"), REJECTIONS, ids=[case for case, _, _ in REJECTIONS]
)
def test_rejection(jamsosratu: Programme, case: str, home: object, rule: str) -> None:
    decision = jamsosratu.evaluate(home, as_of=date(2019, 6, 1))  # type: ignore[arg-type]
    assert decision.eligible is False
    assert decision.amount == 0
    assert decision.tranches == ()
    failed = [node.rule for node in decision.explain().failed()]
    assert rule in failed


def test_outside_banten_fails_first(jamsosratu: Programme) -> None:
    home = household(toddler(), domicile="3201")
    explanation = jamsosratu.explain(home, as_of=date(2019, 6, 1))
    targeting = explanation.root.children[0]
    assert targeting.rule == "targeting"
    assert targeting.children[0].rule == "domiciled_in_banten"
    assert targeting.children[0].outcome is Outcome.FAILED


def test_pkh_switch_off_admits(jamsosratu: Programme) -> None:
    home = household(toddler(), other_programmes={"pkh"})
    decision = jamsosratu.evaluate(
        home, as_of=date(2019, 6, 1), switches={"exclude_pkh_recipients": False}
    )
    assert decision.eligible is True
    assert "rules.not_pkh_recipient" not in decision.unverified


def test_pkh_exclusion_marked_unverified(jamsosratu: Programme) -> None:
    decision = jamsosratu.evaluate(FAMILY, as_of=date(2019, 6, 1))
    assert "rules.not_pkh_recipient" in decision.unverified
    assert decision.confidence.value == "unverified"


def test_civil_servant_off_by_default(jamsosratu: Programme) -> None:
    home = household(toddler(), adult(civil_servant=True))
    decision = jamsosratu.evaluate(home, as_of=date(2019, 6, 1))
    assert decision.eligible is True


def test_civil_servant_switch_on(jamsosratu: Programme) -> None:
    home = household(toddler(), adult(civil_servant=True))
    decision = jamsosratu.evaluate(
        home, as_of=date(2019, 6, 1), switches={"exclude_civil_servants": True}
    )
    assert decision.eligible is False
    assert "rules.no_civil_servant" in decision.unverified


def test_skipped_rule_visible(jamsosratu: Programme) -> None:
    explanation = jamsosratu.explain(FAMILY, as_of=date(2019, 6, 1))
    skipped = {
        node.rule for node in explanation.nodes() if node.outcome is Outcome.SKIPPED
    }
    assert skipped == {"no_civil_servant"}


def test_conditions_switch_off(jamsosratu: Programme) -> None:
    home = household(pupil("primary", 8, attendance=None), savings_obligation_met=None)
    assert jamsosratu.evaluate(home, as_of=date(2019, 6, 1)).eligible is None
    targeting_only = jamsosratu.evaluate(
        home, as_of=date(2019, 6, 1), switches={"apply_conditions": False}
    )
    assert targeting_only.eligible is True


def test_missing_input_undetermined(jamsosratu: Programme) -> None:
    home = household(toddler(), in_target_data=None)
    decision = jamsosratu.evaluate(home, as_of=date(2019, 6, 1))
    assert decision.eligible is None
    assert decision.status == "undetermined"
    assert decision.amount == 0
    unknown = [node.rule for node in decision.explain().unknown()]
    assert unknown == ["in_target_data"]


def test_gap_strict_raises(jamsosratu: Programme) -> None:
    with pytest.raises(ParameterGapError, match="household_amount"):
        jamsosratu.evaluate(FAMILY, as_of=date(2016, 6, 1))


def test_gap_carry_forward(jamsosratu: Programme) -> None:
    decision = jamsosratu.evaluate(
        FAMILY, as_of=date(2016, 6, 1), gap=GapPolicy.CARRY_FORWARD
    )
    assert decision.amount == 2_250_000
    assert decision.tranches == (750_000,) * 3
    assert any("carried forward" in warning for warning in decision.warnings)


def test_gap_after_last_value(jamsosratu: Programme) -> None:
    decision = jamsosratu.evaluate(FAMILY, as_of=date(2023, 6, 1), gap="carry_forward")
    assert decision.amount == 1_000_000
    assert len(decision.warnings) == 2


def test_gap_policy_invalid(jamsosratu: Programme) -> None:
    with pytest.raises(ValueError, match="carry_forward"):
        jamsosratu.evaluate(FAMILY, as_of=date(2019, 6, 1), gap="lenient")


def test_before_first_version(jamsosratu: Programme) -> None:
    with pytest.raises(NoVersionError, match="2013-01-01"):
        jamsosratu.evaluate(FAMILY, as_of=date(2012, 6, 1))


def test_forced_version(jamsosratu: Programme) -> None:
    decision = jamsosratu.evaluate(FAMILY, as_of=date(2019, 6, 1), version="2015")
    assert decision.version == "2015"
    assert decision.amount == 1_750_000


def test_unknown_switch_rejected(jamsosratu: Programme) -> None:
    with pytest.raises(ValueError, match="unknown switch 'typo'"):
        jamsosratu.evaluate(FAMILY, as_of=date(2019, 6, 1), switches={"typo": True})


def test_as_of_must_be_date(jamsosratu: Programme) -> None:
    with pytest.raises(TypeError, match="as_of"):
        jamsosratu.evaluate(FAMILY, as_of="2019-06-01")  # type: ignore[arg-type]


def test_snapshot_after_as_of_warns(jamsosratu: Programme) -> None:
    home = household(toddler(), target_data_snapshot=date(2020, 1, 1))
    decision = jamsosratu.evaluate(home, as_of=date(2019, 6, 1))
    assert any("snapshot" in warning for warning in decision.warnings)


def test_notice_on_every_decision(jamsosratu: Programme) -> None:
    decision = jamsosratu.evaluate(FAMILY, as_of=date(2019, 6, 1))
    assert "not an official determination" in decision.notice
    assert "not an official determination" in str(decision)
    assert decision.to_dict()["notice"] == decision.notice


def test_allocation_2019(jamsosratu: Programme) -> None:
    allocations = jamsosratu.allocations_at(date(2019, 6, 1))
    regencies = {
        code: item.households for code, item in allocations.items() if len(code) == 4
    }
    assert allocations["36"].households == 50_000
    assert regencies["3601"] == 12_687
    assert sum(regencies.values()) == 50_000
    assert len(regencies) == 8


def test_allocation_2016_absent(jamsosratu: Programme) -> None:
    assert jamsosratu.allocations_at(date(2016, 6, 1)) == {}


def test_unknown_version_names_known_ones(jamsosratu: Programme) -> None:
    with pytest.raises(UnknownVersionError) as raised:
        jamsosratu.evaluate(FAMILY, as_of=date(2020, 1, 1), version="1999")
    error = raised.value
    assert isinstance(error, KeyError)
    assert isinstance(error, RulesError)
    assert str(error) == (
        "programme 'jamsosratu' has no version '1999'; "
        "its versions are 2013, 2014, 2015, 2019"
    )


def test_unknown_version_pickles(jamsosratu: Programme) -> None:
    import pickle

    with pytest.raises(UnknownVersionError) as raised:
        jamsosratu.version("1999")
    copy = pickle.loads(pickle.dumps(raised.value))
    assert str(copy) == str(raised.value)
    assert copy.known == ("2013", "2014", "2015", "2019")
