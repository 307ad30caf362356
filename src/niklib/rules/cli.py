"""The ``niklib rules`` commands: ``niklib rules check`` validates programme files."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from importlib import resources
from pathlib import Path
from typing import TextIO

from niklib.rules.loader import SHIPPED
from niklib.rules.validator import ValidationReport, check_data, check_file, read_toml

__all__ = ["add_check_arguments", "main_rules", "main_rules_check", "run_check"]

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


def add_check_arguments(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the arguments of ``rules check`` to `parser` and return it."""
    parser.add_argument(
        "files",
        nargs="+",
        metavar="FILE",
        help="programme file to check, or the name of a shipped programme "
        f"({', '.join(SHIPPED)}, in any case)",
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="exit with status 1 on warnings too, not only on errors",
    )
    parser.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="output format (default: table)",
    )
    return parser


def _check(name: str) -> ValidationReport:
    # Shipped names match in any case and with surrounding spaces, as in
    # niklib.rules.load, unless a file of that name exists.
    shipped = name.strip().lower()
    if shipped in SHIPPED and not Path(name).exists():
        name = shipped
        resource = resources.files("niklib.rules.programmes").joinpath(f"{name}.toml")
        with resources.as_file(resource) as path:
            data, report = read_toml(Path(path))
        if report is not None:
            return report
        assert data is not None
        return check_data(data, source=f"niklib:{name}")
    return check_file(name)


def _report_json(report: ValidationReport) -> dict[str, object]:
    return {
        "source": report.source,
        "ok": report.ok,
        "problems": [
            {
                "severity": problem.severity.value,
                "code": problem.code,
                "location": problem.location,
                "message": problem.message,
            }
            for problem in report.problems
        ],
    }


def run_check(args: argparse.Namespace, *, out: TextIO | None = None) -> int:
    """Check each file named in `args` and print the findings to `out`.

    Returns 0 when no file has errors (nor warnings under ``--strict``)
    and 1 otherwise.
    """
    stream = sys.stdout if out is None else out
    reports = [_check(name) for name in args.files]
    if args.format == "json":
        json.dump([_report_json(report) for report in reports], stream, indent=2)
        stream.write("\n")
    else:
        for report in reports:
            errors, warnings = len(report.errors), len(report.warnings)
            stream.write(f"{report.source}: {errors} error(s), {warnings} warning(s)\n")
            if report.problems:
                stream.write(report.to_table() + "\n")
    failed = any(
        report.problems if args.strict else report.errors for report in reports
    )
    return EXIT_PROBLEMS if failed else EXIT_OK


def main_rules_check(argv: Sequence[str] | None = None) -> int:
    """Run ``niklib rules check FILE...`` with `argv` and return the exit status.

    Status 0: no errors. 1: at least one file has errors (or warnings with
    ``--strict``). 2: invalid arguments.
    """
    parser = add_check_arguments(
        argparse.ArgumentParser(
            prog="niklib rules check",
            description="Validate programme files and list every problem at once.",
        )
    )
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return EXIT_USAGE if exit_.code not in (0, None) else EXIT_OK
    return run_check(args)


_SUBCOMMANDS = {"check": "validate programme files and list every problem at once"}


def main_rules(argv: Sequence[str] | None = None) -> int:
    """Run ``niklib rules SUBCOMMAND ...`` with `argv` and return the exit status.

    ``niklib rules`` without a subcommand writes an error naming the
    subcommands to stderr and returns 2, and ``--help`` lists them.
    """
    arguments = list(sys.argv[1:] if argv is None else argv)
    names = ", ".join(_SUBCOMMANDS)
    if not arguments:
        sys.stderr.write(
            f"niklib rules: missing subcommand. Expected one of: {names}. "
            "Run 'niklib rules check FILE' or 'niklib rules --help'.\n"
        )
        return EXIT_USAGE
    if arguments[0] in ("-h", "--help"):
        sys.stdout.write(_rules_help())
        return EXIT_OK
    if arguments[0] not in _SUBCOMMANDS:
        sys.stderr.write(
            f"niklib rules: unknown subcommand {arguments[0]!r}. Expected one of: "
            f"{names}. Run 'niklib rules --help' for usage.\n"
        )
        return EXIT_USAGE
    return main_rules_check(arguments[1:])


def _rules_help() -> str:
    lines = [
        "usage: niklib rules SUBCOMMAND [ARGUMENTS ...]",
        "",
        "Work with programme rule files.",
        "",
        "subcommands:",
    ]
    lines += [f"  {name:<10}{summary}" for name, summary in _SUBCOMMANDS.items()]
    lines += ["", "Run 'niklib rules SUBCOMMAND --help' for the options of one."]
    return "\n".join(lines) + "\n"
