"""Time a registry check and link on one process and on a Dask LocalCluster.

The data are a folder written by `niklib.synth.write_dataset`
(``registry.csv`` and ``jamsosratu.csv``). Each mode runs in its own
child process and does the same work:

1. read both CSV files, every column as text;
2. check every registry NIK (`is_valid`);
3. run the audit's per-row checks on the recipient list;
4. link the recipient list to the registry with the default model and
   blocking rules, threshold 0.9.

``single`` uses pandas and `niklib.linkage.link`; ``dask`` uses
`niklib.dask` on a LocalCluster of worker processes with one thread each.
Peak memory is the maximum, over samples every 0.2 s, of the summed
resident set size (RSS) of the child process and all its descendants.
The one-minute load average at the end shows whether other processes
shared the machine.

    python benchmarks/dask_registry.py /tmp/bench/reg1000000
    python benchmarks/dask_registry.py /tmp/bench/reg1000000 --modes dask --workers 2
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path
from typing import Any

import psutil

from niklib import synth

AS_OF = date(2025, 1, 1)
LIST_MAP = dict(synth.COLUMN_MAP)
# The registry has no row number column, so its ids are positions.
REGISTRY_MAP = {k: v for k, v in LIST_MAP.items() if k != "id"}
THRESHOLD = 0.9


class PeakMemory:
    """Sample the summed RSS of this process and its descendants in a thread."""

    def __init__(self, interval: float = 0.2) -> None:
        self.interval = interval
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _sample(self) -> int:
        root = psutil.Process(os.getpid())
        total = 0
        for process in [root, *root.children(recursive=True)]:
            try:
                total += process.memory_info().rss
            except psutil.NoSuchProcess:
                continue
        return total

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._sample())
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def run_single(folder: Path) -> dict[str, Any]:
    """Do the work with pandas in this process and return stage times."""
    import pandas as pd

    import niklib.pandas  # noqa: F401  (registers Series.nik)
    from niklib.audit.identity import check_identity
    from niklib.audit.readers import read_table
    from niklib.linkage import link

    times: dict[str, Any] = {}
    started = time.perf_counter()
    registry = pd.read_csv(folder / "registry.csv", dtype=str, keep_default_na=False)
    recipients = pd.read_csv(
        folder / "jamsosratu.csv", dtype=str, keep_default_na=False
    )
    times["read"] = time.perf_counter() - started

    mark = time.perf_counter()
    times["valid_niks"] = int(registry["NIK"].nik.is_valid(as_of=AS_OF).sum())
    times["check"] = time.perf_counter() - mark

    mark = time.perf_counter()
    rows = read_table(folder / "jamsosratu.csv").rows
    issues = [check_identity(r, as_of=AS_OF, province="36").issues for r in rows]
    times["rows_with_issues"] = sum(1 for found in issues if found)
    times["row_checks"] = time.perf_counter() - mark

    mark = time.perf_counter()
    result = link(
        recipients.to_dict("records"),
        registry.to_dict("records"),
        columns=LIST_MAP,
        right_columns=REGISTRY_MAP,
        threshold=THRESHOLD,
    )
    times["candidates"] = len(result.candidates)
    times["kept"] = int(result.kept.sum())
    times["link"] = time.perf_counter() - mark
    times["total"] = time.perf_counter() - started
    return times


def run_dask(
    folder: Path, workers: int, blocksize: str, memory_limit: str
) -> dict[str, Any]:
    """Do the work with niklib.dask on a LocalCluster and return stage times."""
    import dask.dataframe as dd
    from dask.distributed import Client, LocalCluster

    import niklib.dask

    times: dict[str, Any] = {}
    mark = time.perf_counter()
    cluster = LocalCluster(
        n_workers=workers,
        threads_per_worker=1,
        processes=True,
        dashboard_address=None,
        memory_limit=memory_limit,
    )
    client = Client(cluster)
    times["startup"] = time.perf_counter() - mark

    started = time.perf_counter()
    registry = dd.read_csv(
        str(folder / "registry.csv"),
        dtype=str,
        keep_default_na=False,
        blocksize=blocksize,
    )
    recipients = dd.read_csv(
        str(folder / "jamsosratu.csv"), dtype=str, keep_default_na=False
    )
    times["partitions"] = registry.npartitions
    times["read"] = time.perf_counter() - started

    mark = time.perf_counter()
    valid = niklib.dask.is_valid(registry["NIK"], as_of=AS_OF).sum().compute()
    times["valid_niks"] = int(valid)
    times["check"] = time.perf_counter() - mark

    mark = time.perf_counter()
    rows = niklib.dask.check_rows(recipients, as_of=AS_OF).compute()
    times["rows_with_issues"] = int((rows["codes"] != "").sum())
    times["row_checks"] = time.perf_counter() - mark

    mark = time.perf_counter()
    result = niklib.dask.link(
        recipients,
        registry,
        columns=LIST_MAP,
        right_columns=REGISTRY_MAP,
        threshold=THRESHOLD,
    )
    times["kept"] = len(result.kept)
    times["link"] = time.perf_counter() - mark
    times["total"] = time.perf_counter() - started
    client.close()
    cluster.close()
    return times


def child(args: argparse.Namespace) -> None:
    """Run one mode in this process and print its measurements as JSON."""
    cpu_before = psutil.Process().cpu_times()
    with PeakMemory() as memory:
        if args.mode == "single":
            times = run_single(args.folder)
        else:
            times = run_dask(
                args.folder, args.workers, args.blocksize, args.memory_limit
            )
    times["peak_rss_mib"] = memory.peak / 2**20
    # Load average over the last minute: above the core count, other
    # processes shared the machine and the times are inflated.
    times["load_average"] = os.getloadavg()[0]
    cpu = psutil.Process().cpu_times()
    times["client_cpu"] = (cpu.user - cpu_before.user) + (
        cpu.system - cpu_before.system
    )
    print(json.dumps(times))


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

    people = sum(1 for _ in (args.folder / "registry.csv").open()) - 1
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
        output = subprocess.run(command, check=True, capture_output=True, text=True)
        print(mode, output.stdout.strip().splitlines()[-1], flush=True)


if __name__ == "__main__":
    main()
