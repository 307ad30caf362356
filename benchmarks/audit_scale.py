"""Wall time and peak memory of ``niklib audit`` on a province-size job.

Writes (or reuses) a synthetic Banten registry and a recipient list with
niklib.synth, then runs the audit in this process and reports the wall
time of each step and the peak resident memory (``ru_maxrss``).

    python benchmarks/audit_scale.py --registry-size 1000000 --list-size 50000 \
        --data /tmp/niklib-audit-scale
"""

from __future__ import annotations

import argparse
import itertools
import resource
import time
from datetime import date
from pathlib import Path

from niklib.audit import audit, write_outputs
from niklib.synth import PopulationSpec, write_dataset


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--registry-size", type=int, default=1_000_000, help="people in the registry"
    )
    parser.add_argument(
        "--list-size", type=int, default=50_000, help="rows in the recipient list"
    )
    parser.add_argument("--seed", type=int, default=11, help="synthetic data seed")
    parser.add_argument(
        "--data",
        type=Path,
        default=Path("/tmp/niklib-audit-scale"),
        help="folder for the synthetic data (reused when present)",
    )
    args = parser.parse_args()

    if not (args.data / "registry.csv").exists():
        started = time.perf_counter()
        write_dataset(
            args.data,
            PopulationSpec(size=args.registry_size, seed=args.seed),
            jamsosratu_size=args.list_size,
            pkh_size=args.list_size // 2,
        )
        print(f"generated the data in {time.perf_counter() - started:.1f} s")

    steps: list[tuple[str, float]] = []
    last = time.perf_counter()

    def progress(message: str) -> None:
        nonlocal last
        now = time.perf_counter()
        steps.append((message, now - last))
        last = now

    started = time.perf_counter()
    result = audit(
        args.data / "jamsosratu.csv",
        registry=args.data / "registry.csv",
        exclude={"pkh": args.data / "pkh.csv"},
        households=args.data / "households.csv",
        as_of=date(2026, 1, 1),
        progress=progress,
    )
    progress("done")
    audit_seconds = time.perf_counter() - started
    write_outputs(result, args.data / "out")
    total = time.perf_counter() - started
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    print(f"rows audited: {len(result.rows)}")
    for (message, _), (_, seconds) in itertools.pairwise(steps):
        print(f"  {message}: {seconds:.1f} s")
    print(f"audit: {audit_seconds:.1f} s, with writing the outputs: {total:.1f} s")
    print(f"peak resident memory: {peak_mib:,.0f} MiB")


if __name__ == "__main__":
    main()
