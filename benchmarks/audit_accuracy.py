"""Recall and precision of ``niklib audit`` on a synthetic list with labelled faults.

Generates a synthetic Banten population with niklib.synth, audits its
Jamsosratu list against its registry and PKH list, and compares the issue
codes in findings.csv with the faults planted in the list (the truth file).
A planted fault counts as found when the row carries one of the codes that
fault should raise; a clean row counts as wrongly flagged when it carries
any identity code (anything but eligibility and programme membership),
except duplicate codes shared with a row that has a planted duplicate
fault: the first copy of a duplicated row is rightly flagged too.

    python benchmarks/audit_accuracy.py [--size 200000] [--seed 2019]
"""

from __future__ import annotations

import argparse
import csv
import tempfile
import time
from collections import Counter
from pathlib import Path

from niklib.audit import audit, write_outputs
from niklib.synth import PopulationSpec, write_dataset

# The codes each planted fault should raise; any one of them counts.
NIK_CHANGED = {
    "nik_invalid", "registry_linked", "not_in_registry", "registry_name_differs",
    "registry_date_differs", "nik_date_mismatch", "nik_sex_mismatch", "nik_shared",
    "nik_spreadsheet_damage", "duplicate_person",
}  # fmt: skip
EXPECTED = {
    "nik_substitution": NIK_CHANGED,
    "nik_transposition": NIK_CHANGED,
    "nik_spreadsheet": NIK_CHANGED,
    "nik_missing": {"nik_missing"},
    "date_day_month_swap": {"nik_date_mismatch", "registry_date_differs"},
    "date_placeholder": {"nik_date_mismatch", "registry_date_differs"},
    "duplicate_row": {"duplicate_nik", "duplicate_person"},
    "second_nik": {"duplicate_person", "registry_linked", "not_in_registry"},
    "shared_nik": {"nik_shared", "registry_name_differs", "duplicate_nik"},
    "migrant": {"nik_out_of_province"},
    "nik_date_mismatch": {"nik_date_mismatch"},
    "nik_sex_mismatch": {"nik_sex_mismatch", "nik_date_mismatch"},
    "name_typo": {"registry_name_differs"},
}
# Name variants of the same person that the audit should see through.
TOLERATED = {
    "name_old_spelling", "name_muhammad_form", "name_title", "name_patronym",
    "name_abbreviation",
}  # fmt: skip
DUPLICATE_FAULTS = {"duplicate_row", "second_nik", "shared_nik"}
DUPLICATE_CODES = {"duplicate_nik", "duplicate_person", "nik_shared"}
NOT_IDENTITY = {
    "in_other_programme",
    "not_eligible",
    "eligibility_unknown",
    "nik_retired_region",
}


def evaluate(folder: Path, out: Path) -> dict[str, object]:
    """Audit the dataset in `folder`, write outputs to `out` and score them."""
    started = time.perf_counter()
    result = audit(
        folder / "jamsosratu.csv",
        registry=folder / "registry.csv",
        exclude={"pkh": folder / "pkh.csv"},
        households=folder / "households.csv",
        as_of=PopulationSpec(size=1).as_of,
    )
    seconds = time.perf_counter() - started
    write_outputs(result, out)
    with (out / "findings.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    findings = {row["row"]: set(filter(None, row["codes"].split(";"))) for row in rows}
    groups = {row["row"]: row["duplicate_group"] for row in rows}
    with (folder / "jamsosratu_truth.csv").open(encoding="utf-8") as handle:
        truth = list(csv.DictReader(handle))
    planted_groups = {
        groups[str(int(row["NO"]) + 1)]
        for row in truth
        if DUPLICATE_FAULTS & set(row["FAULTS"].split(";"))
    } - {""}

    planted: Counter[str] = Counter()
    found: Counter[str] = Counter()
    clean = flagged_clean = 0
    for row in truth:
        codes = findings[str(int(row["NO"]) + 1)] - NOT_IDENTITY
        faults = set(filter(None, row["FAULTS"].split(";")))
        for fault in faults & set(EXPECTED):
            planted[fault] += 1
            found[fault] += bool(codes & EXPECTED[fault])
        if not faults - TOLERATED:
            clean += 1
            if groups[str(int(row["NO"]) + 1)] in planted_groups:
                codes -= DUPLICATE_CODES
            flagged_clean += bool(codes)
    return {
        "rows": len(truth),
        "seconds": seconds,
        "recall": {k: (found[k], planted[k]) for k in sorted(planted)},
        "clean_rows": clean,
        "clean_rows_flagged": flagged_clean,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--size", type=int, default=200_000, help="people in the registry"
    )
    parser.add_argument("--seed", type=int, default=2019, help="synthetic data seed")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        folder = Path(temporary)
        write_dataset(folder / "data", PopulationSpec(size=args.size, seed=args.seed))
        scores = evaluate(folder / "data", folder / "out")
    print(f"rows audited: {scores['rows']}, audit time {scores['seconds']:.1f} s")
    print("| planted fault | rows | found | recall |\n| --- | ---: | ---: | ---: |")
    for fault, (hit, total) in scores["recall"].items():  # type: ignore[attr-defined]
        print(f"| {fault} | {total} | {hit} | {hit / total:.3f} |")
    clean, flagged = scores["clean_rows"], scores["clean_rows_flagged"]
    print(
        f"clean rows: {clean}, flagged: {flagged} "
        f"(precision on clean rows {1 - flagged / max(clean, 1):.3f})"
    )  # type: ignore[operator]


if __name__ == "__main__":
    main()
