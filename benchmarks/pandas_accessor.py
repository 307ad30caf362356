"""Throughput of the pandas ``.nik`` accessor against a loop over niklib.is_valid.

Builds 1,000,000 synthetic NIK strings (about one in four invalid) from the
shipped region table with a fixed seed, then times, median of `--repeat`
runs each:

- ``[niklib.is_valid(v) for v in series]``, the per-value loop;
- ``series.nik.is_valid()``, the vectorised accessor;

and checks that both give the same answers.

    python benchmarks/pandas_accessor.py [--size 1000000] [--repeat 5]
"""

from __future__ import annotations

import argparse
import random
import statistics
import time
from datetime import date

import pandas as pd

import niklib
import niklib.pandas
from niklib import regions

AS_OF = date(2026, 1, 1)


def synthetic_niks(size: int, seed: int) -> list[str]:
    """Return `size` NIKs, valid and with a bad day, month or serial."""
    rng = random.Random(seed)
    codes = sorted(regions.default_table().district_codes)
    values = []
    for _ in range(size):
        day = rng.randint(1, 28) + (40 if rng.random() < 0.5 else 0)
        month = rng.randint(1, 12)
        serial = rng.randint(1, 9999)
        if rng.random() < 0.25:
            day, month, serial = rng.choice(
                [(35, month, serial), (day, 13, serial), (day, month, 0)]
            )
        values.append(
            f"{rng.choice(codes)}{day:02d}{month:02d}{rng.randint(0, 99):02d}"
            f"{serial:04d}"
        )
    return values


def median_seconds(function: object, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()  # type: ignore[operator]
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="number of NIKs")
    parser.add_argument("--repeat", type=int, default=5, help="runs per timing")
    parser.add_argument("--seed", type=int, default=1, help="data seed")
    args = parser.parse_args()

    series = pd.Series(synthetic_niks(args.size, args.seed))
    expected = [niklib.is_valid(v, as_of=AS_OF) for v in series]
    assert series.nik.is_valid(as_of=AS_OF).tolist() == expected

    loop = median_seconds(
        lambda: [niklib.is_valid(v, as_of=AS_OF) for v in series], args.repeat
    )
    vector = median_seconds(lambda: series.nik.is_valid(as_of=AS_OF), args.repeat)
    print(f"{args.size:,} NIKs, {sum(expected):,} valid, median of {args.repeat} runs")
    print("| method | seconds | NIKs per second |\n| --- | ---: | ---: |")
    print(f"| loop over niklib.is_valid | {loop:.3f} | {args.size / loop:,.0f} |")
    print(f"| series.nik.is_valid() | {vector:.3f} | {args.size / vector:,.0f} |")
    print(f"speed-up: {loop / vector:.1f}x")


if __name__ == "__main__":
    main()
