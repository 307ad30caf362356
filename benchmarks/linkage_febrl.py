"""Compare niklib's record linkage with recordlinkage and Splink on FEBRL.

Tasks: FEBRL4 A x B (link), FEBRL1 and FEBRL3 (deduplication). Pipelines:

- niklib with `Model.default()` (no training) and with a model fitted by
  `Model.fit` (u from random pairs, m by EM, prior by EM);
- recordlinkage 0.16: three blocking keys (given name, surname, birth
  date) combined with OR, binary comparisons, `ECMClassifier`;
- Splink 5 with the settings of its published FEBRL examples
  (``docs/demos/examples/duckdb/febrl4`` and ``febrl3``; FEBRL1 uses the
  FEBRL3 settings), DuckDB backend, match probability >= 0.5.

Each pipeline is timed from reading the records to the kept pairs, as the
median of ``--repeat`` runs. Pairs compared, precision, recall and F1 are
measured against the true pairs from ``rec_id``.

Run: ``python benchmarks/linkage_febrl.py [--data DIR] [--repeat 3]``.
The FEBRL files (ANU Open Source License 1.2, Australian National
University) are read from ``../shared/data/febrl`` beside the repository
unless ``--data`` is given.
"""

from __future__ import annotations

import argparse
import csv
import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from linkage_common import Pipeline, run_table, unordered
from niklib.linkage import (
    DEFAULT_RULES,
    Model,
    block_on,
    dedupe,
    link,
    pairs_from_labels,
)

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data" / "febrl"

COLUMNS = {
    "id": "rec_id",
    "nik": "soc_sec_id",
    "name": ("given_name", "surname"),
    "birth_date": "date_of_birth",
    "address": ("street_number", "address_1", "address_2"),
    "region": "postcode",
}
# niklib's default rules plus the fields Splink's FEBRL examples block on.
RULES = (
    *DEFAULT_RULES,
    block_on("name"),
    block_on("birth_date"),
    block_on("nik"),
    block_on("state", "address_1"),
    block_on("street_number", "address_1"),
    block_on("region"),
)


def read(path: Path) -> list[dict[str, str]]:
    """Read one FEBRL file, stripping the ", " separators."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle, skipinitialspace=True)
        return [
            {k.strip(): (v or "").strip() for k, v in row.items()} for row in reader
        ]


def entity(record_id: str) -> str:
    """Return the entity number of a ``rec-<N>-org`` or ``rec-<N>-dup-<K>`` id."""
    return record_id.split("-")[1]


def true_pairs(
    left: list[dict[str, str]], right: list[dict[str, str]] | None
) -> set[tuple[Any, Any]]:
    left_ids = [r["rec_id"] for r in left]
    if right is None:
        return pairs_from_labels([entity(i) for i in left_ids], left_ids=left_ids)
    right_ids = [r["rec_id"] for r in right]
    return pairs_from_labels(
        [entity(i) for i in left_ids],
        [entity(i) for i in right_ids],
        left_ids=left_ids,
        right_ids=right_ids,
    )


# --- niklib ---------------------------------------------------------------


def niklib_run(
    left: list[dict[str, str]], right: list[dict[str, str]] | None, *, fitted: bool
) -> tuple[set[tuple[Any, Any]], int]:
    model = Model.default()
    if fitted:
        model = model.fit(left, right, columns=COLUMNS, rules=RULES)
    if right is None:
        result = dedupe(left, model=model, columns=COLUMNS, rules=RULES)
        found = unordered({(p.left_id, p.right_id) for p in result.pairs})
    else:
        result = link(left, right, model=model, columns=COLUMNS, rules=RULES)
        found = {(p.left_id, p.right_id) for p in result.pairs}
    return found, len(result.candidates)


# --- recordlinkage ----------------------------------------------------------


def recordlinkage_run(
    left: list[dict[str, str]], right: list[dict[str, str]] | None
) -> tuple[set[tuple[Any, Any]], int]:
    import pandas as pd
    import recordlinkage

    df_a = pd.DataFrame(left).set_index("rec_id")
    df_b = None if right is None else pd.DataFrame(right).set_index("rec_id")
    indexer = recordlinkage.Index()
    for key in ("given_name", "surname", "date_of_birth"):
        indexer.block(key)
    candidates = indexer.index(df_a) if df_b is None else indexer.index(df_a, df_b)

    compare = recordlinkage.Compare()
    compare.string(
        "given_name",
        "given_name",
        method="jarowinkler",
        threshold=0.85,
        label="given_name",
    )
    compare.string(
        "surname", "surname", method="jarowinkler", threshold=0.85, label="surname"
    )
    compare.exact("date_of_birth", "date_of_birth", label="date_of_birth")
    compare.exact("suburb", "suburb", label="suburb")
    compare.exact("state", "state", label="state")
    compare.string("address_1", "address_1", threshold=0.85, label="address_1")
    compare.exact("soc_sec_id", "soc_sec_id", label="soc_sec_id")
    features = (
        compare.compute(candidates, df_a)
        if df_b is None
        else compare.compute(candidates, df_a, df_b)
    )

    classifier = recordlinkage.ECMClassifier(binarize=0.5)
    matches = classifier.fit_predict(features)
    found = {(a, b) for a, b in matches}
    if right is None:
        found = unordered(found)
    return found, len(candidates)


# --- Splink -----------------------------------------------------------------


def splink_run(
    left: list[dict[str, str]], right: list[dict[str, str]] | None
) -> tuple[set[tuple[Any, Any]], Callable[[], int]]:
    import pandas as pd
    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator
    from splink import block_on as splink_block_on

    frames = (
        [pd.DataFrame(left)]
        if right is None
        else [pd.DataFrame(left), pd.DataFrame(right)]
    )
    for frame in frames:
        frame.replace("", None, inplace=True)
    if right is None:
        rules = [
            splink_block_on(f)
            for f in (
                "soc_sec_id",
                "given_name",
                "surname",
                "date_of_birth",
                "postcode",
            )
        ]
        comparisons = [
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.ExactMatch("postcode").configure(term_frequency_adjustments=True),
        ]
        deterministic = [
            splink_block_on("soc_sec_id"),
            splink_block_on("given_name", "surname", "date_of_birth"),
            "l.given_name = r.surname and l.surname = r.given_name "
            "and l.date_of_birth = r.date_of_birth",
        ]
        recall, em_rules = (
            0.9,
            [splink_block_on("date_of_birth"), splink_block_on("postcode")],
        )
        link_type = "dedupe_only"
    else:
        rules = [
            splink_block_on("given_name", "surname"),
            "l.given_name = r.surname and l.surname = r.given_name",
            splink_block_on("date_of_birth"),
            splink_block_on("soc_sec_id"),
            splink_block_on("state", "address_1"),
            splink_block_on("street_number", "address_1"),
            splink_block_on("postcode"),
        ]
        comparisons = [
            cl.NameComparison("given_name").configure(term_frequency_adjustments=True),
            cl.NameComparison("surname").configure(term_frequency_adjustments=True),
            cl.DateOfBirthComparison(
                "date_of_birth",
                input_is_string=True,
                datetime_format="%Y%m%d",
                invalid_dates_as_null=True,
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number").configure(term_frequency_adjustments=True),
            cl.DamerauLevenshteinAtThresholds("postcode", [1, 2]).configure(
                term_frequency_adjustments=True
            ),
        ]
        deterministic = [
            splink_block_on("soc_sec_id"),
            splink_block_on("given_name", "surname", "date_of_birth"),
        ]
        recall, em_rules = (
            0.8,
            [splink_block_on("date_of_birth"), splink_block_on("postcode")],
        )
        link_type = "link_only"

    settings = SettingsCreator(
        unique_id_column_name="rec_id",
        link_type=link_type,
        blocking_rules_to_generate_predictions=rules,
        comparisons=comparisons,
    )
    db_api = DuckDBAPI()
    linker = Linker(
        [db_api.register(frame) for frame in frames],
        settings,
        log_level=logging.WARNING,
    )
    linker.training.estimate_probability_two_random_records_match(
        deterministic, recall=recall
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=2)
    for rule in em_rules:
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict(
        threshold_match_probability=0.5
    ).as_pandas_dataframe()
    found = set(zip(predictions["rec_id_l"], predictions["rec_id_r"], strict=True))
    if right is None:
        found = unordered(found)
    # Counted after the timer stops: the count is not part of the pipeline.
    return found, lambda: _splink_compared(db_api, frames, rules, link_type)


def _splink_compared(
    db_api: Any, frames: list[Any], rules: list[Any], link_type: str
) -> int:
    from splink.blocking_analysis import count_comparisons_from_blocking_rules

    records = count_comparisons_from_blocking_rules(
        [db_api.register(frame) for frame in frames],
        blocking_rules=rules,
        link_type=link_type,
        unique_id_column_name="rec_id",
        record_sample_proportion=1.0,
    )
    return int(records[-1]["cumulative_comparison_count"])


# --- driver -----------------------------------------------------------------

PIPELINES: dict[str, Pipeline] = {
    "niklib default": lambda left, right: niklib_run(left, right, fitted=False),
    "niklib fitted": lambda left, right: niklib_run(left, right, fitted=True),
    "recordlinkage 3 keys + ECM": recordlinkage_run,
    "Splink 5 (published FEBRL settings)": splink_run,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--data",
        type=Path,
        default=DEFAULT_DATA,
        help="folder with the FEBRL CSV files",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per pipeline; the median is shown"
    )
    parser.add_argument(
        "--only", default="", help="run only pipelines whose name contains this text"
    )
    args = parser.parse_args()

    febrl4a, febrl4b = (
        read(args.data / "dataset4a.csv"),
        read(args.data / "dataset4b.csv"),
    )
    febrl1, febrl3 = read(args.data / "dataset1.csv"), read(args.data / "dataset3.csv")
    tasks = {
        "FEBRL4 A x B": (febrl4a, febrl4b, true_pairs(febrl4a, febrl4b)),
        "FEBRL1 dedupe": (febrl1, None, true_pairs(febrl1, None)),
        "FEBRL3 dedupe": (febrl3, None, true_pairs(febrl3, None)),
    }
    run_table(tasks, PIPELINES, repeat=args.repeat, only=args.only)


if __name__ == "__main__":
    main()
