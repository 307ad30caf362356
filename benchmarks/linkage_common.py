"""Shared parts of the linkage benchmarks: metrics, timing and the result table."""

from __future__ import annotations

import platform
import statistics
import time
from collections.abc import Callable, Mapping
from typing import Any

Pairs = set[tuple[Any, Any]]
# A pipeline takes (left, right or None) and returns the pairs it kept and
# the number of pairs it compared (or a function that counts them untimed).
Pipeline = Callable[[Any, Any], tuple[Pairs, Any]]


def unordered(pairs: Pairs) -> Pairs:
    """Return pairs with a canonical order, for deduplication results."""
    return {(a, b) if repr(a) <= repr(b) else (b, a) for a, b in pairs}


def metrics(found: Pairs, truth: Pairs, compared: int) -> dict[str, float]:
    """Return pairs compared, precision, recall and F1 of the found pairs."""
    hits = len(found & truth)
    precision = hits / len(found) if found else 1.0
    recall = hits / len(truth) if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if hits else 0.0
    return {"compared": compared, "precision": precision, "recall": recall, "f1": f1}


def machine() -> str:
    """Return the CPU model, core count and Python version of this machine."""
    import os

    model = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            for line in handle:
                if line.startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, Python {platform.python_version()}"


def run_table(
    tasks: Mapping[str, tuple[Any, Any, Pairs]],
    pipelines: Mapping[str, Pipeline],
    *,
    repeat: int,
    only: str = "",
) -> None:
    """Run every pipeline on every task and print one markdown row each.

    Wall and CPU times (all threads of this process) are the medians of
    `repeat` runs. A pipeline whose library is not
    installed, or that raises ValueError or RuntimeError, gets a row saying
    so.
    """
    print(f"machine: {machine()}")
    print()
    print(
        "| task | pipeline | pairs compared | precision | recall | F1 "
        "| wall seconds | CPU seconds |"
    )
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for task, (left, right, truth) in tasks.items():
        for name, run in pipelines.items():
            if only not in name:
                continue
            times, cpu_times = [], []
            try:
                for _ in range(repeat):
                    start, cpu_start = time.perf_counter(), time.process_time()
                    found, compared = run(left, right)
                    times.append(time.perf_counter() - start)
                    cpu_times.append(time.process_time() - cpu_start)
            except ImportError as error:
                print(f"| {task} | {name} | not installed: {error} | | | | | |")
                continue
            except (ValueError, RuntimeError) as error:
                message = str(error).splitlines()[0][:120]
                print(f"| {task} | {name} | failed: {message} | | | | | |")
                continue
            if callable(compared):
                compared = compared()
            m = metrics(found, truth, compared)
            print(
                f"| {task} | {name} | {m['compared']:,} | {m['precision']:.4f} "
                f"| {m['recall']:.4f} | {m['f1']:.4f} "
                f"| {statistics.median(times):.2f} "
                f"| {statistics.median(cpu_times):.2f} |",
                flush=True,
            )
