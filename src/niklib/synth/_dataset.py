"""Writing a whole synthetic dataset to a folder, streaming the registry.

The registry extract is written chunk by chunk, so memory stays bounded
by the chunk size times the number of workers, whatever the population
size. Only the households that may end up on a programme list are kept
until the end.
"""

from __future__ import annotations

import json
import logging
import random
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from pathlib import Path

import attrs

from niklib.synth import _io
from niklib.synth._faults import ListEntry, build_list
from niklib.synth._lists import ListChooser, Packed, is_candidate, pack
from niklib.synth._model import DEFAULT_AS_OF, FaultRates, Household
from niklib.synth._population import PopulationSpec, generate_chunk

__all__ = [
    "DatasetSummary",
    "ProgrammeLists",
    "ShortListWarning",
    "make_lists",
    "write_dataset",
]

logger = logging.getLogger("niklib.synth")

# Jamsosratu served 50,000 households in 2019 out of about 11.6 million
# residents of Banten; default list sizes keep that ratio.
_JAMSOSRATU_PER_PERSON = 50_000 / 11_600_000


class ShortListWarning(UserWarning):
    """A programme list has fewer households than requested.

    Only households in the target data with a member in a programme
    component can be listed, so a small population may not fill a list.
    The message gives the counts and the reason.
    """


@attrs.frozen
class ProgrammeLists:
    """The rows of the Jamsosratu and PKH lists, faults applied and labelled."""

    jamsosratu: list[ListEntry]
    pkh: list[ListEntry]


@attrs.frozen
class DatasetSummary:
    """Summary of a `write_dataset` run: counts, files and the time it took."""

    folder: Path
    persons: int
    households: int
    jamsosratu_rows: int
    pkh_rows: int
    faults: dict[str, dict[str, int]]
    files: tuple[str, ...]
    seconds: float


def default_list_size(size: int) -> int:
    """Return the default Jamsosratu list size for a population size."""
    return max(1, round(size * _JAMSOSRATU_PER_PERSON))


def make_lists(
    households: Iterable[Household],
    *,
    seed: int = 0,
    province: str = "36",
    as_of: date = DEFAULT_AS_OF,
    jamsosratu_size: int = 100,
    pkh_size: int = 100,
    pkh_overlap: float = 0.2,
    rates: FaultRates | None = None,
) -> ProgrammeLists:
    """Choose the list households from a population and build faulty list rows.

    Jamsosratu quotas per regency follow the 2019 allocation (Banten) or
    are equal (other provinces). A fraction `pkh_overlap` of the Jamsosratu
    households is also on the PKH list. A list is shorter than requested
    when too few households qualify, and a `ShortListWarning` gives the reason.
    """
    chooser = ListChooser(
        province=province,
        seed=seed,
        jamsosratu_size=jamsosratu_size,
        pkh_size=pkh_size,
        pkh_overlap=pkh_overlap,
    )
    chooser.offer(h for h in households if is_candidate(h, as_of))
    return _finish(chooser, seed, rates or FaultRates())


def _finish(chooser: ListChooser, seed: int, rates: FaultRates) -> ProgrammeLists:
    """Build the lists, and warn with `ShortListWarning` for a list that is short."""
    jamsosratu, pkh = chooser.jamsosratu(), chooser.pkh()
    lists = ProgrammeLists(
        jamsosratu=build_list(
            jamsosratu, rates, random.Random(f"niklib-lists:{seed}:j")
        ),
        pkh=build_list(pkh, rates, random.Random(f"niklib-lists:{seed}:p")),
    )
    # The counts are of households: a duplicate-row fault adds list rows.
    for message in chooser.shortfalls(len(jamsosratu), len(pkh)):
        # stacklevel 3 points at the caller of make_lists or write_dataset.
        warnings.warn(message, ShortListWarning, stacklevel=3)
    return lists


def _chunk_job(spec: PopulationSpec, index: int) -> tuple[str, list[Packed], int]:
    households = generate_chunk(spec, index)
    candidates = [pack(h) for h in households if is_candidate(h, spec.as_of)]
    return _io.registry_text(households), candidates, len(households)


def _chunk_results(
    spec: PopulationSpec, workers: int
) -> Iterable[tuple[str, list[Packed], int]]:
    if workers <= 1:
        for index in range(spec.chunks):
            yield _chunk_job(spec, index)
        return
    with ProcessPoolExecutor(max_workers=workers) as pool:
        pending: list[Future[tuple[str, list[Packed], int]]] = []
        next_index = 0
        # Keep at most two chunks per worker in flight, so finished chunks
        # waiting to be written do not pile up in memory.
        while next_index < spec.chunks or pending:
            while next_index < spec.chunks and len(pending) < 2 * workers:
                pending.append(pool.submit(_chunk_job, spec, next_index))
                next_index += 1
            yield pending.pop(0).result()


def _fault_counts(entries: list[ListEntry]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for entry in entries:
        counts.update(f.kind.value for f in entry.faults)
    return dict(sorted(counts.items()))


def write_dataset(
    folder: str | Path,
    spec: PopulationSpec,
    *,
    jamsosratu_size: int | None = None,
    pkh_size: int | None = None,
    pkh_overlap: float = 0.2,
    workers: int = 1,
    progress: Callable[[int, int], None] | None = None,
) -> DatasetSummary:
    """Write a registry extract, two programme lists, their truth and a manifest.

    The files are:

    - ``registry.csv``: every person;
    - ``jamsosratu.csv`` and ``pkh.csv``: one row per listed household,
      with faults;
    - ``jamsosratu_truth.csv`` and ``pkh_truth.csv``: the truth and fault
      labels of each list row, by row number;
    - ``households.csv``: the rule inputs of every member of a listed
      household;
    - ``manifest.json``: the spec, the fault rates and the counts.

    `progress`, when given, is called with (chunks done, chunks in all).
    A list shorter than requested, because too few households qualify,
    gives a `ShortListWarning`.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    started = time.perf_counter()
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    list_size = (
        default_list_size(spec.size) if jamsosratu_size is None else jamsosratu_size
    )
    chooser = ListChooser(
        province=spec.province,
        seed=spec.seed,
        jamsosratu_size=list_size,
        pkh_size=list_size if pkh_size is None else pkh_size,
        pkh_overlap=pkh_overlap,
    )
    logger.info("writing a synthetic population of %d people to %s", spec.size, target)
    households = 0
    with (target / "registry.csv").open("w", encoding="utf-8", newline="") as handle:
        handle.write(",".join(_io.REGISTRY_COLUMNS) + "\n")
        for done, (text, candidates, count) in enumerate(
            _chunk_results(spec, workers), start=1
        ):
            handle.write(text)
            chooser.offer_packed(candidates)
            households += count
            if progress is not None:
                progress(done, spec.chunks)

    lists = _finish(chooser, spec.seed, spec.rates)
    for name, entries in (("jamsosratu", lists.jamsosratu), ("pkh", lists.pkh)):
        _io.write_csv(target / f"{name}.csv", _io.LIST_COLUMNS, _io.list_rows(entries))
        _io.write_csv(
            target / f"{name}_truth.csv", _io.TRUTH_COLUMNS, _io.truth_rows(entries)
        )
    listed = {e.household.id: e.household for e in lists.jamsosratu + lists.pkh}
    _io.write_csv(
        target / "households.csv",
        _io.MEMBER_COLUMNS,
        _io.member_rows(listed[k] for k in sorted(listed)),
    )
    summary = DatasetSummary(
        folder=target,
        persons=spec.size,
        households=households,
        jamsosratu_rows=len(lists.jamsosratu),
        pkh_rows=len(lists.pkh),
        faults={
            "jamsosratu": _fault_counts(lists.jamsosratu),
            "pkh": _fault_counts(lists.pkh),
        },
        files=(
            "registry.csv",
            "jamsosratu.csv",
            "jamsosratu_truth.csv",
            "pkh.csv",
            "pkh_truth.csv",
            "households.csv",
            "manifest.json",
        ),
        seconds=time.perf_counter() - started,
    )
    _write_manifest(target, spec, summary, pkh_overlap)
    logger.info("wrote %d people in %.1f s", spec.size, summary.seconds)
    return summary


def _write_manifest(
    folder: Path, spec: PopulationSpec, summary: DatasetSummary, pkh_overlap: float
) -> None:
    manifest = {
        "generator": "niklib.synth",
        "synthetic": "every person, NIK and KK number in this folder is made up",
        "size": spec.size,
        "seed": spec.seed,
        "province": spec.province,
        "as_of": spec.as_of.isoformat(),
        "chunk_size": spec.chunk_size,
        "pkh_overlap": pkh_overlap,
        "fault_rates": attrs.asdict(spec.rates),
        "households": summary.households,
        "jamsosratu_rows": summary.jamsosratu_rows,
        "pkh_rows": summary.pkh_rows,
        "faults": summary.faults,
        "names": "given names from Dukcapil e-KTP counts (2024) and the Faker "
        "id_ID lists (MIT); see niklib/synth/data/ATTRIBUTION.md",
    }
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    (folder / "manifest.json").write_text(text, encoding="utf-8")
