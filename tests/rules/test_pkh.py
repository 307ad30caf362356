"""Hand-checked PKH amounts for 2019, 2020 and 2021, with and without the cap."""

from __future__ import annotations

from datetime import date

import pytest
from rules_helpers import adult, household, mother, pupil, toddler

from niklib.rules import Programme

FAMILY = household(
    mother(pregnant=True),
    adult(),
    toddler(3),
    pupil("primary", 9),
    pupil("junior_secondary", 13),
    pupil("senior_secondary", 16),
    adult(age=65),
)
CAP_ON = {"cap_counted_members": True}

# as_of, switches, version, amount
AMOUNTS = [
    # 2.4M pregnant + 2.4M early + 0.9M + 1.5M + 2.0M + 2.4M elderly + 550k fixed
    (date(2019, 6, 1), None, "2019", 12_150_000),
    # cap: 2.4M x 3 + 2.0M senior secondary + 550k fixed
    (date(2019, 6, 1), CAP_ON, "2019", 9_750_000),
    (date(2020, 2, 1), None, "2019", 12_150_000),
    # April 2020: pregnant and age 0-6 raised to 3.0M, no fixed aid
    (date(2020, 5, 1), None, "2020", 12_800_000),
    # cap: 3.0M + 3.0M + 2.4M + 2.0M
    (date(2020, 5, 1), CAP_ON, "2020", 10_400_000),
    (date(2021, 6, 1), None, "2021", 12_800_000),
    (date(2025, 12, 31), CAP_ON, "2021", 10_400_000),
]


@pytest.mark.parametrize(("as_of", "switches", "version", "amount"), AMOUNTS)
def test_family_amount(
    pkh: Programme,
    as_of: date,
    switches: dict[str, bool] | None,
    version: str,
    amount: int,
) -> None:
    decision = pkh.evaluate(FAMILY, as_of=as_of, switches=switches)
    assert decision.eligible is True
    assert decision.version == version
    assert decision.amount == amount
    assert decision.tranches is not None
    assert len(decision.tranches) == 4
    assert sum(decision.tranches) == amount


def test_cap_leaves_out_cheapest(pkh: Programme) -> None:
    decision = pkh.evaluate(FAMILY, as_of=date(2021, 6, 1), switches=CAP_ON)
    left_out = {item.component for item in decision.components if not item.counted}
    assert left_out == {"primary", "junior_secondary"}


def test_cap_in_explanation(pkh: Programme) -> None:
    explanation = pkh.explain(FAMILY, as_of=date(2021, 6, 1), switches=CAP_ON)
    cap = [line for line in explanation.benefit if line.kind == "cap"]
    assert len(cap) == 1
    assert cap[0].counted is True
    assert "parameters.max_counted_members" in explanation.unverified


def test_cap_off_by_default(pkh: Programme) -> None:
    decision = pkh.evaluate(FAMILY, as_of=date(2021, 6, 1))
    assert all(item.counted for item in decision.components)
    assert "parameters.max_counted_members" not in decision.unverified


def test_quarterly_tranches(pkh: Programme) -> None:
    decision = pkh.evaluate(household(toddler()), as_of=date(2022, 3, 1))
    assert decision.amount == 3_000_000
    assert decision.tranches == (750_000,) * 4


def test_access_area_fixed_aid(pkh: Programme) -> None:
    home = household(toddler(), pkh_access_area=True)
    decision = pkh.evaluate(home, as_of=date(2019, 6, 1))
    assert decision.amount == 2_400_000 + 1_000_000


def test_regular_fixed_aid(pkh: Programme) -> None:
    decision = pkh.evaluate(household(toddler()), as_of=date(2019, 6, 1))
    assert decision.amount == 2_400_000 + 550_000


def test_unknown_access_area(pkh: Programme) -> None:
    home = household(toddler(), pkh_access_area=None)
    decision = pkh.evaluate(home, as_of=date(2019, 6, 1))
    assert decision.eligible is True
    assert decision.amount is None
    assert any("fixed aid" in warning for warning in decision.warnings)


def test_member_counted_once(pkh: Programme) -> None:
    # A six-year-old in primary school is both early childhood and a pupil.
    decision = pkh.evaluate(household(pupil("primary", 6)), as_of=date(2021, 6, 1))
    assert decision.amount == 3_000_000
    assert [item.component for item in decision.components] == ["early_childhood"]


def test_school_window_switch(pkh: Programme) -> None:
    home = household(pupil("senior_secondary", 22), adult(age=66))
    default = pkh.evaluate(home, as_of=date(2021, 6, 1))
    window = pkh.evaluate(
        home, as_of=date(2021, 6, 1), switches={"school_age_window": True}
    )
    assert default.amount == 2_000_000 + 2_400_000
    assert window.amount == 2_400_000


def test_attendance_switch(pkh: Programme) -> None:
    home = household(pupil("primary", 8, attendance=80.0))
    default = pkh.evaluate(home, as_of=date(2021, 6, 1))
    strict = pkh.evaluate(
        home, as_of=date(2021, 6, 1), switches={"apply_attendance_condition": True}
    )
    assert default.eligible is True
    assert strict.eligible is False


def test_severe_disability(pkh: Programme) -> None:
    home = household(adult(severe_disability=True))
    decision = pkh.evaluate(home, as_of=date(2021, 6, 1))
    assert decision.amount == 2_400_000


def test_not_in_dtks(pkh: Programme) -> None:
    decision = pkh.evaluate(
        household(toddler(), in_target_data=False), as_of=date(2021, 6, 1)
    )
    assert decision.eligible is False
    assert decision.amount == 0


def test_after_2025_strict(pkh: Programme) -> None:
    from niklib.rules import ParameterGapError

    with pytest.raises(ParameterGapError):
        pkh.evaluate(FAMILY, as_of=date(2026, 6, 1))


def test_pkh_2019_version_likely(pkh: Programme) -> None:
    explanation = pkh.explain(household(toddler()), as_of=date(2019, 6, 1))
    amount = [line for line in explanation.benefit if line.kind == "component"]
    assert explanation.version.confidence.value == "likely"
    assert amount[0].parameter is not None
    assert amount[0].parameter.confidence.value == "likely"


def test_elderly_threshold_unverified(pkh: Programme) -> None:
    decision = pkh.evaluate(household(toddler()), as_of=date(2019, 6, 1))
    assert "parameters.elderly_min_age" in decision.unverified
    assert decision.confidence.value == "unverified"


def test_no_members_unverified_empty(pkh: Programme) -> None:
    # No member, so the elderly rule never read its unverified threshold.
    decision = pkh.evaluate(household(), as_of=date(2019, 6, 1))
    assert "parameters.elderly_min_age" not in decision.unverified
    assert decision.unverified == ()


def test_parameters_used_by_decision(pkh: Programme) -> None:
    explanation = pkh.explain(household(adult(age=70)), as_of=date(2019, 6, 1))
    assert "amount_elderly" in explanation.parameters
    assert "fixed_aid_regular" in explanation.parameters
    assert "amount_early_childhood" not in explanation.parameters
    assert "amount_pregnant" not in explanation.parameters
    assert "fixed_aid_access" not in explanation.parameters


def test_not_eligible_reads_no_amounts(pkh: Programme) -> None:
    explanation = pkh.explain(
        household(adult(age=70), in_target_data=False), as_of=date(2019, 6, 1)
    )
    assert explanation.eligible is False
    assert not any(name.startswith("amount_") for name in explanation.parameters)


def test_cap_used_only_when_on(pkh: Programme) -> None:
    off = pkh.explain(household(toddler()), as_of=date(2019, 6, 1))
    on = pkh.explain(household(toddler()), as_of=date(2019, 6, 1), switches=CAP_ON)
    assert "max_counted_members" not in off.parameters
    assert "max_counted_members" in on.parameters
