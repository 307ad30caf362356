"""CSV files written by niklib.synth read back unchanged, NIKs as text."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

import niklib
from niklib import synth
from niklib.synth._population import PopulationSpec
from niklib.synth.cli import _print_progress, main_synth


def test_csv_round_trip(tmp_path: Path, lists: synth.ProgrammeLists) -> None:
    rows = synth.list_rows(lists.jamsosratu)
    path = tmp_path / "list.csv"
    count = synth.write_csv(path, synth.LIST_COLUMNS, rows)
    assert count == len(rows)
    assert list(synth.read_csv(path)) == rows


def test_csv_truth_round_trip(tmp_path: Path, lists: synth.ProgrammeLists) -> None:
    rows = synth.truth_rows(lists.pkh)
    path = tmp_path / "truth.csv"
    synth.write_csv(path, synth.TRUTH_COLUMNS, rows)
    assert list(synth.read_csv(path)) == rows


def test_csv_keeps_damaged_text(tmp_path: Path) -> None:
    row = dict.fromkeys(synth.LIST_COLUMNS, "")
    row.update(NO="1", NIK="3.60405E+15", NO_KK="3604050101200001", NAMA="SITI, S.PD.")
    path = tmp_path / "one.csv"
    synth.write_csv(path, synth.LIST_COLUMNS, [row])
    assert next(synth.read_csv(path)) == row


def test_csv_ragged_row_raises(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("NIK,NAMA\n3604054107990003\n", encoding="utf-8")
    with pytest.raises(ValueError, match="line 2"):
        list(synth.read_csv(path))


def test_csv_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.csv"
    path.write_text("", encoding="utf-8")
    assert list(synth.read_csv(path)) == []


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("dataset")
    spec = PopulationSpec(size=5_000, seed=5, chunk_size=1_500)
    synth.write_dataset(folder, spec, jamsosratu_size=60, pkh_size=60)
    return folder


def test_dataset_registry_rows(dataset: Path) -> None:
    rows = list(synth.read_csv(dataset / "registry.csv"))
    assert len(rows) == 5_000
    assert tuple(rows[0]) == synth.REGISTRY_COLUMNS


def test_dataset_registry_niks_valid(dataset: Path) -> None:
    rows = synth.read_csv(dataset / "registry.csv")
    assert all(niklib.is_valid(r["NIK"], as_of=synth.DEFAULT_AS_OF) for r in rows)


def test_dataset_list_matches_truth(dataset: Path) -> None:
    rows = list(synth.read_csv(dataset / "jamsosratu.csv"))
    truth = list(synth.read_csv(dataset / "jamsosratu_truth.csv"))
    assert [r["NO"] for r in rows] == [t["NO"] for t in truth]


def test_dataset_truth_in_registry(dataset: Path) -> None:
    registry = {r["NIK"] for r in synth.read_csv(dataset / "registry.csv")}
    truth = synth.read_csv(dataset / "pkh_truth.csv")
    assert all(t["TRUE_NIK"] in registry for t in truth)


def test_dataset_manifest(dataset: Path) -> None:
    manifest = json.loads((dataset / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["size"] == 5_000
    assert manifest["seed"] == 5


def test_dataset_workers_same_files(dataset: Path, tmp_path: Path) -> None:
    spec = PopulationSpec(size=5_000, seed=5, chunk_size=1_500)
    synth.write_dataset(tmp_path, spec, jamsosratu_size=60, pkh_size=60, workers=2)
    for name in ("registry.csv", "jamsosratu.csv", "pkh_truth.csv", "households.csv"):
        assert (tmp_path / name).read_bytes() == (dataset / name).read_bytes(), name


def test_cli_writes_files(tmp_path: Path) -> None:
    status = main_synth(
        ["--size", "300", "--seed", "2", "--out", str(tmp_path), "--quiet"]
    )
    assert status == 0
    assert len(list(synth.read_csv(tmp_path / "registry.csv"))) == 300


def test_cli_same_seed_same_bytes(tmp_path: Path) -> None:
    for name in ("a", "b"):
        main_synth(
            ["--size", "300", "--seed", "2", "--out", str(tmp_path / name), "--quiet"]
        )
    first = (tmp_path / "a" / "jamsosratu.csv").read_bytes()
    assert first == (tmp_path / "b" / "jamsosratu.csv").read_bytes()


def test_cli_fault_option(tmp_path: Path) -> None:
    main_synth(
        ["--size", "2000", "--out", str(tmp_path), "--quiet", "--no-faults",
         "--fault", "nik_missing=1", "--jamsosratu-size", "20", "--pkh-size", "0"]
    )  # fmt: skip
    truth = list(synth.read_csv(tmp_path / "jamsosratu_truth.csv"))
    assert all("nik_missing" in t["FAULTS"] for t in truth)


@pytest.mark.parametrize(
    "argv",
    [
        ["--fault", "nik_typo=0.1"],
        ["--fault", "nik_missing=abc"],
        ["--as-of", "2026-13-01"],
        ["--workers", "0"],
    ],
)
def test_cli_bad_arguments(tmp_path: Path, argv: list[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main_synth(["--out", str(tmp_path), *argv])
    assert raised.value.code == 2


def test_dataset_rejects_zero_workers(tmp_path: Path) -> None:
    spec = synth.PopulationSpec(size=100, seed=1)
    with pytest.raises(ValueError, match="workers must be at least 1, got 0"):
        synth.write_dataset(tmp_path, spec, workers=0)


def test_cli_bad_rate_status(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main_synth(["--out", str(tmp_path), "--fault", "nik_missing=2"])
    assert status == 2
    assert "nik_missing" in capsys.readouterr().err


def _run_small(out: Path, *options: str) -> int:
    return main_synth(["--size", "300", "--seed", "2", "--out", str(out), *options])


def test_cli_quiet_prints_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run_small(tmp_path, "--quiet", "--chunk-size", "100") == 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == ""


def test_cli_summary_without_quiet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run_small(tmp_path) == 0
    assert capsys.readouterr().out.startswith("wrote 300 people")


def test_cli_progress_lines_when_not_tty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run_small(tmp_path, "--chunk-size", "100") == 0
    err = capsys.readouterr().err
    assert "\r" not in err
    assert err.splitlines() == ["chunk 1/3", "chunk 2/3", "chunk 3/3"]


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_cli_progress_rewrites_on_tty(monkeypatch: pytest.MonkeyPatch) -> None:
    terminal = _Terminal()
    monkeypatch.setattr(sys, "stderr", terminal)
    for done in (1, 2, 3):
        _print_progress(done, 3)
    assert terminal.getvalue() == "\rchunk 1/3\rchunk 2/3\rchunk 3/3\n"


def test_cli_chunk_size_changes_data(tmp_path: Path) -> None:
    _run_small(tmp_path / "a", "--quiet", "--chunk-size", "100")
    _run_small(tmp_path / "b", "--quiet", "--chunk-size", "300")
    first = (tmp_path / "a" / "registry.csv").read_bytes()
    assert first != (tmp_path / "b" / "registry.csv").read_bytes()
