"""Time Jamsosratu (or PKH) decisions over a million synthetic households.

Run from the repository root with the development environment:

    python benchmarks/rules_evaluate.py                  # 1,000,000 households
    python benchmarks/rules_evaluate.py --ages nik       # ages from NIKs
    python benchmarks/rules_evaluate.py --programme pkh --households 200000

Households are generated in chunks, each from its own seeded random
generator per household, so household `i` can be rebuilt alone later. Only
`evaluate_many` and a plain consumer loop are timed, one process on one
core; generating households is not. After the run the script rebuilds a
few households from their index, explains them, and checks that each
explanation gives the decision recorded during the timed run.
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import random
import statistics
import sys
import time
from array import array
from datetime import date

from niklib import rules
from niklib.rules import Household, Member

# Households per Banten regency in 2019 (sums to 50,000), used as weights.
REGENCIES = {
    "3601": 12_687,
    "3604": 11_501,
    "3602": 11_397,
    "3673": 5_522,
    "3603": 3_050,
    "3671": 2_936,
    "3672": 1_905,
    "3674": 1_002,
}
# One district per regency for synthetic NIKs; any valid district would do.
DISTRICTS = {
    "3601": "360101",
    "3602": "360201",
    "3603": "360301",
    "3604": "360405",
    "3671": "367101",
    "3672": "367201",
    "3673": "367301",
    "3674": "367401",
}
LEVELS = ("none", "primary", "junior_secondary", "senior_secondary")
GOAL_PER_SECOND = 50_000
CODES = {True: 1, False: 0, None: 2}


def _nik(rng: random.Random, district: str, birth: date, female: bool) -> str:
    day = birth.day + (40 if female else 0)
    block = f"{day:02d}{birth.month:02d}{birth.year % 100:02d}"
    return f"{district}{block}{rng.randint(1, 9999):04d}"


def _member(
    rng: random.Random, age: int, as_of: date, regency: str, ages: str
) -> Member:
    female = rng.random() < 0.5
    level = "none"
    if 6 <= age <= 18:
        level = LEVELS[1 + min(2, (age - 6) // 6)] if rng.random() < 0.9 else "none"
    common = {
        "pregnant": female and 18 <= age <= 40 and rng.random() < 0.1,
        "nursing": False,
        "disability": rng.random() < 0.03,
        "severe_disability": False,
        "school_level": level,
        "attendance": float(rng.randint(75, 100)) if level != "none" else None,
        "immunisation_complete": rng.random() < 0.95 if age < 5 else None,
        "civil_servant": False,
    }
    if ages == "asserted":
        return Member(age=age, sex="F" if female else "M", **common)
    birth = date(as_of.year - age - 1, rng.randint(1, 12), rng.randint(1, 28))
    return Member(nik=_nik(rng, DISTRICTS[regency], birth, female), **common)


def make_household(seed: int, index: int, as_of: date, ages: str) -> Household:
    """Build household `index` of the synthetic population, always the same."""
    rng = random.Random(seed * 10_000_019 + index)
    regency = rng.choices(list(REGENCIES), weights=list(REGENCIES.values()))[0]
    ages_in_home = [rng.randint(25, 55)]
    ages_in_home += [rng.randint(0, 20) for _ in range(rng.randint(0, 4))]
    if rng.random() < 0.2:
        ages_in_home.append(rng.randint(60, 85))
    return Household(
        id=f"H{index:07d}",
        domicile=regency,
        in_target_data=rng.random() < 0.97,
        other_programmes=("pkh",) if rng.random() < 0.1 else (),
        pkh_access_area=rng.random() < 0.05,
        savings_obligation_met=rng.random() < 0.95,
        members=[_member(rng, age, as_of, regency, ages) for age in ages_in_home],
    )


def run(args: argparse.Namespace) -> int:
    programme = rules.load(args.programme)
    as_of = date.fromisoformat(args.as_of)
    programme.context(as_of=as_of)  # compile once, outside the timing
    amounts = array("q")
    statuses = bytearray()
    wall_rates: list[float] = []
    cpu_rates: list[float] = []
    loads: list[float] = []
    for start in range(0, args.households, args.chunk):
        stop = min(start + args.chunk, args.households)
        chunk = [
            make_household(args.seed, index, as_of, args.ages)
            for index in range(start, stop)
        ]
        wall, cpu = time_chunk(programme, chunk, as_of, args.repeat, amounts, statuses)
        wall_rates.append((stop - start) / wall)
        cpu_rates.append((stop - start) / cpu)
        loads.append(os.getloadavg()[0])
        print(
            f"  households {start:>9,}-{stop - 1:>9,}: "
            f"{cpu_rates[-1]:>9,.0f} per CPU second, "
            f"{wall_rates[-1]:>9,.0f} per wall second, load {loads[-1]:.1f}",
            flush=True,
        )

    per_core = statistics.median(cpu_rates)
    print(
        f"\n{args.programme}, as of {as_of}, ages {args.ages}: "
        f"{args.households:,} households, median of {args.repeat} passes per chunk"
    )
    print(
        f"median chunk {per_core:,.0f} households per CPU second (one core), "
        f"{statistics.median(wall_rates):,.0f} per wall-clock second; "
        f"load average {min(loads):.1f} to {max(loads):.1f} on "
        f"{os.cpu_count()} CPUs"
    )
    print(
        f"eligible {statuses.count(1):,}, not eligible {statuses.count(0):,}, "
        f"undetermined {statuses.count(2):,}; total "
        f"Rp {sum(a for a in amounts if a > 0):,}"
    )
    failures = check_explanations(programme, args, as_of, amounts, statuses)
    print(
        f"machine: {os.cpu_count()} CPUs, {_cpu_model()}, "
        f"Python {platform.python_version()}"
    )
    goal_met = per_core >= GOAL_PER_SECOND
    print(
        f"goal {GOAL_PER_SECOND:,} per second per core: "
        f"{'met' if goal_met else 'NOT met'}"
    )
    return 0 if goal_met and not failures else 1


def time_chunk(
    programme: rules.Programme,
    chunk: list[Household],
    as_of: date,
    repeat: int,
    amounts: array[int],
    statuses: bytearray,
) -> tuple[float, float]:
    """Evaluate a chunk `repeat` times; return the median wall and CPU seconds.

    CPU seconds count only this process, so they measure one core even when
    other processes compete for the machine. The first pass records every
    decision for the explanation check.
    """
    gc.collect()
    gc.freeze()
    walls, cpus = [], []
    for repeat_index in range(repeat):
        wall_start, cpu_start = time.perf_counter(), time.process_time()
        if repeat_index == 0:
            for decision in programme.evaluate_many(chunk, as_of=as_of):
                amounts.append(-1 if decision.amount is None else decision.amount)
                statuses.append(CODES[decision.eligible])
        else:
            for _ in programme.evaluate_many(chunk, as_of=as_of):
                pass
        walls.append(time.perf_counter() - wall_start)
        cpus.append(time.process_time() - cpu_start)
    gc.unfreeze()
    return statistics.median(walls), statistics.median(cpus)


def check_explanations(
    programme: rules.Programme,
    args: argparse.Namespace,
    as_of: date,
    amounts: array[int],
    statuses: bytearray,
) -> int:
    """Rebuild sample households, explain them, compare with the timed run."""
    sample = sorted(
        {0, args.households // 3, args.households // 2, args.households - 1}
    )
    failures = 0
    for index in sample:
        home = make_household(args.seed, index, as_of, args.ages)
        began = time.perf_counter()
        explanation = programme.explain(home, as_of=as_of)
        elapsed = (time.perf_counter() - began) * 1000
        recorded = {1: True, 0: False, 2: None}[statuses[index]]
        amount = None if amounts[index] < 0 else amounts[index]
        same = explanation.eligible is recorded and explanation.amount == amount
        failures += not same
        print(
            f"explained household {index:,} in {elapsed:.1f} ms: "
            f"{'matches' if same else 'DIFFERS from'} the timed decision "
            f"({explanation.eligible}, {explanation.amount})"
        )
    return failures


def _cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--programme", choices=rules.SHIPPED, default="jamsosratu")
    parser.add_argument(
        "--households",
        type=int,
        default=1_000_000,
        help="number of households (default: 1,000,000)",
    )
    parser.add_argument(
        "--chunk",
        type=int,
        default=100_000,
        help="households generated and timed per chunk",
    )
    parser.add_argument(
        "--ages",
        choices=("asserted", "nik"),
        default="asserted",
        help="give members asserted ages, or NIKs to derive them",
    )
    parser.add_argument(
        "--as-of",
        default="2019-06-01",
        help="as-of date, ISO format (default: 2019-06-01)",
    )
    parser.add_argument("--seed", type=int, default=2019)
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="timed passes per chunk; the median pass counts",
    )
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
