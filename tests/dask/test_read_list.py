"""`niklib.dask.read_list` and ``niklib audit --dask``."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

dd = pytest.importorskip("dask.dataframe")

import pandas as pd  # noqa: E402

import niklib.dask  # noqa: E402
from niklib.audit.cli import main_audit  # noqa: E402
from niklib.audit.readers import UnreadableInputError, read_table  # noqa: E402

ROWS = [
    ["NIK", "NAMA", "ALAMAT"],
    ["3604054107990003", "Siti Aminah", "Jl. Kenari 5"],
    ["0012345678901234", "René Müller", ""],
    ["3604050101000001", "Ujang", "Kp. Sukamaju"],
]


def _write(path: Path, delimiter: str, encoding: str) -> Path:
    text = "\r\n".join(delimiter.join(row) for row in ROWS) + "\r\n"
    path.write_bytes(text.encode(encoding))
    return path


def _values(frame: Any) -> list[list[str]]:
    computed = frame.compute()
    return [[str(v) for v in row] for row in computed.itertuples(index=False)]


@pytest.mark.parametrize(
    ("delimiter", "encoding"),
    [(",", "utf-8"), (";", "cp1252"), ("\t", "utf-16"), ("|", "utf-8-sig")],
)
def test_csv_dialects_read_like_the_audit(
    tmp_path: Path, delimiter: str, encoding: str
) -> None:
    path = _write(tmp_path / "list.csv", delimiter, encoding)
    frame = niklib.dask.read_list(path)
    table = read_table(path)
    assert list(frame.columns) == ROWS[0]
    assert _values(frame) == ROWS[1:]
    assert [list(row.raw) for row in table.rows] == ROWS[1:]


def test_late_cp1252_byte_is_detected(tmp_path: Path) -> None:
    """A Windows-1252 byte far into the file still selects that encoding."""
    rows = [ROWS[0], *[["3604054107990003", "Ani", "Jl. Mawar"]] * 2_000, ROWS[2]]
    text = "\n".join(",".join(row) for row in rows) + "\n"
    path = tmp_path / "list.csv"
    path.write_bytes(text.encode("cp1252"))
    frame = niklib.dask.read_list(path, blocksize=20_000)
    assert frame.npartitions > 1
    assert frame["NAMA"].compute().tolist()[-1] == "René Müller"


def test_empty_cells_stay_empty(tmp_path: Path) -> None:
    frame = niklib.dask.read_list(_write(tmp_path / "list.csv", ",", "utf-8"))
    assert frame["ALAMAT"].compute().tolist()[1] == ""


def test_glob_and_parquet_folder(tmp_path: Path) -> None:
    for number in range(2):
        _write(tmp_path / f"part-{number}.csv", ",", "utf-8")
    frame = niklib.dask.read_list(str(tmp_path / "part-*.csv"))
    assert len(frame.compute()) == 6
    pd.DataFrame(ROWS[1:], columns=ROWS[0]).to_parquet(tmp_path / "list.parquet")
    assert _values(niklib.dask.read_list(tmp_path / "list.parquet")) == ROWS[1:]


def test_glob_files_must_share_dialect(tmp_path: Path) -> None:
    _write(tmp_path / "a.csv", ",", "utf-8")
    _write(tmp_path / "b.csv", ",", "cp1252")
    with pytest.raises(UnreadableInputError, match=r"b\.csv: its encoding differs"):
        niklib.dask.read_list(str(tmp_path / "*.csv"))
    (tmp_path / "b.csv").write_text("NAMA,NIK,ALAMAT\nAni,3604054107990003,\n")
    with pytest.raises(UnreadableInputError, match=r"b\.csv: its header differs"):
        niklib.dask.read_list(str(tmp_path / "*.csv"))
    _write(tmp_path / "b.csv", ";", "utf-8")
    with pytest.raises(UnreadableInputError, match=r"b\.csv: its delimiter differs"):
        niklib.dask.read_list(str(tmp_path / "*.csv"))


def test_undefined_cp1252_byte_reads_as_latin1(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(b"NIK,NAMA\n3604054107990003,A\x81B\n")
    frame = niklib.dask.read_list(path)
    assert frame["NAMA"].compute().tolist() == ["A\x81B"]
    assert read_table(path).rows[0].values["name"] == "A\x81B"


def test_utf16_big_endian_is_read_whole(tmp_path: Path) -> None:
    path = _write(tmp_path / "list.csv", "\t", "utf-16")
    big = "\ufeff" + path.read_bytes().decode("utf-16")
    path.write_bytes(big.encode("utf-16-be"))
    assert _values(niklib.dask.read_list(path)) == ROWS[1:]


def test_stray_quote_is_an_error_not_joined_rows(tmp_path: Path) -> None:
    rows = [ROWS[0], *(["3604054107990003", "Ani", "Jl. Mawar"] for _ in range(40))]
    rows[5][1] = '"Ani'
    path = tmp_path / "list.csv"
    path.write_text("\n".join(",".join(row) for row in rows) + "\n")
    with pytest.raises(UnreadableInputError) as raised:
        niklib.dask.read_list(path).compute()
    message = str(raised.value)
    assert f"{path}, line 6: a double quote opens a cell" in message
    assert "runs on to the end of the file" in message
    assert "audit the list without --dask" in message


def test_quote_closed_lines_later_names_line(tmp_path: Path) -> None:
    rows = [ROWS[0], *(["3604054107990003", "Ani", "Jl. Mawar"] for _ in range(40))]
    rows[5][1] = '"Ani'
    rows[8][1] = 'Ani"'
    path = tmp_path / "list.csv"
    path.write_text("\n".join(",".join(row) for row in rows) + "\n")
    with pytest.raises(UnreadableInputError) as raised:
        niklib.dask.read_list(path).compute()
    assert f"{path}, line 6: a double quote opens a cell" in str(raised.value)
    assert "runs on to line 9" in str(raised.value)


def _bad_list(tmp_path: Path, line: int, fault: str) -> Path:
    """Write a list of 2,000 rows whose row on `line` has a fault."""
    rows = [ROWS[0], *[["3604054107990003", "Ani", "Jl. Mawar"]] * 2_000]
    if fault == "extra cell":
        rows[line - 1] = [*rows[line - 1], "X"]
    else:
        rows[line - 1] = [rows[line - 1][0], '"Ani', rows[line - 1][2]]
    path = tmp_path / "list.csv"
    path.write_text("\n".join(",".join(row) for row in rows) + "\n")
    return path


@pytest.mark.parametrize("line", [6, 1_900])
@pytest.mark.parametrize(
    ("fault", "expected"),
    [
        ("extra cell", "the row has 4 cells but the header has 3"),
        ("stray quote", "a double quote opens a cell that runs on"),
    ],
)
def test_unparsable_row_names_file_and_line(
    tmp_path: Path, line: int, fault: str, expected: str
) -> None:
    """A row pandas cannot parse, in the sample or a later block, is named."""
    path = _bad_list(tmp_path, line, fault)
    with pytest.raises(UnreadableInputError) as raised:
        niklib.dask.read_list(path, blocksize=20_000).compute()
    message = str(raised.value)
    assert message.startswith(f"{path}, line {line}: {expected}")
    assert "fix that row, or audit the list without --dask" in message
    assert "sample_rows" not in message
    assert "C error" not in message


def test_blank_lines_are_kept_as_rows(tmp_path: Path) -> None:
    path = tmp_path / "list.csv"
    path.write_text("NIK,NAMA\n3604054107990003,Ani\n\n3604054107990004,Budi\n")
    frame = niklib.dask.read_list(path).compute()
    assert len(frame) == len(read_table(path).rows) == 3
    assert frame["NAMA"].fillna("").tolist() == ["Ani", "", "Budi"]


def test_path_with_brackets_is_a_file_not_a_pattern(tmp_path: Path) -> None:
    path = _write(tmp_path / "DTKS [Banten].csv", ",", "utf-8")
    assert _values(niklib.dask.read_list(path)) == ROWS[1:]


def test_empty_file_and_csv_folder_explained(tmp_path: Path) -> None:
    (tmp_path / "empty.csv").write_text("")
    with pytest.raises(UnreadableInputError, match="file is empty"):
        niklib.dask.read_list(tmp_path / "empty.csv")
    with pytest.raises(UnreadableInputError, match="pass a glob"):
        niklib.dask.read_list(tmp_path)


def test_missing_file_names_the_path(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInputError, match=r"nothing\.csv: file not found"):
        niklib.dask.read_list(tmp_path / "nothing.csv")


def test_xlsx_is_rejected_with_advice(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInputError, match="save the sheet as CSV"):
        niklib.dask.read_list(tmp_path / "list.xlsx")


@pytest.mark.parametrize(
    ("first_bytes", "message"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", r"old binary Excel workbook \(\.xls\)"),
        (b"PK\x03\x04\x14\x00\x06\x00", r"rename it to end in \.xlsx"),
    ],
)
def test_workbook_named_csv_explained(
    tmp_path: Path, first_bytes: bytes, message: str
) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes(first_bytes + bytes(range(256)))
    with pytest.raises(UnreadableInputError, match=message):
        niklib.dask.read_list(path)


def _cli(dataset: Path, out: Path, *extra: str) -> int:
    return main_audit(
        [
            str(dataset / "jamsosratu.csv"),
            "--registry", str(dataset / "registry.csv"),
            "--exclude", f"pkh={dataset / 'pkh.csv'}",
            "--households", str(dataset / "households.csv"),
            "--as-of", "2025-01-01",
            "--out", str(out),
            "--quiet",
            *extra,
        ]
    )  # fmt: skip


def test_cli_dask_writes_the_same_files(
    client: Any, dataset: Path, tmp_path: Path
) -> None:
    """``--scheduler ADDRESS`` on the test cluster writes the files of a plain run."""
    assert _cli(dataset, tmp_path / "plain") == 0
    address = client.scheduler.address
    assert _cli(dataset, tmp_path / "dask", "--scheduler", address) == 0
    for name in ("findings.csv", "matches.csv", "decisions.csv"):
        plain = (tmp_path / "plain" / name).read_bytes()
        assert (tmp_path / "dask" / name).read_bytes() == plain


def test_cli_dask_local_cluster(dataset: Path, tmp_path: Path) -> None:
    """``--dask`` alone starts and stops its own LocalCluster."""
    assert _cli(dataset, tmp_path / "plain") == 0
    assert _cli(dataset, tmp_path / "dask", "--dask") == 0
    plain = (tmp_path / "plain" / "findings.csv").read_bytes()
    assert (tmp_path / "dask" / "findings.csv").read_bytes() == plain


def test_cli_dask_with_demo_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as stopped:
        main_audit(["--demo", "--dask", "--out", str(tmp_path)])
    assert stopped.value.code == 2
    assert "not with --demo" in capsys.readouterr().err


def test_cli_dask_missing_list_is_reported(
    client: Any, dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main_audit(
        [
            str(dataset / "jamsosratu.csv"),
            "--registry", str(tmp_path / "missing.csv"),
            "--scheduler", client.scheduler.address,
            "--out", str(tmp_path / "out"),
        ]
    )  # fmt: skip
    assert status == 2
    assert "missing.csv: file not found" in capsys.readouterr().err


def test_cli_glob_exclude_needs_a_name(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = _cli(dataset, tmp_path / "out", "--dask", "--exclude", "lists/*.csv")
    assert status == 2
    assert "name the programme of a glob, such as pkh=lists/*.csv" in (
        capsys.readouterr().err
    )


def test_cli_bad_scheduler_address_explained(
    dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = _cli(dataset, tmp_path / "out", "--scheduler", "not-an-address")
    assert status == 2
    assert "give the address of a running Dask scheduler" in capsys.readouterr().err


def test_cli_unreadable_registry_shows_no_nik(
    client: Any, dataset: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A registry whose rows Dask cannot parse stops the run without any full NIK."""
    registry = tmp_path / "registry.csv"
    lines = (dataset / "registry.csv").read_text().splitlines()
    lines[300] += ",extra cell"
    registry.write_text("\n".join(lines) + "\n")
    status = main_audit(
        [
            str(dataset / "jamsosratu.csv"),
            "--registry", str(registry),
            "--scheduler", client.scheduler.address,
            "--out", str(tmp_path / "out"),
        ]
    )  # fmt: skip
    error = capsys.readouterr().err
    assert status == 2
    assert "registry.csv, line 301: the row has 11 cells" in error
    assert not re.search(r"\d{16}", error)
