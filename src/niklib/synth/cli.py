"""The ``niklib synth`` command: write a synthetic dataset to a folder."""

from __future__ import annotations

import argparse
import sys
import warnings
from collections.abc import Sequence

import attrs

from niklib.cli import parse_date_argument
from niklib.synth._dataset import ShortListWarning, write_dataset
from niklib.synth._model import DEFAULT_AS_OF, FaultRates
from niklib.synth._population import PopulationSpec

__all__ = ["build_parser", "main_synth"]


def _fault(text: str) -> tuple[str, float]:
    name, _, value = text.partition("=")
    names = {f.name for f in attrs.fields(FaultRates)}
    if name not in names:
        raise argparse.ArgumentTypeError(
            f"unknown fault {name!r}; choose one of {', '.join(sorted(names))}"
        )
    try:
        rate = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"fault rate in {text!r} must be a number such as {name}=0.02"
        ) from None
    return name, rate


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``niklib synth``."""
    parser = argparse.ArgumentParser(
        prog="niklib synth",
        description=(
            "Write a synthetic population registry, Jamsosratu and PKH lists "
            "with labelled faults, and their ground truth, as CSV files."
        ),
    )
    parser.add_argument(
        "--size",
        type=int,
        default=10_000,
        help="number of people in the registry (default 10000)",
    )
    parser.add_argument(
        "--seed",
        type=int,
        default=0,
        help="random seed (default 0); the same options, --chunk-size included, "
        "give the same files",
    )
    parser.add_argument(
        "--province",
        default="36",
        help="2-digit Kemendagri province code (default 36, Banten)",
    )
    parser.add_argument(
        "--as-of",
        type=parse_date_argument,
        default=DEFAULT_AS_OF,
        help="reference date for ages, YYYY-MM-DD "
        f"(default {DEFAULT_AS_OF.isoformat()})",
    )
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument(
        "--jamsosratu-size",
        type=int,
        default=None,
        help="Jamsosratu households (default: 50000 per 11.6 M people)",
    )
    parser.add_argument(
        "--pkh-size",
        type=int,
        default=None,
        help="PKH households (default: the Jamsosratu size)",
    )
    parser.add_argument(
        "--pkh-overlap",
        type=float,
        default=0.2,
        help="fraction of Jamsosratu households also on PKH (0-1)",
    )
    parser.add_argument(
        "--fault",
        type=_fault,
        action="append",
        default=[],
        metavar="NAME=RATE",
        help="set one fault rate, for example nik_substitution=0.02; repeat for more",
    )
    parser.add_argument(
        "--no-faults",
        action="store_true",
        help="set every fault rate to 0 before applying --fault",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="worker processes for the registry (default 1)",
    )
    parser.add_argument(
        "--chunk-size",
        type=int,
        default=40_000,
        help="people per chunk (default 40000); memory grows with it, and "
        "each chunk is seeded from --seed and its index, so a different chunk "
        "size gives different data",
    )
    parser.add_argument(
        "--quiet",
        action="store_true",
        help="print nothing on success, neither progress nor the summary line; "
        "warnings and errors still go to stderr",
    )
    return parser  # fmt: skip


def main_synth(argv: Sequence[str] | None = None) -> int:
    """Run ``niklib synth`` with `argv`; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.size < 1:
        parser.error(f"--size must be at least 1, got {args.size}")
    if args.chunk_size < 1:
        parser.error(f"--chunk-size must be at least 1, got {args.chunk_size}")
    if args.workers < 1:
        parser.error(f"--workers must be at least 1, got {args.workers}")
    base = FaultRates.none() if args.no_faults else FaultRates()
    try:
        rates = attrs.evolve(base, **dict(args.fault))
        spec = PopulationSpec(
            size=args.size,
            seed=args.seed,
            province=args.province,
            as_of=args.as_of,
            rates=rates,
            chunk_size=args.chunk_size,
        )
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always", ShortListWarning)
            summary = write_dataset(
                args.out,
                spec,
                jamsosratu_size=args.jamsosratu_size,
                pkh_size=args.pkh_size,
                pkh_overlap=args.pkh_overlap,
                workers=args.workers,
                progress=None if args.quiet else _print_progress,
            )
    except (ValueError, TypeError) as error:
        print(f"niklib synth: error: {error}", file=sys.stderr)
        return 2
    for warning in caught:
        if issubclass(warning.category, ShortListWarning):
            print(f"niklib synth: warning: {warning.message}", file=sys.stderr)
        else:
            warnings.warn_explicit(
                warning.message, warning.category, warning.filename, warning.lineno
            )
    if args.quiet:
        return 0
    print(
        f"wrote {summary.persons} people in {summary.households} households, "
        f"{summary.jamsosratu_rows} Jamsosratu rows and {summary.pkh_rows} PKH "
        f"rows to {summary.folder} in {summary.seconds:.1f} s"
    )
    return 0


def _print_progress(done: int, total: int) -> None:
    # On a terminal, progress is one line rewritten in place. A log or pipe gets one
    # line per chunk, because a carriage return would run the lines together.
    if sys.stderr.isatty():
        end = "\n" if done == total else ""
        print(f"\rchunk {done}/{total}", end=end, file=sys.stderr, flush=True)
    else:
        print(f"chunk {done}/{total}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    sys.exit(main_synth())
