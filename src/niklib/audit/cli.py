"""The ``niklib audit`` command."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from niklib.cli import parse_date_argument

if TYPE_CHECKING:
    from niklib.audit.result import AuditResult

__all__ = ["build_parser", "main_audit"]

# The demo: a synthetic Banten population from niklib.synth, its
# Jamsosratu list audited against its registry and its PKH list.
DEMO_SIZE = 100_000
DEMO_SEED = 2019
# The folder under --out that receives the demo's generated input files.
DEMO_INPUTS = "demo-inputs"


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``niklib audit``."""
    parser = argparse.ArgumentParser(
        prog="niklib audit",
        description=(
            "Check a recipient list row by row: NIK validity, agreement with the "
            "registry, duplicates, presence in other programmes and eligibility. "
            "Writes findings.csv (one row per input row, in input order), "
            "matches.csv, decisions.csv and report.html to --out."
        ),
    )
    parser.add_argument(
        "recipients",
        nargs="?",
        metavar="RECIPIENTS",
        help="the recipient list, CSV or XLSX",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="audit a synthetic Banten dataset, generated into OUT/demo-inputs",
    )
    parser.add_argument(
        "--registry", metavar="FILE", help="registry extract, CSV or XLSX"
    )
    parser.add_argument(
        "--exclude",
        metavar="[NAME=]FILE",
        action="append",
        default=[],
        help="another programme's list; NAME defaults to the file name "
        "without extension (pkh.csv gives pkh); repeatable",
    )
    parser.add_argument(
        "--households",
        metavar="FILE",
        help="CSV of asserted rule inputs per member (nik, kk, pregnant, ...)",
    )
    parser.add_argument(
        "--program",
        "--programme",
        dest="programme",
        default="jamsosratu",
        help="programme name (jamsosratu, pkh) or a programme TOML file",
    )
    parser.add_argument(
        "--as-of",
        type=parse_date_argument,
        metavar="YYYY-MM-DD",
        help="reference date for ages, century and programme version (default: today)",
    )
    parser.add_argument(
        "--columns",
        metavar="MAPPING",
        help="column mapping such as nik=NO_INDUK,name=NAMA_ART",
    )
    parser.add_argument(
        "--province",
        default="36",
        help="programme province code; 'none' for national programmes "
        "(default: 36, Banten)",
    )
    parser.add_argument(
        "--threshold",
        type=float,
        default=0.9,
        help="match probability from which linkage counts as a match (default 0.9)",
    )
    parser.add_argument(
        "--out", metavar="DIR", help="output folder (created if missing)"
    )
    parser.add_argument(
        "--sheet",
        metavar="NAME",
        help="sheet of an XLSX recipient list (default: the first)",
    )
    parser.add_argument(
        "--dask",
        action="store_true",
        help="read the registry and --exclude lists with Dask (CSV, a glob of "
        "CSV files or a Parquet folder) and keep only the records the list can "
        "match in memory, on worker processes of this machine; needs the dask "
        "extra",
    )
    parser.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="with --dask, use the Dask cluster whose scheduler is at ADDRESS, "
        "such as tcp://10.0.0.5:8786, instead of this machine",
    )
    parser.add_argument("--xlsx", action="store_true", help="also write audit.xlsx")
    parser.add_argument("--quiet", action="store_true", help="print no summary")
    return parser


def _progress(enabled: bool):  # type: ignore[no-untyped-def]
    """Return a callable that shows each audit step, on a terminal only."""
    if not enabled or not sys.stderr.isatty():
        return None
    try:
        from tqdm import tqdm  # type: ignore[import-untyped]
    except ImportError:
        return lambda message: print(f"niklib audit: {message}", file=sys.stderr)
    bar = tqdm(total=None, unit=" steps", file=sys.stderr, leave=False)

    def step(message: str) -> None:
        bar.set_description(message)
        bar.update(1)

    return step


def main_audit(argv: Sequence[str] | None = None) -> int:
    """Run ``niklib audit`` and return its exit status (0 done, 2 unusable input)."""
    parser = build_parser()
    options = parser.parse_args(argv)
    with _warnings_to_stderr(skip_notes=not options.quiet):
        return _audit_command(parser, options)


@contextmanager
def _warnings_to_stderr(*, skip_notes: bool) -> Iterator[None]:
    """Print niklib's logged warnings as ``niklib audit: warning: ...`` lines.

    Nothing is added when the caller has configured logging for niklib or
    the root logger, so an application's own handlers keep control. With
    `skip_notes`, warnings that repeat a note of the result are left out,
    because the summary prints the notes.
    """
    from niklib.audit.core import NOTE_MARK

    logger = logging.getLogger("niklib")
    if logger.handlers or logging.getLogger().handlers:
        yield
        return
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(logging.WARNING)
    handler.setFormatter(logging.Formatter("niklib audit: warning: %(message)s"))
    if skip_notes:
        handler.addFilter(lambda record: not getattr(record, NOTE_MARK, False))
    logger.addHandler(handler)
    try:
        yield
    finally:
        logger.removeHandler(handler)


def _audit_command(parser: argparse.ArgumentParser, options: argparse.Namespace) -> int:
    from niklib.audit import audit, write_outputs
    from niklib.audit.columns import MissingColumnError, parse_mapping
    from niklib.audit.readers import UnreadableInputError
    from niklib.audit.writers import mask_numbers
    from niklib.rules import RulesError

    if options.demo == bool(options.recipients):
        parser.error("give a RECIPIENTS file or --demo, not both and not neither")
    if not options.out:
        parser.error(
            "--out DIR is required: the folder for findings.csv and report.html"
        )
    if options.scheduler:
        options.dask = True
    if options.demo and options.dask:
        parser.error("--dask reads the registry and lists you give; not with --demo")
    if not 0 < options.threshold < 1:
        parser.error(
            f"--threshold must be above 0 and below 1, got {options.threshold}"
        )
    out = Path(options.out)
    if out.exists() and not out.is_dir():
        parser.error(f"--out {out} exists and is not a folder; name a folder")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        parser.error(f"--out {out}: cannot create the folder ({error.strerror})")

    province = None if options.province.lower() == "none" else options.province
    try:
        columns = parse_mapping(options.columns) if options.columns else None
        exclude = _exclusions(options.exclude, folders=bool(options.dask))
        arguments: dict[str, Any] = {
            "exclude": exclude or None,
            "households": options.households,
            "programme": options.programme,
            "as_of": options.as_of,
            "columns": columns,
            "sheet": options.sheet,
            "province": province,
            "threshold": options.threshold,
            "progress": _progress(not options.quiet),
        }
        if options.demo:
            result = _run_demo(options)
        elif options.dask:
            result = _run_dask(
                options.scheduler, options.recipients, options.registry, arguments
            )
        else:
            result = audit(options.recipients, registry=options.registry, **arguments)
        written = write_outputs(result, options.out, xlsx=options.xlsx)
    except (
        UnreadableInputError,
        MissingColumnError,
        RulesError,
        ValueError,
        OSError,
    ) as error:
        # Errors from Dask or pandas may quote cells: mask NIK-like numbers.
        print(f"niklib audit: {mask_numbers(str(error))}", file=sys.stderr)
        return 2
    if not options.quiet:
        print(result.summary_text())
        print("wrote " + ", ".join(str(path) for path in written))
    return 0


def _exclusions(items: Sequence[str], *, folders: bool) -> dict[str, str]:
    """Return the --exclude lists by programme name; each name must be unique."""
    exclude: dict[str, str] = {}
    for item in items:
        name, path = _exclusion(item, folders=folders)
        if name in exclude:
            raise ValueError(
                f"--exclude: the name {name!r} is given twice ({exclude[name]} and "
                f"{path}); give each list its own name, such as {name}2={path}, or "
                "merge the files into one list"
            )
        exclude[name] = path
    return exclude


def _exclusion(text: str, *, folders: bool) -> tuple[str, str]:
    name, separator, path = text.partition("=")
    if not separator:
        path, name = text, Path(text).stem
        if any(mark in name for mark in "*?[") or not name:
            raise ValueError(
                f"--exclude {text}: name the programme of a glob, such as "
                f"pkh={text}; the name is what the rules and findings call it"
            )
    if not name.strip() or not path.strip():
        raise ValueError(
            f"--exclude {text!r}: expected FILE or NAME=FILE, for example pkh=pkh.csv"
        )
    # With --dask a list may also be a Parquet folder or a glob of CSV files,
    # which the Dask reader checks.
    if not folders and not Path(path).is_file():
        from niklib.audit.readers import not_a_file

        raise ValueError(f"--exclude {text}: {not_a_file(Path(path))}")
    return name.strip().lower(), path


def _run_dask(
    scheduler: str | None,
    recipients: str,
    registry: str | None,
    arguments: dict[str, Any],
) -> AuditResult:
    """Run the audit with the registry and other lists read and filtered by Dask."""
    try:
        from dask.distributed import Client, LocalCluster

        import niklib.dask
    except ImportError as error:
        raise ValueError(
            "--dask needs Dask; install it with: pip install 'niklib[dask]'"
        ) from error

    exclude = arguments.pop("exclude") or {}
    cluster = None
    if scheduler is None:
        # Loopback only, and worker logs silenced: a failed task's log line
        # can show the records it was reading.
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            host="127.0.0.1",
            dashboard_address="127.0.0.1:0",
            threads_per_worker=1,
            processes=True,
            silence_logs=logging.CRITICAL,
        )
    try:
        try:
            client = Client(cluster if cluster is not None else scheduler)  # type: ignore[no-untyped-call]
        except (OSError, ValueError, TypeError) as error:
            raise ValueError(
                f"--scheduler {scheduler}: cannot connect ({error}); give the "
                "address of a running Dask scheduler, such as tcp://10.0.0.5:8786"
            ) from None
        with client:
            return niklib.dask.audit(
                recipients,
                registry=registry,
                exclude=exclude or None,
                **arguments,
            )
    finally:
        if cluster is not None:
            cluster.close()


def _run_demo(options: argparse.Namespace) -> AuditResult:
    from niklib.audit import audit
    from niklib.synth import PopulationSpec, write_dataset

    spec = PopulationSpec(size=DEMO_SIZE, seed=DEMO_SEED)
    # The inputs go beside the results, so the paths printed in the
    # summary and written in report.html stay valid after the run.
    folder = Path(options.out) / DEMO_INPUTS
    if not options.quiet:
        print(
            f"niklib audit --demo: generating {DEMO_SIZE:,} synthetic people "
            f"into {folder}"
        )
    write_dataset(folder, spec)
    return audit(
        folder / "jamsosratu.csv",
        registry=folder / "registry.csv",
        exclude={"pkh": folder / "pkh.csv"},
        households=folder / "households.csv",
        programme="jamsosratu",
        as_of=options.as_of or spec.as_of,
        progress=_progress(not options.quiet),
    )
