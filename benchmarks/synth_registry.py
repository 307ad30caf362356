"""Measure time and peak memory of writing a synthetic registry with niklib.synth.

Runs `niklib.synth.write_dataset` once per size and prints wall time,
CPU time of this process and its workers (finished workers only), people
per second and the peak resident set size (RSS) of this process and of
its largest worker, as reported by ``getrusage`` (Linux reports
kilobytes). The output folder is deleted after each size unless --keep is
given.

    python benchmarks/synth_registry.py --sizes 1000000 2000000 --workers 2
    python benchmarks/synth_registry.py --sizes 11600000 --workers 2
"""

from __future__ import annotations

import argparse
import platform
import resource
import shutil
import tempfile
import time
from pathlib import Path

from niklib.synth import PopulationSpec, write_dataset


def _peak_mib(process_group: int) -> float:
    return resource.getrusage(process_group).ru_maxrss / 1024


def _cpu_seconds() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def run(
    size: int,
    workers: int,
    chunk_size: int,
    folder: Path,
    list_size: int | None = None,
) -> dict[str, float]:
    """Write one dataset and return its measurements."""
    spec = PopulationSpec(size=size, seed=2019, chunk_size=chunk_size)
    cpu_before = _cpu_seconds()
    started = time.perf_counter()
    summary = write_dataset(
        folder, spec, workers=workers, jamsosratu_size=list_size, pkh_size=list_size
    )
    seconds = time.perf_counter() - started
    cpu = _cpu_seconds() - cpu_before
    registry = folder / "registry.csv"
    return {
        "size": size,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "people_per_second": size / seconds,
        "registry_mib": registry.stat().st_size / 2**20,
        "households": summary.households,
        "list_rows": summary.jamsosratu_rows + summary.pkh_rows,
        "main_peak_rss_mib": _peak_mib(resource.RUSAGE_SELF),
        "worker_peak_rss_mib": _peak_mib(resource.RUSAGE_CHILDREN),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000_000])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--chunk-size", type=int, default=40_000)
    parser.add_argument(
        "--out",
        type=Path,
        default=None,
        help="parent folder for the output (default: a temp folder)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the output folders")
    parser.add_argument(
        "--list-size",
        type=int,
        default=None,
        help="households per list (default: scaled with size)",
    )
    args = parser.parse_args()  # fmt: skip

    print(f"python {platform.python_version()}, workers {args.workers}, "
          f"chunk size {args.chunk_size}")  # fmt: skip
    for size in args.sizes:
        parent = args.out or Path(tempfile.mkdtemp(prefix="niklib-synth-"))
        folder = parent / f"synth-{size}"
        result = run(size, args.workers, args.chunk_size, folder, args.list_size)
        print(
            f"{result['size']:>11,d} people  {result['seconds']:8.1f} s  "
            f"CPU {result['cpu_seconds']:8.1f} s  "
            f"{result['people_per_second']:9,.0f} people/s  "
            f"registry {result['registry_mib']:8.1f} MiB  "
            f"list rows {result['list_rows']:7,d}  "
            f"peak RSS main {result['main_peak_rss_mib']:6.1f} MiB, "
            f"largest worker {result['worker_peak_rss_mib']:6.1f} MiB",
            flush=True,
        )
        if not args.keep:
            shutil.rmtree(folder)


if __name__ == "__main__":
    main()
