"""List paths that are no file, and files separated by an unread delimiter."""

from __future__ import annotations

from pathlib import Path

import pytest

from niklib.audit.cli import main_audit
from niklib.audit.columns import MissingColumnError
from niklib.audit.readers import UnreadableInputError, read_table

HEADER = ["NIK", "NO_KK", "NAMA", "TGL_LAHIR", "JENIS_KELAMIN"]
ROW = ["3604054107990003", "3604051201180004", "SITI AMINAH", "01-07-1999", "P"]


def _write(path: Path, delimiter: str = ",") -> Path:
    lines = [delimiter.join(HEADER), delimiter.join(ROW)]
    path.write_text("\n".join(lines) + "\n")
    return path


def _run(tmp_path: Path, *arguments: str) -> int:
    return main_audit([*arguments, "--out", str(tmp_path / "out"), "--quiet"])


def test_folder_is_named_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "registry"
    folder.mkdir()
    with pytest.raises(UnreadableInputError) as raised:
        read_table(folder)
    message = str(raised.value)
    assert message.startswith(f"{folder}: is a folder, not a file")
    assert "niklib audit --dask" in message
    assert "give one CSV or XLSX file" in message


def test_glob_points_to_dask(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInputError, match="read only by the Dask audit"):
        read_table(tmp_path / "lists" / "*.csv")


def test_missing_file_stays_not_found(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInputError) as raised:
        read_table(tmp_path / "missing.csv")
    assert str(raised.value) == f"{tmp_path / 'missing.csv'}: file not found"


def test_cli_registry_folder_explained(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recipients = _write(tmp_path / "list.csv")
    folder = tmp_path / "registry"
    folder.mkdir()
    status = _run(tmp_path, str(recipients), "--registry", str(folder))
    error = capsys.readouterr().err
    assert status == 2
    assert f"{folder}: is a folder, not a file" in error


def test_cli_exclude_folder_explained(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recipients = _write(tmp_path / "list.csv")
    registry = _write(tmp_path / "registry.csv")
    folder = tmp_path / "pkh"
    folder.mkdir()
    status = _run(
        tmp_path,
        str(recipients),
        "--registry",
        str(registry),
        "--exclude",
        f"pkh={folder}",
    )
    error = capsys.readouterr().err
    assert status == 2
    assert f"{folder}: is a folder, not a file" in error
    assert "--dask" in error


@pytest.mark.parametrize("delimiter", ["#", "~", "^"])
def test_unread_delimiter_explained(tmp_path: Path, delimiter: str) -> None:
    path = _write(tmp_path / "list.csv", delimiter)
    with pytest.raises(MissingColumnError) as raised:
        read_table(path)
    advice = raised.value.advice
    assert f"column names separated by {delimiter!r}" in advice
    assert "commas, semicolons, tabs or pipes" in advice
    assert "Rename" not in advice


def test_unknown_single_header_keeps_rename_advice(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("ID#NOMOR\n1#2\n")
    with pytest.raises(MissingColumnError) as raised:
        read_table(path)
    assert raised.value.advice.startswith("Rename the column")


def test_supported_delimiters_still_read(tmp_path: Path) -> None:
    for delimiter in [",", ";", "\t", "|"]:
        table = read_table(_write(tmp_path / "list.csv", delimiter))
        assert list(table.headers) == HEADER
