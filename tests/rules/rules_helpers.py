"""Household builders shared by the rules tests."""

from __future__ import annotations

from typing import Any

from niklib.rules import Household, Member


def adult(**overrides: Any) -> Member:
    """A working-age man who is no component member, every input known."""
    values: dict[str, Any] = {
        "age": 40,
        "sex": "M",
        "pregnant": False,
        "nursing": False,
        "disability": False,
        "severe_disability": False,
        "school_level": "none",
        "immunisation_complete": None,
        "civil_servant": False,
    }
    values.update(overrides)
    return Member(**values)


def mother(**overrides: Any) -> Member:
    """A woman of 30 who is neither pregnant nor nursing."""
    return adult(**{"age": 30, "sex": "F", **overrides})


def pupil(level: str, age: int, **overrides: Any) -> Member:
    """A child enrolled at `level` with full attendance."""
    return adult(
        **{"age": age, "school_level": level, "attendance": 100.0, **overrides}
    )


def toddler(age: int = 3, **overrides: Any) -> Member:
    """A fully immunised child under five."""
    return adult(**{"age": age, "immunisation_complete": True, **overrides})


def household(*members: Member, **overrides: Any) -> Household:
    """A Banten household in the target data that meets every condition."""
    values: dict[str, Any] = {
        "id": "H",
        "domicile": "3604",
        "in_target_data": True,
        "other_programmes": (),
        "pkh_access_area": False,
        "savings_obligation_met": True,
    }
    values.update(overrides)
    return Household(members=members, **values)
