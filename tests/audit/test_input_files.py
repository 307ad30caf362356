"""Messages for list files a first-time user gets wrong: sheets, headers, columns."""

import logging
from pathlib import Path

import pytest

from niklib.audit.cli import main_audit
from niklib.audit.columns import MissingColumnError, map_columns, parse_mapping
from niklib.audit.readers import UnreadableInputError, read_table

NIK = "3604054107990003"
LIST = f"NIK;NAMA;TGL_LAHIR\n{NIK};SITI AMINAH;01-07-1999\n"


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def run_audit(tmp_path: Path, *arguments: str) -> int:
    return main_audit(
        [*arguments, "--as-of", "2020-06-01", "--out", str(tmp_path / "out"), "--quiet"]
    )


def workbook(tmp_path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / "list.xlsx"
    book.save(path)
    return path


# --sheet and XLSX


def test_unknown_sheet_lists_sheet_names(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = workbook(tmp_path, {"Data": [["NIK", "NAMA"]], "Catatan": [["x"]]})
    status = run_audit(tmp_path, str(path), "--sheet", "Nope")
    error = capsys.readouterr().err
    assert status == 2
    assert "no sheet named 'Nope'" in error
    assert "'Data', 'Catatan'" in error
    assert "Traceback" not in error


def test_sheet_name_matched_in_any_case(tmp_path: Path) -> None:
    path = workbook(
        tmp_path, {"Notes": [["x"]], "Data": [["NIK", "NAMA"], [NIK, "SITI"]]}
    )
    table = read_table(path, sheet="data")
    assert table.rows[0].values["nik"] == NIK


def test_xlsx_missing_column_mentions_sheets(tmp_path: Path) -> None:
    path = workbook(tmp_path, {"Notes": [["made by", "x"]], "Data": [["NIK", "NAMA"]]})
    with pytest.raises(MissingColumnError) as raised:
        read_table(path)
    message = str(raised.value)
    assert "--sheet" in message
    assert "'Notes', 'Data'" in message


def test_sheet_for_csv_rejected(tmp_path: Path) -> None:
    path = write(tmp_path, "list.csv", LIST)
    with pytest.raises(UnreadableInputError, match="read as CSV, which has no sheets"):
        read_table(path, sheet="Data")


# Files that are not CSV


@pytest.mark.parametrize(
    ("name", "start", "expected"),
    [
        ("list.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "old binary Excel workbook"),
        ("list.csv", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "save it as .xlsx or as CSV"),
        ("list.csv", b"PK\x03\x04\x14\x00\x06\x00", "rename it to end in .xlsx"),
    ],
)
def test_workbook_bytes_named(
    tmp_path: Path, name: str, start: bytes, expected: str
) -> None:
    path = write(tmp_path, name, start + bytes(range(256)) * 4)
    with pytest.raises(UnreadableInputError) as raised:
        read_table(path)
    message = str(raised.value)
    assert expected in message
    assert "required column" not in message


def test_xls_named_xlsx_named(tmp_path: Path) -> None:
    path = write(tmp_path, "list.xlsx", b"\xd0\xcf\x11\xe0" + bytes(512))
    with pytest.raises(UnreadableInputError, match="old binary Excel workbook"):
        read_table(path)


def test_renamed_xlsx_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, "list.csv", b"PK\x03\x04" + bytes(range(256)))
    assert run_audit(tmp_path, str(path)) == 2
    assert "ZIP archive" in capsys.readouterr().err


def test_header_below_title_row_named(tmp_path: Path) -> None:
    text = "DAFTAR PENERIMA JAMSOSRATU 2026\n\n" + LIST
    with pytest.raises(MissingColumnError) as raised:
        read_table(write(tmp_path, "list.csv", text))
    message = str(raised.value)
    assert "header seems to be on row 3" in message
    assert "delete rows 1 to 2" in message


def test_header_below_title_in_xlsx_named(tmp_path: Path) -> None:
    path = workbook(
        tmp_path, {"Data": [["DAFTAR PENERIMA"], ["NIK", "NAMA"], [NIK, "SITI"]]}
    )
    with pytest.raises(MissingColumnError, match="header seems to be on row 2"):
        read_table(path)


def test_header_far_below_not_searched(tmp_path: Path) -> None:
    text = "DAFTAR PENERIMA\n" + "catatan\n" * 20 + LIST
    with pytest.raises(MissingColumnError) as raised:
        read_table(write(tmp_path, "list.csv", text))
    assert "header seems to be" not in str(raised.value)


# Column choices


def test_two_nik_columns_warn(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="niklib.audit"):
        mapping = map_columns(["NO", "NIK", "NAMA", "NIK"], source="list.csv")
    assert mapping.fields["nik"] == "NIK"
    assert len(caplog.records) == 1
    message = caplog.records[0].getMessage()
    assert "'NIK' (column 2), 'NIK' (column 4)" in message
    assert "using 'NIK' (column 2)" in message


def test_two_nik_columns_first_read(tmp_path: Path) -> None:
    text = f"NIK;NAMA;NIK\n{NIK};SITI;3604050000000000\n"
    table = read_table(write(tmp_path, "list.csv", text))
    assert table.rows[0].values["nik"] == NIK


def test_one_nik_column_does_not_warn(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="niklib.audit"):
        map_columns(["NO", "NIK", "NAMA"])
    assert caplog.records == []


def test_field_mapped_twice_rejected() -> None:
    with pytest.raises(ValueError, match="gives field 'nik' twice"):
        parse_mapping("nik=NIK,nik=NO")


def test_column_taken_by_mapping_named() -> None:
    with pytest.raises(MissingColumnError) as raised:
        map_columns(["NO", "NIK", "NAMA"], explicit={"name": "NIK"})
    message = str(raised.value)
    assert "'NIK' is already mapped to 'name' by --columns name=NIK" in message
