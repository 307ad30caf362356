"""Invariants of the engine, checked on generated households."""

from __future__ import annotations

from datetime import date, timedelta

import attrs
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from rules_helpers import adult, pupil, toddler

from niklib.rules import GapPolicy, Household, Member, Programme
from niklib.rules.household import nik_basics, observed_on
from niklib.strategies import invalid_niks, niks

COMMON = settings(
    max_examples=80,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)

maybe = st.sampled_from([True, False, None])
members = st.builds(
    Member,
    age=st.one_of(st.none(), st.integers(0, 95)),
    sex=st.sampled_from(["M", "F", None]),
    pregnant=maybe,
    nursing=maybe,
    disability=maybe,
    severe_disability=maybe,
    school_level=st.sampled_from(
        [None, "none", "primary", "junior_secondary", "senior_secondary"]
    ),
    attendance=st.one_of(st.none(), st.integers(0, 100).map(float)),
    immunisation_complete=maybe,
    civil_servant=maybe,
)
households = st.builds(
    Household,
    members=st.lists(members, max_size=6),
    domicile=st.sampled_from([None, "36", "3601", "3604", "3673", "3201"]),
    in_target_data=maybe,
    other_programmes=st.sampled_from([None, (), ("pkh",), ("bpnt",)]),
    pkh_access_area=maybe,
    savings_obligation_met=maybe,
)
# Members that qualify for a component with every input known and every
# condition met, so adding one cannot make a condition fail or unknown.
qualifying = st.sampled_from(
    [
        toddler(2),
        pupil("primary", 9),
        pupil("junior_secondary", 14),
        pupil("senior_secondary", 17),
        adult(age=72),
        adult(age=35, sex="F", pregnant=True),
        adult(disability=True, severe_disability=True),
    ]
)
JAMSOSRATU_DATES = st.dates(date(2013, 1, 1), date(2021, 12, 31))
PKH_DATES = st.dates(date(2019, 1, 1), date(2025, 12, 31))


def switch_settings(programme: Programme) -> st.SearchStrategy[dict[str, bool]]:
    names = sorted(programme.switches)
    return st.fixed_dictionaries({name: st.booleans() for name in names})


@pytest.mark.parametrize("name", ["jamsosratu", "pkh"])
@COMMON
@given(data=st.data(), home=households)
def test_compiled_matches_explainer(
    request: pytest.FixtureRequest, name: str, data: st.DataObject, home: Household
) -> None:
    programme: Programme = request.getfixturevalue(name)
    dates = JAMSOSRATU_DATES if name == "jamsosratu" else PKH_DATES
    as_of = data.draw(dates)
    switches = data.draw(switch_settings(programme))
    decision = programme.evaluate(
        home, as_of=as_of, switches=switches, gap=GapPolicy.CARRY_FORWARD
    )
    explanation = decision.explain()
    assert decision.eligible is explanation.eligible
    assert decision.amount == explanation.amount
    assert decision.tranches == explanation.tranches
    assert decision.warnings == explanation.warnings
    assert decision.unverified == explanation.unverified
    assert decision.confidence is explanation.confidence


@pytest.mark.parametrize(
    ("name", "switches"),
    [
        ("jamsosratu", {}),
        ("pkh", {}),
        ("pkh", {"cap_counted_members": True}),
    ],
)
@COMMON
@given(data=st.data(), home=households, extra=qualifying)
def test_adding_member_never_lowers(
    request: pytest.FixtureRequest,
    name: str,
    switches: dict[str, bool],
    data: st.DataObject,
    home: Household,
    extra: Member,
) -> None:
    programme: Programme = request.getfixturevalue(name)
    as_of = data.draw(JAMSOSRATU_DATES if name == "jamsosratu" else PKH_DATES)
    bigger = attrs.evolve(home, members=(*home.members, extra))
    before = programme.evaluate(
        home, as_of=as_of, switches=switches, gap="carry_forward"
    )
    after = programme.evaluate(
        bigger, as_of=as_of, switches=switches, gap="carry_forward"
    )
    assume(before.amount is not None and after.amount is not None)
    cap_binds = any(not item.counted for item in after.components)
    assert after.amount >= before.amount or (after.eligible and cap_binds)


def _asserted_ages(home: Household) -> bool:
    return all(
        member.nik is None and member.birth_date is None for member in home.members
    )


@pytest.mark.parametrize("name", ["jamsosratu", "pkh"])
@COMMON
@given(data=st.data(), home=households)
def test_as_of_within_version(
    request: pytest.FixtureRequest, name: str, data: st.DataObject, home: Household
) -> None:
    programme: Programme = request.getfixturevalue(name)
    assert _asserted_ages(home)
    version = data.draw(st.sampled_from(programme.versions))
    last = version.end or date(2021, 12, 31)
    first_day = data.draw(st.dates(version.start, last))
    second_day = data.draw(st.dates(version.start, last))
    first = programme.evaluate(home, as_of=first_day, gap="carry_forward")
    second = programme.evaluate(home, as_of=second_day, gap="carry_forward")
    assert first.version == second.version
    assert first.eligible is second.eligible
    if first.context.plan is second.context.plan:
        assert (first.amount, first.tranches) == (second.amount, second.tranches)


@pytest.mark.parametrize("name", ["jamsosratu", "pkh"])
@COMMON
@given(data=st.data(), home=households)
def test_explanation_cites_version(
    request: pytest.FixtureRequest, name: str, data: st.DataObject, home: Household
) -> None:
    programme: Programme = request.getfixturevalue(name)
    as_of = data.draw(JAMSOSRATU_DATES if name == "jamsosratu" else PKH_DATES)
    explanation = programme.explain(home, as_of=as_of, gap="carry_forward")
    text = explanation.render_text()
    assert explanation.version.citation.strip()
    assert explanation.version_chain
    assert f"Version {explanation.version.id}: " in text
    assert explanation.version.instrument in text
    assert explanation.notice in text
    assert all(node.citation.strip() for node in explanation.nodes())


@COMMON
@given(homes=st.lists(households, max_size=8))
def test_evaluate_many_one_each(jamsosratu: Programme, homes: list[Household]) -> None:
    as_of = date(2019, 6, 1)
    decisions = list(jamsosratu.evaluate_many(homes, as_of=as_of))
    assert len(decisions) == len(homes)
    for home, decision in zip(homes, decisions, strict=True):
        assert decision.household is home
        assert decision == jamsosratu.evaluate(home, as_of=as_of)


def test_evaluate_many_streams(jamsosratu: Programme) -> None:
    consumed: list[int] = []

    def source() -> object:
        for index in range(1000):
            consumed.append(index)
            yield Household(members=[toddler()])

    stream = jamsosratu.evaluate_many(source(), as_of=date(2019, 6, 1))  # type: ignore[arg-type]
    next(stream)
    assert consumed == [0]


def test_evaluate_many_rejects_wrong_item(jamsosratu: Programme) -> None:
    stream = jamsosratu.evaluate_many(
        [{"members": []}],  # type: ignore[list-item]
        as_of=date(2019, 6, 1),
    )
    with pytest.raises(TypeError, match=r"households\[0\]"):
        next(stream)


def test_plans_shared_across_dates(jamsosratu: Programme) -> None:
    home = Household(members=[toddler()])
    first = jamsosratu.evaluate(home, as_of=date(2019, 2, 1))
    second = jamsosratu.evaluate(home, as_of=date(2019, 2, 1) + timedelta(days=200))
    assert first.context.plan is second.context.plan


@settings(max_examples=200, deadline=None)
@given(
    nik=st.one_of(
        niks(allow_retired=True),
        invalid_niks().map(lambda pair: pair[0]).filter(lambda v: isinstance(v, str)),
    ),
    as_of=st.dates(date(2000, 1, 1), date(2030, 12, 31)),
)
def test_nik_derivation_matches_parse(nik: str, as_of: date) -> None:
    import niklib

    age, sex, derived, warning, exists = nik_basics(nik, as_of)
    assert derived is True
    try:
        parsed = niklib.parse(nik, as_of=observed_on(as_of))
    except niklib.InvalidNIK:
        assert (age, sex) == (None, None)
        assert warning is not None
        assert exists is True
        assert len(nik) < 8 or nik not in warning
        return
    if parsed.birth_date > as_of:
        assert (age, sex) == (None, None)
        assert exists is False
        assert warning is not None
        return
    assert age == parsed.age(on=as_of)
    assert sex == parsed.sex.value
    assert warning is None
    assert exists is True
