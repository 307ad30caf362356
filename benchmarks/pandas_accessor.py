"""Throughput of the pandas ``.nik`` accessor against a loop over niklib.is_valid.

Builds 1,000,000 synthetic NIK strings (about one in four invalid) from the
shipped region table with a fixed seed, then times, median of `--repeat`
runs each:

- ``[niklib.is_valid(v) for v in series]``, the per-value loop;
- ``series.nik.is_valid()``, the vectorised accessor;

for an object column and a pyarrow string column, and checks that every
method gives the same results.

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

    values = synthetic_niks(args.size, args.seed)
    expected = [niklib.is_valid(v, as_of=AS_OF) for v in values]
    plain = median_seconds(
        lambda: [niklib.is_valid(v, as_of=AS_OF) for v in values], args.repeat
    )
    print(
        f"{args.size:,} NIKs, {sum(expected):,} valid, median of {args.repeat} runs, "
        f"pandas {pd.__version__}"
    )
    print("| method | column dtype | seconds | NIKs per second | vs list loop |")
    print("| --- | --- | ---: | ---: | ---: |")
    rate = args.size / plain
    print(f"| loop over a list of str | - | {plain:.3f} | {rate:,.0f} | 1.0x |")
    for dtype in ("object", "string[pyarrow]"):
        series = pd.Series(values, dtype=dtype)
        assert series.nik.is_valid(as_of=AS_OF).tolist() == expected
        loop = median_seconds(
            lambda: [niklib.is_valid(v, as_of=AS_OF) for v in series],  # noqa: B023
            args.repeat,
        )
        vector = median_seconds(
            lambda: series.nik.is_valid(as_of=AS_OF),  # noqa: B023
            args.repeat,
        )
        for method, seconds in (
            ("loop over the Series", loop),
            ("series.nik.is_valid()", vector),
        ):
            print(
                f"| {method} | {dtype} | {seconds:.3f} | {args.size / seconds:,.0f} "
                f"| {plain / seconds:.1f}x |"
            )


if __name__ == "__main__":
    main()
