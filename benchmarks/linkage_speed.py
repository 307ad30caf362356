"""Measure niklib's vectorised scoring speed: candidate pairs per second on one core.

Scores random FEBRL4 A x B pairs (nearly all non-matches, the slow case,
because every fuzzy level is computed) and the FEBRL4 candidate pairs of
the default blocking rules. Preparing the records is timed separately.
rapidfuzz runs with ``workers=1``, so one core does the work.

Run: ``python benchmarks/linkage_speed.py [--pairs 1000000] [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from linkage_common import machine
from linkage_febrl import COLUMNS, DEFAULT_DATA, RULES, read
from niklib.linkage import Model
from niklib.linkage.blocking import candidate_pairs
from niklib.linkage.em import random_pairs
from niklib.linkage.table import Table, prepare


def score(
    model: Model, left: Table, right: Table, li: np.ndarray, ri: np.ndarray
) -> None:
    """Compute the levels and match weight of each pair, as `link` does."""
    model.match_weights(left, right, li, ri, prior=1e-4)


def timed(repeat: int, function, *args) -> tuple[float, float]:  # type: ignore[no-untyped-def]
    """Return the median wall and CPU seconds of `repeat` calls."""
    wall, cpu = [], []
    for _ in range(repeat):
        start, cpu_start = time.perf_counter(), time.process_time()
        function(*args)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - cpu_start)
    return statistics.median(wall), statistics.median(cpu)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pairs", type=int, default=1_000_000, help="random pairs")
    parser.add_argument(
        "--repeat", type=int, default=5, help="runs; the median is shown"
    )
    args = parser.parse_args()

    a, b = read(DEFAULT_DATA / "dataset4a.csv"), read(DEFAULT_DATA / "dataset4b.csv")
    model = Model.default()
    fields = sorted({f for rule in RULES for f in rule.fields})
    start = time.perf_counter()
    left = prepare(a, model.comparisons, columns=COLUMNS, extra_fields=fields)
    right = prepare(b, model.comparisons, columns=COLUMNS, extra_fields=fields)
    prepared = time.perf_counter() - start

    li, ri = random_pairs(len(a), len(b), args.pairs, seed=1)
    random_times = timed(args.repeat, score, model, left, right, li, ri)
    pairs = candidate_pairs(left, right, rules=RULES)
    candidate_times = timed(
        args.repeat, score, model, left, right, pairs.left, pairs.right
    )

    print(f"machine: {machine()}")
    print()
    print("| workload | pairs | wall seconds | CPU seconds | pairs per CPU second |")
    print("| --- | ---: | ---: | ---: | ---: |")
    print(f"| prepare 2 x 5,000 records | | {prepared:.2f} | | |")
    for label, count, (wall, cpu) in (
        ("random pairs", len(li), random_times),
        ("candidate pairs", len(pairs), candidate_times),
    ):
        print(f"| {label} | {count:,} | {wall:.3f} | {cpu:.3f} | {count / cpu:,.0f} |")


if __name__ == "__main__":
    main()
