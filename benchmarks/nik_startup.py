"""Start-up cost: a fresh interpreter that imports niklib and parses one NIK.

Times are medians over several fresh interpreters, each started with the
same Python as the benchmark, in CPU time of the child and in wall time.
``python -X importtime`` shows which imports the time goes to, and a child
process times the import and the first parse (which reads the region
table) separately, in CPU time.
"""

from __future__ import annotations

import json
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field

PARSE_ONE = "import niklib; niklib.parse('3604054107990003')"
_PARSE_ONE_LABEL = "import niklib, parse one NIK"

# Run inside the child: time the import and the first and second parse.
_PHASES = """
import json, time
start = time.process_time()
import niklib
imported = time.process_time()
niklib.parse('3604054107990003')
first = time.process_time()
niklib.parse('3601011208850002')
second = time.process_time()
print(json.dumps({
    "import niklib": imported - start,
    "first parse (reads the region table)": first - imported,
    "second parse": second - first,
}))
"""


@dataclass
class Startup:
    """Medians over fresh interpreters, in milliseconds, and the details.

    `cpu_ms` is the user plus system CPU time of each child process, so time
    spent waiting while other processes run is not counted. `wall_ms` is
    the elapsed time seen by the parent. On an idle machine the two are
    close.
    """

    runs: int
    cpu_ms: dict[str, float]
    wall_ms: dict[str, float]
    phases_ms: dict[str, float]
    imports: list[tuple[str, int, float]] = field(default_factory=list)

    @property
    def parse_one_ms(self) -> float:
        """Median CPU time of a process that imports niklib and parses a NIK."""
        return self.cpu_ms[_PARSE_ONE_LABEL]

    def render(self) -> list[str]:
        """Render the start-up tables as markdown lines."""
        lines = [
            f"Medians over {self.runs} fresh interpreters:",
            "",
            "| process | CPU ms | wall ms |",
            "| --- | ---: | ---: |",
        ]
        lines += [
            f"| {name} | {ms:.1f} | {self.wall_ms[name]:.1f} |"
            for name, ms in self.cpu_ms.items()
        ]
        lines += [
            "",
            f"CPU time inside one process (median of {self.runs}):",
            "",
            "| phase | median ms |",
            "| --- | ---: |",
        ]
        lines += [f"| {name} | {ms:.1f} |" for name, ms in self.phases_ms.items()]
        lines += [
            "",
            "Import time by top-level package under `python -X importtime` for "
            f"`{PARSE_ONE}` (the sum of each module's own time, as measured "
            "with the tool's own overhead included):",
            "",
            "| package | modules | ms |",
            "| --- | ---: | ---: |",
        ]
        lines += [
            f"| `{package}` | {count} | {ms:.1f} |"
            for package, count, ms in self.imports
        ]
        return lines


def _time_ms(code: str, runs: int) -> tuple[float, float]:
    """Return the median child CPU time and wall time of `runs` interpreters."""
    cpu, wall = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        wall.append((time.perf_counter() - start) * 1000)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        used = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        cpu.append(used * 1000)
    return statistics.median(cpu), statistics.median(wall)


def _phases_ms(runs: int) -> dict[str, float]:
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-c", _PHASES], check=True, capture_output=True, text=True
        )
        for name, seconds in json.loads(result.stdout).items():
            samples.setdefault(name, []).append(seconds * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


def _import_time_by_package(limit: int) -> list[tuple[str, int, float]]:
    """Return the `limit` top-level packages whose imports take the most time.

    Each row is (package, modules imported, milliseconds), summing the
    ``self`` column of ``python -X importtime``, so that a module's time is
    counted once, under its own package (``attr`` for ``attr._make``).
    """
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", PARSE_ONE],
        check=True,
        capture_output=True,
        text=True,
    )
    modules: dict[str, int] = {}
    totals: dict[str, float] = {}
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        own, _, name = line.removeprefix("import time:").split("|")
        package = name.strip().split(".")[0]
        modules[package] = modules.get(package, 0) + 1
        totals[package] = totals.get(package, 0.0) + int(own) / 1000
    ranked = sorted(totals, key=totals.__getitem__, reverse=True)
    return [(package, modules[package], totals[package]) for package in ranked][:limit]


def measure_startup(runs: int) -> Startup:
    """Time fresh interpreters: bare, importing niklib, and parsing one NIK."""
    # One untimed run so that byte-code caches exist before timing.
    subprocess.run([sys.executable, "-c", PARSE_ONE], check=True)
    cpu, wall = {}, {}
    for label, code in (
        ("python -c pass", "pass"),
        ("import niklib", "import niklib"),
        (_PARSE_ONE_LABEL, PARSE_ONE),
    ):
        cpu[label], wall[label] = _time_ms(code, runs)
    return Startup(runs, cpu, wall, _phases_ms(runs), _import_time_by_package(12))
