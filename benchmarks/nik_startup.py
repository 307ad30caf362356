"""Start-up cost: a fresh interpreter that imports niklib and parses one NIK.

Wall times are medians over several fresh interpreters, each started with
the same Python as the benchmark. ``python -X importtime`` shows which
imports the time goes to, and a child process times the import and the
first parse (which reads the region table) separately.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field

PARSE_ONE = "import niklib; niklib.parse('3604054107990003')"

# Run inside the child: time the import and the first and second parse.
_PHASES = """
import json, time
start = time.perf_counter()
import niklib
imported = time.perf_counter()
niklib.parse('3604054107990003')
first = time.perf_counter()
niklib.parse('3601011208850002')
second = time.perf_counter()
print(json.dumps({
    "import niklib": imported - start,
    "first parse (reads the region table)": first - imported,
    "second parse": second - first,
}))
"""


@dataclass
class Startup:
    """Median wall times of fresh interpreters, in milliseconds, and details."""

    runs: int
    wall_ms: dict[str, float]
    phases_ms: dict[str, float]
    imports: list[tuple[str, float, float]] = field(default_factory=list)

    @property
    def parse_one_ms(self) -> float:
        """Median wall time of a process that imports niklib and parses a NIK."""
        return self.wall_ms["import niklib, parse one NIK"]

    def render(self) -> list[str]:
        """Render the start-up tables as markdown lines."""
        lines = [
            f"Median wall time of {self.runs} fresh interpreters:",
            "",
            "| process | median ms |",
            "| --- | ---: |",
        ]
        lines += [f"| {name} | {ms:.1f} |" for name, ms in self.wall_ms.items()]
        lines += [
            "",
            f"Inside one process (median of {self.runs}):",
            "",
            "| phase | median ms |",
            "| --- | ---: |",
        ]
        lines += [f"| {name} | {ms:.1f} |" for name, ms in self.phases_ms.items()]
        lines += [
            "",
            "Largest imports under `python -X importtime` for "
            f"`{PARSE_ONE}` (cumulative includes the modules each one imports):",
            "",
            "| module | self ms | cumulative ms |",
            "| --- | ---: | ---: |",
        ]
        lines += [
            f"| `{name}` | {own:.1f} | {total:.1f} |"
            for name, own, total in self.imports
        ]
        return lines


def _wall_ms(code: str, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def _phases_ms(runs: int) -> dict[str, float]:
    samples: dict[str, list[float]] = {}
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-c", _PHASES], check=True, capture_output=True, text=True
        )
        for name, seconds in json.loads(result.stdout).items():
            samples.setdefault(name, []).append(seconds * 1000)
    return {name: statistics.median(values) for name, values in samples.items()}


def _largest_imports(limit: int) -> list[tuple[str, float, float]]:
    """Return the `limit` imports with the largest cumulative time, in ms.

    Only niklib's own modules and the top-level packages it pulls in are
    listed, so nested imports do not crowd out their parents.
    """
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", PARSE_ONE],
        check=True,
        capture_output=True,
        text=True,
    )
    rows = []
    for line in result.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        own, total, name = line.removeprefix("import time:").split("|")
        if own.strip() == "self [us]":
            continue
        module = name.strip()
        depth = (len(name) - len(name.lstrip())) // 2
        if depth <= 1 or module.startswith("niklib"):
            rows.append((module, int(own) / 1000, int(total) / 1000))
    rows.sort(key=lambda row: row[2], reverse=True)
    return rows[:limit]


def measure_startup(runs: int) -> Startup:
    """Time fresh interpreters: bare, importing niklib, and parsing one NIK."""
    # One untimed run so that byte-code caches exist before timing.
    subprocess.run([sys.executable, "-c", PARSE_ONE], check=True)
    wall = {
        "python -c pass": _wall_ms("pass", runs),
        "import niklib": _wall_ms("import niklib", runs),
        "import niklib, parse one NIK": _wall_ms(PARSE_ONE, runs),
    }
    return Startup(runs, wall, _phases_ms(runs), _largest_imports(12))
