"""End to end: ``niklib audit`` on a synthetic list with planted, labelled faults."""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from pathlib import Path

import pytest

from niklib.audit.cli import main_audit
from niklib.synth import PopulationSpec, write_dataset

BENCHMARK = Path(__file__).resolve().parents[2] / "benchmarks" / "audit_accuracy.py"


def _accuracy_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("audit_accuracy", BENCHMARK)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["audit_accuracy"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("synthetic")
    write_dataset(folder, PopulationSpec(size=40_000, seed=7))
    return folder


@pytest.fixture(scope="module")
def audited(dataset: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("out")
    status = main_audit(
        [
            str(dataset / "jamsosratu.csv"),
            "--registry", str(dataset / "registry.csv"),
            "--exclude", str(dataset / "pkh.csv"),
            "--households", str(dataset / "households.csv"),
            "--as-of", "2026-01-01",
            "--out", str(out),
            "--xlsx",
            "--quiet",
        ]
    )  # fmt: skip
    assert status == 0
    return out


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_one_finding_per_input_row(dataset: Path, audited: Path) -> None:
    findings = read(audited / "findings.csv")
    listed = read(dataset / "jamsosratu.csv")
    assert len(findings) == len(listed)
    assert [int(f["row"]) for f in findings] == list(range(2, len(listed) + 2))


def test_outputs_written(audited: Path) -> None:
    for name in (
        "findings.csv",
        "matches.csv",
        "decisions.csv",
        "report.html",
        "audit.xlsx",
    ):
        assert (audited / name).stat().st_size > 0


def test_no_full_nik_in_findings_or_report(dataset: Path, audited: Path) -> None:
    niks = {
        row["NIK"] for row in read(dataset / "jamsosratu.csv") if len(row["NIK"]) == 16
    }
    findings_text = (audited / "findings.csv").read_text(encoding="utf-8-sig")
    report_text = (audited / "report.html").read_text(encoding="utf-8")
    for text in (findings_text, report_text):
        found = set(re.findall(r"\d{16}", text)) & niks
        assert not found


def test_planted_faults_found_and_clean_rows_pass(
    dataset: Path, tmp_path: Path
) -> None:
    accuracy = _accuracy_module()
    scores = accuracy.evaluate(dataset, tmp_path)
    for fault, (found, planted) in scores["recall"].items():
        minimum = 0.6 if fault == "name_typo" else 0.9
        assert found / planted >= minimum, fault
    flagged = scores["clean_rows_flagged"] / scores["clean_rows"]
    assert flagged <= 0.06


def test_unusable_input_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "list.csv"
    bad.write_text("NOMOR;NAMA\n1;Siti\n", encoding="utf-8")
    status = main_audit([str(bad), "--out", str(tmp_path / "out"), "--quiet"])
    assert status == 2
    assert "required column 'nik' not found" in capsys.readouterr().err


def test_malformed_rows_kept_in_order(tmp_path: Path) -> None:
    text = (
        "NIK;NAMA;TGL_LAHIR;JK\n"
        '3604054107990003;=HYPERLINK("x");01-07-1999;P\n'
        "\n"
        "3,60405E+15;Budi\n"
        ";;;\n"
        "36.01.01.120885.0002;Budi Santoso;12-08-1985;L;extra;cells\n"
        "3604054107990003;SITI;01-07-1999;P\n"
    )
    source = tmp_path / "list.csv"
    source.write_text(text, encoding="cp1252")
    out = tmp_path / "out"
    assert (
        main_audit([str(source), "--as-of", "2020-06-01", "--out", str(out), "--quiet"])
        == 0
    )
    findings = read(out / "findings.csv")
    assert [f["row"] for f in findings] == ["2", "3", "4", "5", "6", "7"]
    assert findings[0]["name"] == '\'=HYPERLINK("x")'
    assert "row_blank" in findings[1]["codes"]
    assert "nik_spreadsheet_damage" in findings[2]["codes"]
    assert "row_malformed" in findings[4]["codes"]
    assert "nik_shared" in findings[5]["codes"]


def test_demo_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import niklib.audit.cli as cli

    monkeypatch.setattr(cli, "DEMO_SIZE", 20_000)
    assert main_audit(["--demo", "--out", str(tmp_path), "--quiet"]) == 0
    assert (tmp_path / "report.html").exists()
