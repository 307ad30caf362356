"""Conversion of synthetic households into the eligibility rules' inputs."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from niklib.synth._model import Household

__all__ = ["rules_household"]


def rules_household(
    household: Household, *, other_programmes: Iterable[str] = ()
) -> Any:
    """Return a `niklib.rules.Household` with the same members and inputs.

    Members carry their NIK, so the rules derive age and sex from it (for
    the few people whose NIK disagrees with their record, the NIK wins, as
    it would in a real check). `other_programmes` lists the programmes the
    household already receives, such as ``{"pkh"}``.
    """
    from niklib.rules import Household as RulesHousehold
    from niklib.rules import Member

    members = [
        Member(
            nik=person.nik,
            id=person.id,
            pregnant=person.pregnant,
            nursing=person.nursing,
            disability=person.disability,
            severe_disability=person.severe_disability,
            school_level=person.school_level,
            attendance=person.attendance,
            immunisation_complete=person.immunisation_complete,
            civil_servant=person.civil_servant,
            birth_with_health_worker=person.birth_with_health_worker,
        )
        for person in household.members
    ]
    return RulesHousehold(
        members=members,
        id=household.id,
        domicile=household.district,
        in_target_data=household.in_target_data,
        other_programmes=other_programmes,
        pkh_access_area=household.pkh_access_area,
        savings_obligation_met=household.savings_obligation_met,
    )
