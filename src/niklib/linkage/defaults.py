"""Default comparisons and the m and u priors of `Model.default()`."""

from __future__ import annotations

from niklib.linkage.comparisons import Comparison, ExactComparison, SexComparison
from niklib.linkage.date_comparison import BirthDateComparison
from niklib.linkage.name_comparison import NameComparison
from niklib.linkage.nik_comparison import NikComparison
from niklib.linkage.params import LevelParams
from niklib.linkage.place_comparisons import AddressComparison, RegionComparison

__all__ = ["COMPARISON_TYPES", "default_comparisons", "default_params"]

#: The comparison classes a saved model can name.
COMPARISON_TYPES: dict[str, type[Comparison]] = {
    cls.__name__: cls
    for cls in (
        NikComparison,
        NameComparison,
        BirthDateComparison,
        SexComparison,
        RegionComparison,
        AddressComparison,
        ExactComparison,
    )
}

# Default m and u per level, missing levels excluded, for Indonesian
# recipient lists checked against a registry. They are priors, not fitted
# values: `Model.fit` replaces the ones that are not fixed.
_DEFAULTS: dict[str, dict[str, tuple[float, float]]] = {
    "nik": {
        "exact": (0.90, 1e-6),
        "spreadsheet_zero": (0.02, 1e-7),
        # Twins and same-day registrations share region and date: a serial
        # difference is strong evidence of two people. The birth date
        # comparison already counts the shared date, so this weight is set
        # low enough to cancel it.
        "other_serial": (1e-7, 5e-4),
        "substitution": (0.04, 2e-6),
        "transposition": (0.01, 1e-7),
        "else": (0.028, 0.999990),
    },
    "name": {
        "exact": (0.75, 2e-4),
        "token_set": (0.03, 2e-6),
        "subset": (0.06, 5e-4),
        "fuzzy_high": (0.07, 5e-4),
        "fuzzy_middle": (0.04, 3e-3),
        "fuzzy_low": (0.02, 3e-2),
        "else": (0.03, 0.966),
    },
    "birth_date": {
        "exact": (0.85, 5e-5),
        "swapped": (0.02, 4e-5),
        "one_digit": (0.05, 1e-3),
        "same_year": (0.02, 0.016),
        "two_years": (0.02, 0.06),
        "else": (0.04, 0.923),
    },
    "sex": {"agree": (0.98, 0.5), "else": (0.02, 0.5)},
    "region": {
        "exact": (0.85, 0.01),
        "regency": (0.07, 0.1),
        "province": (0.04, 0.3),
        "else": (0.04, 0.59),
    },
    # Members of one household share an address, so agreement on it is
    # weaker evidence than its rarity in the population suggests.
    "address": {
        "exact": (0.45, 2e-3),
        "fuzzy_high": (0.2, 5e-3),
        "fuzzy_low": (0.2, 0.02),
        "else": (0.15, 0.979),
    },
}
_GENERIC_DEFAULT = {"agree": (0.9, 0.01), "else": (0.1, 0.99)}


def default_comparisons() -> tuple[Comparison, ...]:
    """Return the standard comparisons: NIK, name, birth date, sex, region, address."""
    return (
        NikComparison(),
        NameComparison(),
        BirthDateComparison(),
        SexComparison(),
        RegionComparison(),
        AddressComparison(),
    )


def default_params(comparison: Comparison) -> tuple[LevelParams | None, ...]:
    """Return the prior m and u of each level; None for the missing levels."""
    table = _DEFAULTS.get(comparison.name, {})
    scored = [level for level in comparison.levels if not level.is_missing]
    pairs = []
    for position, level in enumerate(scored):
        if level.key in table:
            pairs.append(table[level.key])
        elif position == len(scored) - 1:
            pairs.append(_GENERIC_DEFAULT["else"])
        else:
            pairs.append(_GENERIC_DEFAULT["agree"])
    m_total = sum(m for m, _ in pairs)
    u_total = sum(u for _, u in pairs)
    params: list[LevelParams | None] = [None, None]
    params += [LevelParams(m=m / m_total, u=u / u_total) for m, u in pairs]
    return tuple(params)
