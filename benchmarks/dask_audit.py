"""Time the whole audit in one process and with the registry on a Dask LocalCluster.

The data are a folder written by `niklib.synth.write_dataset`. Both modes
audit ``jamsosratu.csv`` against ``registry.csv``, with ``pkh.csv`` as the
other programme and ``households.csv`` as the rule inputs, on 1 January
2025. Each mode runs in its own child process:

- ``single``: `niklib.audit.audit`, which reads every file whole;
- ``dask``: `niklib.dask.audit` on a LocalCluster of worker processes with
  one thread each, the registry and the PKH list read with
  `niklib.dask.read_list` (every column as text), as ``niklib audit
  --dask`` reads them.

Peak memory is the maximum, over samples every 0.2 s, of the summed
resident set size (RSS) of the child process and all its descendants. The
script checks that both modes give the same rows and prints the time of
each audit step as reported through the audit's progress callback.

    python benchmarks/dask_audit.py /tmp/bench/reg1000000
    python benchmarks/dask_audit.py /tmp/bench/reg11600000 --modes dask
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import psutil

from dask_registry import PeakMemory

AS_OF = date(2025, 1, 1)


class StepTimer:
    """Record the time between the audit's progress messages."""

    def __init__(self) -> None:
        self.steps: dict[str, float] = {}
        self._current: str | None = None
        self._mark = time.perf_counter()

    def __call__(self, message: str) -> None:
        self.stop()
        self._current = message
        self._mark = time.perf_counter()

    def stop(self) -> None:
        """Close the step in progress."""
        if self._current is not None:
            elapsed = time.perf_counter() - self._mark
            self.steps[self._current] = round(elapsed, 1)
        self._current = None


def _fingerprint(result: Any) -> str:
    """Return a digest of every row result and match, to compare the two modes."""
    digest = hashlib.sha256()
    for row in result.rows:
        digest.update(repr((row, row.issues)).encode())
    for match in result.matches:
        digest.update(repr(match).encode())
    return digest.hexdigest()[:16]


def run_single(folder: Path, timer: StepTimer) -> Any:
    """Run `niklib.audit.audit` on the files."""
    from niklib.audit import audit

    return audit(
        folder / "jamsosratu.csv",
        registry=folder / "registry.csv",
        exclude={"pkh": folder / "pkh.csv"},
        households=folder / "households.csv",
        as_of=AS_OF,
        progress=timer,
    )


def run_dask(
    folder: Path, timer: StepTimer, workers: int, blocksize: str, memory_limit: str
) -> Any:
    """Run `niklib.dask.audit` with the registry and the PKH list on a LocalCluster."""
    from dask.distributed import Client, LocalCluster

    import niklib.dask

    timer("starting the cluster")
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        memory_limit=memory_limit,
    )
    client = Client(cluster)

    def read(name: str) -> Any:
        return niklib.dask.read_list(folder / name, blocksize=blocksize)

    result = niklib.dask.audit(
        folder / "jamsosratu.csv",
        registry=read("registry.csv"),
        exclude={"pkh": read("pkh.csv")},
        households=folder / "households.csv",
        as_of=AS_OF,
        progress=timer,
    )
    timer.stop()
    client.close()
    cluster.close()
    return result


def child(args: argparse.Namespace) -> None:
    """Run one mode in this process and print its measurements as JSON."""
    timer = StepTimer()
    with PeakMemory() as memory:
        started = time.perf_counter()
        if args.mode == "single":
            result = run_single(args.folder, timer)
        else:
            result = run_dask(
                args.folder, timer, args.workers, args.blocksize, args.memory_limit
            )
        total = time.perf_counter() - started
    timer.stop()
    cpu = psutil.Process().cpu_times()
    print(
        json.dumps(
            {
                "total_s": round(total, 1),
                "steps_s": timer.steps,
                "peak_rss_mib": round(memory.peak / 2**20),
                "rows": len(result.rows),
                "matches": len(result.matches),
                "fingerprint": _fingerprint(result),
                # Over the last minute; above the core count, other processes
                # shared the machine and the times are inflated.
                "load_average": round(os.getloadavg()[0], 1),
                "client_cpu_s": round(cpu.user + cpu.system, 1),
            }
        )
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="a niklib.synth dataset folder")
    parser.add_argument("--modes", nargs="+", default=["single", "dask"])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument(
        "--blocksize", default="64MB", help="registry CSV bytes per Dask partition"
    )
    parser.add_argument(
        "--memory-limit",
        default="0",
        help="memory limit of each Dask worker, such as 8GiB (0: no limit)",
    )
    parser.add_argument("--mode", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.mode:
        child(args)
        return

    with (args.folder / "registry.csv").open() as registry:
        people = sum(1 for _ in registry) - 1
    print(f"# {people:,} people, python {platform.python_version()}", flush=True)
    for mode in args.modes:
        command = [
            sys.executable,
            __file__,
            str(args.folder),
            "--mode",
            mode,
            "--workers",
            str(args.workers),
            "--blocksize",
            args.blocksize,
            "--memory-limit",
            args.memory_limit,
        ]
        output = subprocess.run(command, capture_output=True, text=True)
        if output.returncode != 0:
            print(mode, "failed:", output.stderr.strip().splitlines()[-1:], flush=True)
            continue
        print(mode, output.stdout.strip().splitlines()[-1], flush=True)


if __name__ == "__main__":
    main()
