"""The ``niklib`` command.

``niklib check`` validates NIKs (or KK numbers with ``--kk``) given as
arguments, in a file or on standard input, and prints one result per input
line in input order. Other subcommands are registered by their packages.

Exit status: 0 when every input is valid, 1 when any is invalid, 2 for
unusable arguments or an unreadable file.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any, TextIO

from niklib import kk as kk_module
from niklib import nik as nik_module
from niklib.exceptions import Finding
from niklib.regions import format_code

__all__ = ["main"]

# Subcommands that live with their own packages: name -> (module, function,
# help). Each function takes the remaining arguments and returns an exit
# status; the module is imported only when its subcommand runs.
_DELEGATED: dict[str, tuple[str, str, str]] = {
    "audit": (
        "niklib.audit.cli",
        "main_audit",
        "audit a recipient list against a registry, other lists and a programme",
    ),
    "rules": (
        "niklib.rules.cli",
        "main_rules",
        "check programme rule files (niklib rules check FILE)",
    ),
    "synth": (
        "niklib.synth.cli",
        "main_synth",
        "write a synthetic population, registry and programme lists",
    ),
}


def parse_date_argument(text: str) -> date:
    """Read a YYYY-MM-DD command-line date; shared by every niklib subcommand."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"invalid date {text!r}: expected YYYY-MM-DD, for example 2026-12-04"
        ) from None


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="niklib",
        description=(
            "Indonesian NIK validation, record linkage, eligibility rules and audits."
        ),
    )
    parser.add_argument("--version", action="version", version=_version())
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    check = commands.add_parser(
        "check",
        help="validate NIKs or KK numbers, one result per input line",
        description=(
            "Validate NIKs (or KK numbers with --kk) from arguments, a file or "
            "standard input. Prints one line per input, in input order, with the "
            "NIK masked unless --unmasked is given. Exit status 1 if any is invalid."
        ),
    )
    check.add_argument(
        "values",
        nargs="*",
        metavar="NIK",
        help="numbers to check; none means read --file or standard input",
    )
    check.add_argument(
        "-f",
        "--file",
        metavar="PATH",
        help="read one number per line from PATH ('-' for standard input)",
    )
    check.add_argument(
        "--json", action="store_true", help="print JSON lines instead of text"
    )
    check.add_argument(
        "--kk",
        action="store_true",
        help="check KK (family card) numbers instead of NIKs",
    )
    check.add_argument(
        "--as-of",
        type=parse_date_argument,
        metavar="YYYY-MM-DD",
        help="reference date for the birth-year century (default: today)",
    )
    check.add_argument(
        "--unmasked",
        action="store_true",
        help="print full numbers instead of the masked form",
    )

    for name, (_, _, help_text) in sorted(_DELEGATED.items()):
        commands.add_parser(name, help=help_text, add_help=False)
    return parser


def _version() -> str:
    from niklib import __version__

    return f"niklib {__version__}"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the ``niklib`` command and return its exit status."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    if arguments and arguments[0] in _DELEGATED:
        module_name, function_name, _ = _DELEGATED[arguments[0]]
        import importlib

        function: Callable[[list[str]], int] = getattr(
            importlib.import_module(module_name), function_name
        )
        return function(arguments[1:])

    parser = _build_parser()
    options = parser.parse_args(arguments)
    if options.command is None:
        parser.print_help()
        return 2
    return _run_check(options, parser)


def _read_lines(
    options: argparse.Namespace, parser: argparse.ArgumentParser
) -> Iterator[str]:
    if options.values and options.file:
        parser.error("give numbers as arguments or with --file, not both")
    if options.values:
        yield from options.values
        return
    from_stdin = options.file in (None, "-")
    name = "standard input" if from_stdin else options.file
    try:
        with _open_input(None if from_stdin else options.file) as handle:
            yield from (line.rstrip("\r\n") for line in handle)
    except OSError as error:
        parser.exit(2, f"niklib check: cannot read {name}: {error.strerror}\n")
    except UnicodeDecodeError:
        parser.exit(
            2,
            f"niklib check: {name} is not UTF-8 text; save it as UTF-8 and try again\n",
        )


@contextlib.contextmanager
def _open_input(path: str | None) -> Iterator[TextIO]:
    """Open a file, or standard input for None, as UTF-8 with an optional BOM.

    Standard input is decoded from its bytes, so that it reads exactly as a
    file does whatever the terminal's locale.
    """
    if path is not None:
        with open(path, encoding="utf-8-sig") as handle:
            yield handle
        return
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is None:
        # A text stream without bytes underneath, as tests substitute.
        yield sys.stdin
        return
    wrapper = io.TextIOWrapper(buffer, encoding="utf-8-sig", newline=None)
    try:
        yield wrapper
    finally:
        # Detach so that closing the wrapper does not close standard input.
        wrapper.detach()


def _run_check(options: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    any_invalid = False
    out: TextIO = sys.stdout
    for number, line in enumerate(_read_lines(options, parser), start=1):
        if number == 1 and not options.values and _is_header(line, kk=options.kk):
            # A column pasted from a spreadsheet often starts with its header.
            print(
                f"niklib check: line 1 {line.strip()!r} is a column header; skipped",
                file=sys.stderr,
            )
            continue
        if number == 1 and not options.values and _is_header(line, kk=not options.kk):
            other = "NIK" if options.kk else "KK"
            advice = "drop --kk" if options.kk else "add --kk"
            print(
                f"niklib check: line 1 {line.strip()!r} looks like a {other} column "
                f"header; to check {other} numbers, {advice}",
                file=sys.stderr,
            )
        result = _check_one(line, options)
        any_invalid |= not result["valid"]
        if options.json:
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
        else:
            out.write(_text_line(number, result) + "\n")
    return 1 if any_invalid else 0


def _is_header(line: str, *, kk: bool) -> bool:
    """Return whether `line` is a header the audit reads as the NIK (or KK) column."""
    if not any(character.isalpha() for character in line):
        return False  # the common case, without importing the audit
    from niklib.audit.columns import map_columns

    found = map_columns([line.strip()], required=()).fields
    return ("kk" if kk else "nik") in found


def _check_one(line: str, options: argparse.Namespace) -> dict[str, Any]:
    shown: str
    if options.kk:
        kk_result = kk_module.check(line, as_of=options.as_of)
        digits = kk_result.digits
        shown = digits if options.unmasked else kk_module._mask(digits or line)
        result: dict[str, Any] = {
            "input": shown,
            "valid": kk_result.valid,
            "issue_date": _iso(kk_result.issue_date),
        }
        findings = kk_result.findings
        regions_found = (kk_result.province, kk_result.regency, kk_result.district)
    else:
        nik_result = nik_module.check(line, as_of=options.as_of)
        digits = nik_result.digits
        shown = digits if options.unmasked and digits else nik_module.mask(line)
        result = {
            "input": shown,
            "valid": nik_result.valid,
            "birth_date": _iso(nik_result.birth_date),
            "sex": nik_result.sex.value if nik_result.sex else None,
        }
        findings = nik_result.findings
        regions_found = (nik_result.province, nik_result.regency, nik_result.district)
    for key, region in zip(
        ("province", "regency", "district"), regions_found, strict=True
    ):
        result[key] = (
            None if region is None else {"code": region.code, "name": region.name}
        )
    result["errors"] = _findings(f for f in findings if f.severity.value == "error")
    result["warnings"] = _findings(f for f in findings if f.severity.value == "warning")
    return result


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _findings(findings: Iterable[Finding]) -> list[dict[str, str]]:
    return [
        {"reason": f.reason.value, "field": f.field, "message": f.message}
        for f in findings
    ]


def _text_line(number: int, result: dict[str, Any]) -> str:
    status = "valid" if result["valid"] else "INVALID"
    parts = [f"{number}:", result["input"] or "(empty)", status]
    places = [
        result[k]["name"] for k in ("province", "regency", "district") if result[k]
    ]
    if places:
        code = result["district"] or result["regency"] or result["province"]
        parts.append(f"{format_code(code['code'])} {' / '.join(places)}")
    if result.get("sex"):
        parts.append({"M": "male", "F": "female"}[result["sex"]])
    for key in ("birth_date", "issue_date"):
        if result.get(key):
            parts.append(f"{key.replace('_', ' ')} {result[key]}")
    for item in result["errors"] + result["warnings"]:
        parts.append(f"[{item['reason']}] {item['message']}")
    return "  ".join(parts)


def run() -> None:
    """Console entry point: run `main` and exit quietly when the reader goes away."""
    try:
        status = main()
        sys.stdout.flush()
    except BrokenPipeError:
        # The reader (for example `head`) closed the pipe; point stdout at
        # devnull so the interpreter's final flush does not fail again.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        status = 1
    sys.exit(status)


if __name__ == "__main__":
    run()
