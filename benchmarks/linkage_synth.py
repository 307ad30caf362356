"""Compare niklib, recordlinkage and Splink on synthetic Indonesian records.

The data come from `niklib.synth`: a seeded Banten population is the
registry, and a Jamsosratu recipient list carries labelled faults. The
faults are old spellings, forms of Muhammad, titles, patronymics,
abbreviations, typos, NIK substitutions and transpositions,
spreadsheet-zeroed NIKs, missing NIKs, day/month swaps, placeholder dates,
duplicate rows and second NIKs.

Tasks: the list linked to the registry (true pairs: each row and its
person's registry NIK) and the list deduplicated (true pairs: rows of one
person). recordlinkage and Splink get generic settings in the style of
their FEBRL examples, on the raw columns (see `splink_settings`); they have
no Indonesian name folding.

Run: ``python benchmarks/linkage_synth.py [--people 50000] [--list 2000]
[--fault-scale 5]``.
"""

from __future__ import annotations

import argparse
import logging
import tempfile
from pathlib import Path
from typing import Any

import attrs

from linkage_common import Pairs, Pipeline, run_table, unordered
from niklib import synth
from niklib.linkage import Model, dedupe, link

COLUMNS = ["NIK", "NAMA", "TGL_LAHIR", "JENIS_KELAMIN", "ALAMAT", "DESA", "KECAMATAN"]
LIST_MAP = dict(synth.COLUMN_MAP)
REGISTRY_MAP = {**LIST_MAP, "id": "uid"}


# Rates that describe people rather than list rows stay as they are.
_POPULATION_RATES = {"migrant", "nik_date_mismatch", "nik_sex_mismatch"}


def fault_rates(scale: float) -> synth.FaultRates:
    """Return the default list fault rates times `scale`, each at most 0.5."""
    base = synth.FaultRates()
    changes = {
        field.name: min(getattr(base, field.name) * scale, 0.5)
        for field in attrs.fields(synth.FaultRates)
        if field.name not in _POPULATION_RATES
    }
    return attrs.evolve(base, **changes)


def build(people: int, list_size: int, seed: int, scale: float) -> dict[str, Any]:
    """Write a synthetic dataset to a temporary folder and read it back."""
    spec = synth.PopulationSpec(
        size=people,
        seed=seed,
        province="36",
        as_of=synth.DEFAULT_AS_OF,
        rates=fault_rates(scale),
    )
    with tempfile.TemporaryDirectory() as folder:
        synth.write_dataset(folder, spec, jamsosratu_size=list_size, pkh_size=10)
        registry = list(synth.read_csv(Path(folder) / "registry.csv"))
        recipients = list(synth.read_csv(Path(folder) / "jamsosratu.csv"))
        truth = list(synth.read_csv(Path(folder) / "jamsosratu_truth.csv"))
    for number, row in enumerate(registry):
        row["uid"] = f"R{number}"
    for row in recipients:
        row["uid"] = row["NO"]
    uid_by_nik = {row["NIK"]: row["uid"] for row in registry}
    link_truth = {
        (row["NO"], uid_by_nik[row["TRUE_NIK"]])
        for row in truth
        if row["TRUE_NIK"] in uid_by_nik
    }
    by_person: dict[str, list[str]] = {}
    for row in truth:
        by_person.setdefault(row["PERSON_ID"], []).append(row["NO"])
    dedupe_truth = unordered(
        {(a, b) for rows in by_person.values() for a in rows for b in rows if a < b}
    )
    return {
        "registry": registry,
        "list": recipients,
        "link_truth": link_truth,
        "dedupe_truth": dedupe_truth,
    }


# --- niklib ---------------------------------------------------------------


def niklib_run(
    left: list[dict[str, str]], right: Any, *, fitted: bool
) -> tuple[Pairs, int]:
    model = Model.default()
    if right is None:
        if fitted:
            model = model.fit(left, columns=LIST_MAP)
        result = dedupe(left, model=model, columns=LIST_MAP)
        return unordered({(p.left_id, p.right_id) for p in result.pairs}), len(
            result.candidates
        )
    if fitted:
        model = model.fit(left, right, columns=LIST_MAP, right_columns=REGISTRY_MAP)
    result = link(
        left, right, model=model, columns=LIST_MAP, right_columns=REGISTRY_MAP
    )
    return {(p.left_id, p.right_id) for p in result.pairs}, len(result.candidates)


# --- recordlinkage ----------------------------------------------------------


def recordlinkage_run(left: list[dict[str, str]], right: Any) -> tuple[Pairs, int]:
    import pandas as pd
    import recordlinkage

    df_a = pd.DataFrame(left)[["uid", *COLUMNS]].set_index("uid")
    df_b = (
        None
        if right is None
        else pd.DataFrame(right)[["uid", *COLUMNS]].set_index("uid")
    )
    indexer = recordlinkage.Index()
    for key in ("NIK", "NAMA", "TGL_LAHIR"):
        indexer.block(key)
    candidates = indexer.index(df_a) if df_b is None else indexer.index(df_a, df_b)

    compare = recordlinkage.Compare()
    compare.exact("NIK", "NIK", label="NIK")
    compare.string("NAMA", "NAMA", method="jarowinkler", threshold=0.85, label="NAMA")
    compare.exact("TGL_LAHIR", "TGL_LAHIR", label="TGL_LAHIR")
    compare.exact("JENIS_KELAMIN", "JENIS_KELAMIN", label="JENIS_KELAMIN")
    compare.exact("KECAMATAN", "KECAMATAN", label="KECAMATAN")
    compare.string(
        "ALAMAT", "ALAMAT", method="jarowinkler", threshold=0.85, label="ALAMAT"
    )
    others = (df_a,) if df_b is None else (df_a, df_b)
    features = compare.compute(candidates, *others)
    matches = recordlinkage.ECMClassifier(binarize=0.5).fit_predict(features)
    found = {(a, b) for a, b in matches}
    return (unordered(found) if right is None else found), len(candidates)


# --- Splink -----------------------------------------------------------------


def splink_settings(link_type: str) -> Any:
    """Settings in the style of Splink's FEBRL examples, on the raw columns."""
    import splink.comparison_library as cl
    from splink import SettingsCreator
    from splink import block_on as splink_block_on

    rules = [
        splink_block_on("NIK"),
        splink_block_on("substr(NIK, 1, 6)", "TGL_LAHIR"),
        splink_block_on("NAMA", "substr(TGL_LAHIR, 7, 4)"),
        splink_block_on("TGL_LAHIR", "KECAMATAN"),
        splink_block_on("NAMA", "KECAMATAN"),
    ]
    comparisons = [
        cl.DamerauLevenshteinAtThresholds("NIK", [1, 2]),
        cl.NameComparison("NAMA").configure(term_frequency_adjustments=True),
        cl.DateOfBirthComparison(
            "TGL_LAHIR",
            input_is_string=True,
            datetime_format="%d-%m-%Y",
            invalid_dates_as_null=True,
        ),
        cl.ExactMatch("JENIS_KELAMIN"),
        cl.ExactMatch("KECAMATAN").configure(term_frequency_adjustments=True),
        cl.JaroWinklerAtThresholds("ALAMAT", [0.9, 0.7]),
    ]
    return SettingsCreator(
        unique_id_column_name="uid",
        link_type=link_type,
        blocking_rules_to_generate_predictions=rules,
        comparisons=comparisons,
    )


def splink_run(left: list[dict[str, str]], right: Any) -> tuple[Pairs, Any]:
    import pandas as pd
    from splink import DuckDBAPI, Linker
    from splink import block_on as splink_block_on

    rows = [left] if right is None else [left, right]
    frames = [pd.DataFrame(r)[["uid", *COLUMNS]].replace("", None) for r in rows]
    link_type = "dedupe_only" if right is None else "link_only"
    settings = splink_settings(link_type)
    db_api = DuckDBAPI()
    linker = Linker(
        [db_api.register(frame) for frame in frames],
        settings,
        log_level=logging.WARNING,
    )
    deterministic = [splink_block_on("NIK"), splink_block_on("NAMA", "TGL_LAHIR")]
    linker.training.estimate_probability_two_random_records_match(
        deterministic, recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6, seed=2)
    for rule in (splink_block_on("TGL_LAHIR"), splink_block_on("NAMA")):
        linker.training.estimate_parameters_using_expectation_maximisation(rule)
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    frame = predictions.as_pandas_dataframe()
    found = set(zip(frame["uid_l"], frame["uid_r"], strict=True))
    if right is None:
        found = unordered(found)

    def compared() -> int:
        from splink.blocking_analysis import count_comparisons_from_blocking_rules

        records = count_comparisons_from_blocking_rules(
            [db_api.register(f) for f in frames],
            blocking_rules=settings.blocking_rules_to_generate_predictions,
            link_type=link_type,
            unique_id_column_name="uid",
            record_sample_proportion=1.0,
        )
        return int(records[-1]["cumulative_comparison_count"])

    return found, compared


PIPELINES: dict[str, Pipeline] = {
    "niklib default": lambda left, right: niklib_run(left, right, fitted=False),
    "niklib fitted": lambda left, right: niklib_run(left, right, fitted=True),
    "recordlinkage 3 keys + ECM": recordlinkage_run,
    "Splink 5 (generic settings)": splink_run,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--people", type=int, default=50_000, help="registry size")
    parser.add_argument("--list", type=int, default=2_000, help="recipient list rows")
    parser.add_argument("--seed", type=int, default=1, help="synthetic data seed")
    parser.add_argument(
        "--fault-scale",
        type=float,
        default=1.0,
        help="multiply the default list fault rates by this factor (each <= 0.5)",
    )
    parser.add_argument(
        "--repeat", type=int, default=3, help="runs per pipeline; the median is shown"
    )
    parser.add_argument(
        "--only", default="", help="run only pipelines whose name contains this text"
    )
    args = parser.parse_args()

    data = build(args.people, args.list, args.seed, args.fault_scale)
    print(
        f"registry: {len(data['registry']):,} people; "
        f"list: {len(data['list']):,} rows; "
        f"true link pairs {len(data['link_truth']):,}, "
        f"true duplicate pairs {len(data['dedupe_truth']):,}"
    )
    tasks = {
        "list x registry": (data["list"], data["registry"], data["link_truth"]),
        "list dedupe": (data["list"], None, data["dedupe_truth"]),
    }
    run_table(tasks, PIPELINES, repeat=args.repeat, only=args.only)


if __name__ == "__main__":
    main()
