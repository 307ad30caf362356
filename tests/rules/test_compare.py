"""Comparisons of versions and of a reform over the same households."""

from __future__ import annotations

from datetime import date

from rules_helpers import adult, household, toddler

from niklib.rules import Programme, Scenario, compare

HOMES = [
    household(toddler(), id="A", domicile="3601"),
    household(adult(age=65), id="B", domicile="3601"),
    household(adult(age=75), id="C", domicile="3673"),
    household(toddler(), id="D", domicile="3201"),
]


def test_version_comparison(jamsosratu: Programme) -> None:
    result = compare(
        HOMES,
        baseline=Scenario(programme=jamsosratu, as_of=date(2015, 6, 1)),
        reform=Scenario(programme=jamsosratu, as_of=date(2019, 6, 1)),
    )
    changed = result.changed()
    assert [row.baseline.household.id for row in changed] == ["A", "B", "C"]
    assert changed[0].amount_delta == 1_750_000 - 2_250_000
    reasons = changed[0].reasons()
    assert "version 2015 -> 2019" in reasons
    assert "parameters.household_amount: 2250000 -> 1750000" in reasons


def test_reform_elderly_age(jamsosratu: Programme) -> None:
    reform = jamsosratu.with_parameters(
        {"elderly_min_age": 70}, start=date(2019, 1, 1), citation="Proposal"
    )
    result = compare(
        HOMES,
        baseline=Scenario(programme=jamsosratu, as_of=date(2019, 6, 1)),
        reform=Scenario(programme=reform, as_of=date(2019, 6, 1)),
    )
    changed = result.changed()
    assert [row.baseline.household.id for row in changed] == ["B"]
    assert changed[0].reform.eligible is False
    assert "rules.elderly members[0]: passed -> failed" in changed[0].reasons()
    assert "parameters.elderly_min_age: 60 -> 70" in changed[0].reasons()


def test_reform_keeps_earlier_values(jamsosratu: Programme) -> None:
    reform = jamsosratu.with_parameters(
        {"elderly_min_age": 70}, start=date(2019, 1, 1), citation="Proposal"
    )
    values = reform.parameters["elderly_min_age"].values
    assert [(value.start, value.end, value.value) for value in values] == [
        (date(2013, 1, 1), date(2018, 12, 31), 60),
        (date(2019, 1, 1), None, 70),
    ]
    assert values[-1].confidence.value == "unverified"
    assert jamsosratu.parameters["elderly_min_age"].values[0].end is None


def test_totals_by_regency(jamsosratu: Programme) -> None:
    result = compare(
        HOMES,
        baseline=Scenario(programme=jamsosratu, as_of=date(2015, 6, 1)),
        reform=Scenario(programme=jamsosratu, as_of=date(2019, 6, 1)),
    )
    totals = {total.regency: total for total in result.totals_by_regency()}
    assert list(totals) == ["3201", "3601", "3673"]
    assert totals["3601"].households == 2
    assert totals["3601"].name == "Kabupaten Pandeglang"
    assert totals["3601"].baseline_amount == 2 * 2_250_000
    assert totals["3601"].reform_amount == 2 * 1_750_000
    assert totals["3601"].delta == -1_000_000
    assert totals["3201"].baseline_eligible == 0
    assert "3601" in result.to_table()


def test_switch_scenarios(jamsosratu: Programme) -> None:
    homes = [household(toddler(), other_programmes={"pkh"}, id="P")]
    result = compare(
        homes,
        baseline=Scenario(programme=jamsosratu, as_of=date(2019, 6, 1)),
        reform=Scenario(
            programme=jamsosratu,
            as_of=date(2019, 6, 1),
            switches={"exclude_pkh_recipients": False},
        ),
    )
    assert result.rows[0].changed
    assert "rules.not_pkh_recipient: failed -> skipped" in result.rows[0].reasons()
