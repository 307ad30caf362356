"""Generation of a synthetic population, chunk by chunk, on the real region table.

A population of `size` people is cut into chunks of `chunk_size` people.
Each chunk has its own random generator, seeded from the population seed
and the chunk index, so chunks can be generated in any order or in
parallel and the result is the same. NIK and KK serials are unique across
chunks: the k-th person in a chunk with a given region and date block gets
serial ``k * chunks + chunk_index + 1``.
"""

from __future__ import annotations

import functools
import math
import random
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

import attrs

from niklib import regions
from niklib.synth._model import DEFAULT_AS_OF, FaultRates, Household, Person
from niklib.synth._names import compose_name
from niklib.synth._places import address, villages

__all__ = [
    "JAMSOSRATU_2019",
    "PopulationSpec",
    "generate",
    "generate_chunk",
    "regency_weights",
]

# Jamsosratu households by regency or city in 2019 (50,000 in all), from
# the Banten provincial social service; used as the default weights of
# Banten domiciles.
JAMSOSRATU_2019 = {
    "3601": 12_687,
    "3604": 11_501,
    "3602": 11_397,
    "3673": 5_522,
    "3603": 3_050,
    "3671": 2_936,
    "3672": 1_905,
    "3674": 1_002,
}

# Household sizes and head ages: estimates shaped like Indonesian census
# tables (mean household size about 3.8), not measured for Banten.
_SIZES = (1, 2, 3, 4, 5, 6, 7, 8)
_SIZE_WEIGHTS = (9, 16, 22, 24, 15, 8, 4, 2)
_HEAD_AGE_BANDS = (
    (18, 24, 4), (25, 29, 8), (30, 34, 11), (35, 39, 12), (40, 44, 12),
    (45, 49, 11), (50, 54, 10), (55, 59, 9), (60, 64, 8), (65, 69, 6),
    (70, 74, 4), (75, 79, 3), (80, 89, 2),
)  # fmt: skip
_MAX_AGE = 95
_SERIAL_LIMIT = 9999


def _positive(instance: object, attribute: attrs.Attribute[int], value: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ValueError(f"{attribute.name} must be a whole number >= 1, got {value!r}")


def _province(instance: object, attribute: attrs.Attribute[str], value: str) -> None:
    if not (isinstance(value, str) and len(value) == 2 and value.isdigit()):
        raise ValueError(
            f"province must be a 2-digit Kemendagri code such as '36', got {value!r}"
        )


@attrs.frozen(kw_only=True)
class PopulationSpec:
    """Everything that determines a population: same spec, same people.

    `chunk_size` is the number of people generated together. It sets the
    memory per worker, and the number of chunks must stay below 10,000
    because chunks share the four-digit serial range.
    """

    size: int = attrs.field(validator=_positive)
    seed: int = 0
    province: str = attrs.field(default="36", validator=_province)
    as_of: date = attrs.field(
        default=DEFAULT_AS_OF, validator=attrs.validators.instance_of(date)
    )
    rates: FaultRates = attrs.Factory(FaultRates)
    chunk_size: int = attrs.field(default=40_000, validator=_positive)

    def __attrs_post_init__(self) -> None:
        if self.chunks >= _SERIAL_LIMIT:
            raise ValueError(
                f"size {self.size} in chunks of {self.chunk_size} people needs "
                f"{self.chunks} chunks, but at most {_SERIAL_LIMIT - 1} fit the "
                "four-digit serial range; raise chunk_size"
            )

    @property
    def chunks(self) -> int:
        """Number of chunks the population is generated in."""
        return max(1, math.ceil(self.size / self.chunk_size))


def regency_weights(province: str) -> dict[str, int]:
    """Return the domicile weight of each current regency of a province.

    Banten (36) uses the 2019 Jamsosratu allocation; other provinces weigh
    their regencies equally.
    """
    if province == "36":
        return dict(JAMSOSRATU_2019)
    codes = [r.code for r in regions.regencies(province)]
    if not codes:
        raise ValueError(
            f"province {province!r} has no current regencies in the region "
            "table; pass a 2-digit Kemendagri province code such as '36'"
        )
    return dict.fromkeys(codes, 1)


@attrs.frozen
class _Context:
    regencies: tuple[str, ...]
    cumulative: tuple[int, ...]
    districts: dict[str, tuple[str, ...]]
    elsewhere: tuple[str, ...]


@functools.lru_cache(maxsize=4)
def _context(province: str) -> _Context:
    weights = regency_weights(province)
    cumulative: list[int] = []
    total = 0
    for weight in weights.values():
        total += weight
        cumulative.append(total)
    districts = {
        code: tuple(d.code for d in regions.districts(code)) for code in weights
    }
    elsewhere = tuple(
        sorted(
            code
            for code in regions.default_table().district_codes
            if not code.startswith(province)
            and (region := regions.lookup(code)) is not None
            and region.is_current
        )
    )
    return _Context(tuple(weights), tuple(cumulative), districts, elsewhere)


class _Serials:
    """Allocate serials that are unique across chunks for one block prefix."""

    def __init__(self, chunk_index: int, chunks: int) -> None:
        self.counts: dict[str, int] = {}
        self.offset = chunk_index + 1
        self.stride = chunks

    def next(self, prefix: str) -> int | None:
        rank = self.counts.get(prefix, 0)
        serial = rank * self.stride + self.offset
        if serial > _SERIAL_LIMIT:
            return None
        self.counts[prefix] = rank + 1
        return serial


def _date_block(born: date, female: bool) -> str:
    day = born.day + (40 if female else 0)
    return f"{day:02d}{born.month:02d}{born.year % 100:02d}"


class _ChunkBuilder:
    def __init__(self, spec: PopulationSpec, index: int) -> None:
        self.spec = spec
        self.index = index
        self.rng = random.Random(f"niklib-synth:{spec.seed}:{index}")
        self.context = _context(spec.province)
        self.nik_serials = _Serials(index, spec.chunks)
        self.kk_serials = _Serials(index, spec.chunks)
        self.as_of_ordinal = spec.as_of.toordinal()
        self.first_person = index * spec.chunk_size
        self.people = 0
        self.households = 0

    def birth_date(self, age: int) -> date:
        days = int(age * 365.2425) + self.rng.randrange(365)
        return date.fromordinal(self.as_of_ordinal - days)

    def number(self, code: str, block: str, serials: _Serials) -> str:
        """Return a unique NIK or KK, moving to a sibling district on overflow."""
        rng = self.rng
        for _ in range(50):
            serial = serials.next(code + block)
            if serial is not None:
                return f"{code}{block}{serial:04d}"
            siblings = self.context.districts.get(code[:4]) or (code,)
            code = rng.choice(siblings)
        raise ValueError(
            "no free NIK serial left for one region and date; use a larger "
            "chunk_size so that fewer chunks share the serial range"
        )

    def build(self) -> list[Household]:
        target = min(self.spec.chunk_size, self.spec.size - self.first_person)
        built: list[Household] = []
        while self.people < target:
            built.append(self.household(target - self.people))
        return built

    def household(self, room: int) -> Household:
        rng = self.rng
        context = self.context
        regency = rng.choices(context.regencies, cum_weights=context.cumulative)[0]
        district = rng.choice(context.districts[regency])
        village = rng.choice(villages(district))
        household_id = f"H{self.first_person + self.households:09d}"
        self.households += 1

        size = min(rng.choices(_SIZES, weights=_SIZE_WEIGHTS)[0], room)
        low, high, _ = rng.choices(
            _HEAD_AGE_BANDS, weights=[b[2] for b in _HEAD_AGE_BANDS]
        )[0]
        head_age = rng.randint(low, high)
        head_sex = "M" if rng.random() < 0.86 else "F"
        plan = [("head", head_sex, head_age)]
        if size > 1 and (head_sex == "M" or rng.random() < 0.3):
            spouse_age = max(18, min(_MAX_AGE, head_age + rng.randint(-8, 4)))
            plan.append(("spouse", "F" if head_sex == "M" else "M", spouse_age))
        if size > 2 and head_age < 60 and rng.random() < 0.1:
            parent_age = min(_MAX_AGE, head_age + rng.randint(18, 35))
            plan.append(("parent", "F" if rng.random() < 0.65 else "M", parent_age))
        oldest_child = max(0, min(head_age - 18, 35))
        while len(plan) < size:
            plan.append(("child", rng.choice("MF"), rng.randint(0, oldest_child)))

        migrant = rng.random() < self.spec.rates.migrant
        nik_code = rng.choice(context.elsewhere) if migrant else district
        members = tuple(
            self.person(household_id, role, sex, age, nik_code, migrant, plan)
            for role, sex, age in plan
        )
        kk_age = rng.randint(0, max(0, min(head_age - 18, 40)))
        kk_date = self.birth_date(kk_age)
        kk = self.number(district, _date_block(kk_date, False), self.kk_serials)
        return Household(
            id=household_id,
            kk=kk,
            district=district,
            village=village,
            address=address(rng, village),
            members=members,
            in_target_data=rng.random() < 0.3,
            pkh_access_area=rng.random() < 0.02,
            savings_obligation_met=rng.random() < 0.9,
        )

    def person(
        self,
        household_id: str,
        role: str,
        sex: str,
        age: int,
        nik_code: str,
        migrant: bool,
        plan: list[tuple[str, str, int]],
    ) -> Person:
        rng = self.rng
        rates = self.spec.rates
        born = self.birth_date(age)
        nik_born, nik_female, mismatch = born, sex == "F", None
        if rng.random() < rates.nik_date_mismatch:
            nik_born = _shifted(born, rng, self.spec.as_of)
            mismatch = "birth_date"
        elif rng.random() < rates.nik_sex_mismatch:
            nik_female = not nik_female
            mismatch = "sex"
        nik = self.number(nik_code, _date_block(nik_born, nik_female), self.nik_serials)
        person_id = f"P{self.first_person + self.people:09d}"
        self.people += 1
        return Person(
            id=person_id,
            household_id=household_id,
            nik=nik,
            name=compose_name(rng, sex, born.year),
            sex=sex,
            birth_date=born,
            relationship=role,
            migrant=migrant,
            nik_mismatch=mismatch,
            **_rule_inputs(rng, sex, age, role, plan),
        )


def _shifted(born: date, rng: random.Random, as_of: date) -> date:
    """Return a nearby birth date: the one on the NIK before a correction."""
    for _ in range(10):
        days = rng.choice((-1, 1)) * rng.choice((1, 2, 10, 30, 365, 730))
        candidate = born + timedelta(days=days)
        if candidate <= as_of and candidate.year > as_of.year - _MAX_AGE:
            return candidate
    return born - timedelta(days=1)


def _school_level(age: int) -> tuple[str, float]:
    """Return the school level for an age and its enrolment rate (estimates)."""
    if 7 <= age <= 12:
        return "primary", 0.97
    if 13 <= age <= 15:
        return "junior_secondary", 0.85
    if 16 <= age <= 18:
        return "senior_secondary", 0.65
    return "none", 0.0


def _rule_inputs(
    rng: random.Random, sex: str, age: int, role: str, plan: list[tuple[str, str, int]]
) -> dict[str, Any]:
    # Rates are estimates chosen so that each rule component occurs often
    # enough to test; they are not measured prevalences.
    mother = sex == "F" and role in ("head", "spouse") and 15 <= age <= 49
    baby = any(r == "child" and a < 2 for r, a in ((p[0], p[2]) for p in plan))
    disability = rng.random() < 0.025
    level, enrolment = _school_level(age)
    enrolled = rng.random() < enrolment
    pregnant = mother and rng.random() < 0.06
    return {
        "pregnant": pregnant,
        "nursing": mother and baby and rng.random() < 0.7,
        "disability": disability,
        "severe_disability": disability and rng.random() < 0.3,
        "school_level": level if enrolled else "none",
        "attendance": round(100 - min(60.0, rng.expovariate(1 / 6)), 1)
        if enrolled
        else None,
        "immunisation_complete": rng.random() < 0.8 if age < 5 else None,
        "civil_servant": 18 <= age <= 58 and rng.random() < 0.03,
        "birth_with_health_worker": rng.random() < 0.9 if pregnant else None,
    }


def generate_chunk(spec: PopulationSpec, index: int) -> list[Household]:
    """Generate the households of one chunk; the same spec and index give the same."""
    if not 0 <= index < spec.chunks:
        raise ValueError(f"chunk index must be 0 to {spec.chunks - 1}, got {index}")
    return _ChunkBuilder(spec, index).build()


def generate(spec: PopulationSpec) -> Iterator[Household]:
    """Yield every household of the population, chunk after chunk."""
    for index in range(spec.chunks):
        yield from generate_chunk(spec, index)
