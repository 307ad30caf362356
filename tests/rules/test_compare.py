"""Comparisons of versions and of a reform over the same households."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rules_helpers import adult, household, toddler

from niklib.rules import Programme, ProgrammeError, Scenario, compare, load_reform

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


REFORM_TOML = """
[reform]
name = "Jamsosratu with a 70-year elderly threshold and no PKH exclusion"
citation = "Draft proposal for the 2020 budget"

[[parameters.elderly_min_age.values]]
from = 2019-01-01
value = 70
citation = "Draft proposal for the 2020 budget"
confidence = "unverified"

[switches.exclude_pkh_recipients]
default = false

[rules.domiciled_in_banten]
label = { id = "Berdomisili di Kota Serang", en = "Domiciled in Kota Serang" }
fact = "domicile_regency"
op = "=="
value = "3673"
citation = "Draft proposal for the 2020 budget"
confidence = "unverified"
"""


def test_reform_file(jamsosratu: Programme, tmp_path: Path) -> None:
    path = tmp_path / "reform.toml"
    path.write_text(REFORM_TOML, encoding="utf-8")
    reform = load_reform(path, base=jamsosratu)
    homes = [
        *HOMES,
        household(toddler(), id="E", domicile="3673", other_programmes={"pkh"}),
    ]
    result = compare(
        homes,
        baseline=Scenario(programme=jamsosratu, as_of=date(2019, 6, 1)),
        reform=Scenario(programme=reform, as_of=date(2019, 6, 1)),
    )
    changed = {row.baseline.household.id: row for row in result.changed()}
    assert sorted(changed) == ["A", "B", "E"]
    assert changed["A"].reform.eligible is False
    assert changed["E"].reform.eligible is True
    assert reform.name.startswith("Jamsosratu with a 70-year")
    assert reform.switches["exclude_pkh_recipients"].default is False
    assert reform.switches["exclude_pkh_recipients"].citation


def test_reform_mapping_validated(jamsosratu: Programme) -> None:
    overlay = {
        "reform": {"name": "Broken", "citation": "Test"},
        "rules": {
            "targeting": {
                "label": {"id": "x", "en": "x"},
                "all": ["ghost"],
                "citation": "Test",
                "confidence": "unverified",
            }
        },
    }
    with pytest.raises(ProgrammeError, match="unknown rule 'ghost'"):
        load_reform(overlay, base=jamsosratu)


def test_reform_needs_citation(jamsosratu: Programme) -> None:
    with pytest.raises(ProgrammeError) as raised:
        load_reform({"reform": {"name": "No source"}, "extra": {}}, base=jamsosratu)
    codes = {(problem.code, problem.location) for problem in raised.value.problems}
    assert codes == {("missing-key", "reform.citation"), ("unknown-key", "file.extra")}


def test_with_parameters_checks_type(jamsosratu: Programme) -> None:
    with pytest.raises(ProgrammeError, match="elderly_min_age"):
        jamsosratu.with_parameters(
            {"elderly_min_age": "seventy"}, start=date(2019, 1, 1), citation="Proposal"
        )


def test_with_parameters_unknown(jamsosratu: Programme) -> None:
    with pytest.raises(KeyError, match="no parameter 'income_limit'"):
        jamsosratu.with_parameters(
            {"income_limit": 1}, start=date(2019, 1, 1), citation="Proposal"
        )


def test_comparison_html(jamsosratu: Programme) -> None:
    result = compare(
        HOMES,
        baseline=Scenario(programme=jamsosratu, as_of=date(2015, 6, 1)),
        reform=Scenario(programme=jamsosratu, as_of=date(2019, 6, 1)),
    )
    html = result._repr_html_()
    assert html.startswith("<p>3 of 4 households changed</p>")
    assert "<td>Kabupaten Pandeglang</td>" in html


def test_reasons_name_removed_fixed_aid(pkh: Programme) -> None:
    # From April 2020 PKH has no fixed aid, and the household has no young
    # child or pregnant member, so only the fixed aid explains the change.
    elderly = household(adult(age=70), id="E")
    result = compare(
        [elderly],
        baseline=Scenario(programme=pkh, as_of=date(2019, 6, 1)),
        reform=Scenario(programme=pkh, as_of=date(2021, 6, 1)),
    )
    change = result.changed()[0]
    assert change.amount_delta == -550_000
    reasons = change.reasons()
    assert "parameters.fixed_aid_regular: 550000 -> not used" in reasons
    assert not any("amount_early_childhood" in reason for reason in reasons)
    assert not any("amount_pregnant" in reason for reason in reasons)


def test_reform_amount_needs_tranches(jamsosratu: Programme) -> None:
    with pytest.raises(ValueError, match="tranche_amounts") as raised:
        jamsosratu.with_parameters(
            {"household_amount": 2_000_000}, start=date(2019, 1, 1), citation="P"
        )
    assert "sum to 1750000" in str(raised.value)
    assert "2000000" in str(raised.value)


def test_reform_amount_with_tranches(jamsosratu: Programme) -> None:
    reform = jamsosratu.with_parameters(
        {"household_amount": 2_000_000, "tranche_amounts": [1_200_000, 800_000]},
        start=date(2019, 1, 1),
        citation="Proposal",
    )
    decision = reform.evaluate(household(toddler()), as_of=date(2019, 6, 1))
    assert decision.amount == 2_000_000
    assert decision.tranches == (1_200_000, 800_000)


def test_reform_tranches_not_known(jamsosratu: Programme) -> None:
    reform = jamsosratu.with_parameters(
        {"household_amount": 2_000_000, "tranche_amounts": None},
        start=date(2019, 1, 1),
        citation="Proposal",
    )
    decision = reform.evaluate(household(toddler()), as_of=date(2019, 6, 1))
    assert decision.amount == 2_000_000
    assert decision.tranches is None
