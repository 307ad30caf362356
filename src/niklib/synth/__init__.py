"""Synthetic populations, registries and programme lists with labelled faults.

Real population data is personal and cannot be shared, so niklib builds
its own. The population is seeded and deterministic and lives on the real
Kemendagri region table. By default it is in Banten, with regencies
weighted by the 2019 Jamsosratu allocation. People are grouped into
households with the inputs the eligibility rules read. From the population
come a registry extract and Jamsosratu and PKH lists with realistic
faults, each labelled with the ground truth.

>>> from niklib import synth
>>> households = list(synth.population(20, seed=1))
>>> sum(len(h.members) for h in households)
20
>>> households[0].members[0].nik[:2]
'36'
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from niklib.synth._convert import rules_household
from niklib.synth._dataset import (
    DatasetSummary,
    ProgrammeLists,
    ShortListWarning,
    make_lists,
    write_dataset,
)
from niklib.synth._faults import ListEntry
from niklib.synth._io import (
    COLUMN_MAP,
    LIST_COLUMNS,
    REGISTRY_COLUMNS,
    TRUTH_COLUMNS,
    list_rows,
    read_csv,
    truth_rows,
    write_csv,
)
from niklib.synth._model import (
    DEFAULT_AS_OF,
    Fault,
    FaultKind,
    FaultRates,
    Household,
    Person,
)
from niklib.synth._population import JAMSOSRATU_2019, PopulationSpec, generate

__all__ = [
    "COLUMN_MAP",
    "DEFAULT_AS_OF",
    "JAMSOSRATU_2019",
    "LIST_COLUMNS",
    "REGISTRY_COLUMNS",
    "TRUTH_COLUMNS",
    "DatasetSummary",
    "Fault",
    "FaultKind",
    "FaultRates",
    "Household",
    "ListEntry",
    "Person",
    "PopulationSpec",
    "ProgrammeLists",
    "ShortListWarning",
    "list_rows",
    "make_lists",
    "population",
    "read_csv",
    "rules_household",
    "truth_rows",
    "write_csv",
    "write_dataset",
]


def population(
    size: int,
    *,
    seed: int = 0,
    province: str = "36",
    as_of: date = DEFAULT_AS_OF,
    rates: FaultRates | None = None,
) -> Iterator[Household]:
    """Yield the households of a synthetic population of exactly `size` people.

    The same arguments always give the same households. `as_of` is the
    date at which ages are counted; `rates` sets the population-level
    faults (migrants, NIKs whose date or sex disagrees with the record).
    """
    spec = PopulationSpec(
        size=size,
        seed=seed,
        province=province,
        as_of=as_of,
        rates=rates or FaultRates(),
    )
    return generate(spec)
