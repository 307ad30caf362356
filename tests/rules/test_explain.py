"""Explanations: ordering, facts, parameters, renderings."""

from __future__ import annotations

from datetime import date

from rules_helpers import adult, household, mother, pupil, toddler

from niklib.rules import Outcome, Programme

AS_OF = date(2019, 6, 1)


def test_failed_first(jamsosratu: Programme) -> None:
    home = household(toddler(), in_target_data=False, savings_obligation_met=None)
    explanation = jamsosratu.explain(home, as_of=AS_OF)
    outcomes = [child.outcome for child in explanation.root.children]
    assert outcomes == [Outcome.FAILED, Outcome.UNKNOWN]


def test_parameter_dates_shown(jamsosratu: Programme) -> None:
    explanation = jamsosratu.explain(household(toddler()), as_of=AS_OF)
    amount = explanation.benefit[0].parameter
    assert amount is not None
    assert amount.id == "household_amount"
    assert (amount.start, amount.end) == (date(2019, 1, 1), date(2020, 12, 31))
    assert amount.confidence.value == "confirmed"
    assert amount.carried_forward is False


def test_carried_forward_marked(jamsosratu: Programme) -> None:
    explanation = jamsosratu.explain(
        household(toddler()), as_of=date(2016, 5, 1), gap="carry_forward"
    )
    amount = explanation.benefit[0].parameter
    assert amount is not None
    assert amount.carried_forward is True
    assert "[carried forward]" in explanation.render_text()


def test_derived_fact_marked(jamsosratu: Programme) -> None:
    from niklib.rules import Member

    home = household(
        Member(
            nik="3601011208850002",
            school_level="none",
            disability=False,
            immunisation_complete=True,
        ),
        toddler(),
    )
    explanation = jamsosratu.explain(home, as_of=AS_OF)
    sources = {
        fact.source
        for node in explanation.nodes()
        for fact in node.facts
        if fact.name == "age" and fact.member == 0
    }
    assert sources == {"derived"}


def test_unverified_listed_in_text(jamsosratu: Programme) -> None:
    text = jamsosratu.explain(household(toddler()), as_of=AS_OF).render_text()
    assert "Rests on unverified text: " in text
    assert "rules.not_pkh_recipient" in text
    assert "switch exclude_pkh_recipients" in text


def test_html_repr(jamsosratu: Programme) -> None:
    home = household(mother(), adult(), pupil("primary", 9), id="<H&1>")
    decision = jamsosratu.evaluate(home, as_of=AS_OF)
    html = decision._repr_html_()
    assert html.startswith("<div class='niklib-decision'>")
    assert "&lt;H&amp;1&gt;" in html
    assert "<H&1>" not in html
    assert "not an official determination" in html
    assert "Pergub Banten 10/2019" in html


def test_html_opens_failed(jamsosratu: Programme) -> None:
    home = household(toddler(), domicile="3201")
    html = jamsosratu.explain(home, as_of=AS_OF)._repr_html_()
    assert "<details open>" in html


def test_summary_line(jamsosratu: Programme) -> None:
    decision = jamsosratu.evaluate(household(toddler()), as_of=AS_OF)
    assert decision.summary() == (
        "jamsosratu 2019: eligible, Rp 1,750,000 per year in tranches of "
        "Rp 1,000,000 + Rp 750,000 (as of 2019-06-01)"
    )


def test_to_dict(pkh: Programme) -> None:
    row = pkh.evaluate(household(toddler(), id="H7"), as_of=date(2021, 6, 1)).to_dict()
    assert row["household"] == "H7"
    assert row["status"] == "eligible"
    assert row["amount"] == 3_000_000
    assert row["tranches"] == "750000 + 750000 + 750000 + 750000"
    assert row["components"] == "0:early_childhood"


def test_explain_reproducible_later(jamsosratu: Programme) -> None:
    decisions = list(
        jamsosratu.evaluate_many(
            [household(toddler(), id=str(index)) for index in range(50)], as_of=AS_OF
        )
    )
    later = decisions[37].explain()
    assert later.household == "37"
    assert later.amount == decisions[37].amount


def test_domicile_name_shown(jamsosratu: Programme) -> None:
    explanation = jamsosratu.explain(household(toddler(), domicile="3673"), as_of=AS_OF)
    names = {
        fact.value
        for node in explanation.nodes()
        for fact in node.facts
        if fact.name == "domicile_name"
    }
    assert names == {"Kota Serang"}


def test_decision_pickles(jamsosratu: Programme) -> None:
    import pickle

    decision = jamsosratu.evaluate(household(toddler()), as_of=AS_OF)
    copy = pickle.loads(pickle.dumps(decision))
    assert copy == decision
    assert copy.explain().amount == decision.amount


def test_errors_pickle(jamsosratu: Programme) -> None:
    import pickle

    from niklib.rules import NoVersionError, ParameterGapError

    for error in (
        ParameterGapError("jamsosratu", "household_amount", date(2016, 1, 1)),
        NoVersionError("jamsosratu", date(2012, 1, 1), "2013-01-01 onward"),
    ):
        copy = pickle.loads(pickle.dumps(error))
        assert str(copy) == str(error)
        assert type(copy) is type(error)
