"""Reading real-world recipient list exports: every record kept, NIKs as text."""

from pathlib import Path

import pytest

from niklib.audit.columns import MissingColumnError, map_columns, parse_mapping
from niklib.audit.readers import UnreadableInputError, read_records, read_table

HEADER = "NO;NIK;NAMA;TGL_LAHIR;JK;ALAMAT"


def write(
    tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "list.csv"
) -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("NIK,NAMA\n3604054107990003,Siti\n", ","),
        ("NIK;NAMA\n3604054107990003;Siti\n", ";"),
        ("NIK\tNAMA\n3604054107990003\tSiti\n", "\t"),
        ("NIK|NAMA\n3604054107990003|Siti\n", "|"),
    ],
)
def test_delimiter_detected(tmp_path: Path, text: str, delimiter: str) -> None:
    table = read_table(write(tmp_path, text))
    assert table.delimiter == delimiter
    assert table.rows[0].values["nik"] == "3604054107990003"


def test_utf8_bom_and_windows_1252(tmp_path: Path) -> None:
    bom = read_table(
        write(tmp_path, "\ufeffNIK;NAMA\n3604054107990003;Siti\n", name="a.csv")
    )
    assert bom.columns.fields["nik"] == "NIK"
    legacy = read_table(
        write(tmp_path, "NIK;NAMA\n3604054107990003;José\n", "cp1252", "b.csv")
    )
    assert legacy.encoding == "cp1252"
    assert legacy.rows[0].values["name"] == "José"


def test_every_record_kept_in_order(tmp_path: Path) -> None:
    text = (
        f"{HEADER}\r\n"
        '1;3604054107990003;Siti;01-07-1999;P;"Kp. Baru; RT 01"\r\n'
        "\r\n"
        "2;3,60405E+15;Budi\r\n"
        "3;3601011208850002;Budi S;12-08-1985;L;Jl. Raya;extra\r\n"
        ";;;;;\r\n"
    )
    table = read_table(write(tmp_path, text))
    assert [row.row_number for row in table.rows] == [2, 3, 4, 5, 6]
    assert table.rows[0].values["address"] == "Kp. Baru; RT 01"
    assert table.rows[1].problems == ("blank row",)
    assert "3 fields" in table.rows[2].problems[0]
    assert "7 fields" in table.rows[3].problems[0]
    assert table.rows[4].is_blank


def test_nik_column_read_as_text(tmp_path: Path) -> None:
    table = read_table(
        write(tmp_path, "NIK,NAMA\n0036040541079900,A\n3604054107990003,B\n")
    )
    assert table.rows[0].values["nik"] == "0036040541079900"


def test_missing_required_column_named(tmp_path: Path) -> None:
    with pytest.raises(MissingColumnError) as raised:
        read_table(write(tmp_path, "NOMOR;NAMA\n1;Siti\n"))
    assert raised.value.field == "nik"
    assert "--columns nik=" in str(raised.value)


def test_explicit_mapping_used(tmp_path: Path) -> None:
    table = read_table(
        write(tmp_path, "NOMOR_INDUK;NAMA\n3604054107990003;Siti\n"),
        columns={"nik": "NOMOR_INDUK"},
    )
    assert table.rows[0].values["nik"] == "3604054107990003"


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("No. KK", "kk"),
        ("Tgl Lahir", "birth_date"),
        ("Jenis Kelamin", "sex"),
        ("J/K", "sex"),
        ("Kab/Kota", "regency"),
        ("Desa/Kelurahan", "village"),
        ("Nama Lengkap", "name"),
        ("NIK KTP", "nik"),
    ],
)
def test_usual_headers_mapped(header: str, field: str) -> None:
    mapping = map_columns(["ID", header], required=())
    assert mapping.fields[field] == header


def test_parse_mapping_errors() -> None:
    assert parse_mapping("nik=NO_INDUK, name=NAMA_ART") == {
        "nik": "NO_INDUK",
        "name": "NAMA_ART",
    }
    with pytest.raises(ValueError, match="expected field=HEADER"):
        parse_mapping("nik")
    with pytest.raises(ValueError, match="unknown field 'nama'"):
        parse_mapping("nama=NAMA")


def test_unreadable_files(tmp_path: Path) -> None:
    with pytest.raises(UnreadableInputError, match="not found"):
        read_table(tmp_path / "missing.csv")
    with pytest.raises(UnreadableInputError, match="empty"):
        read_table(write(tmp_path, "  \n"))


def test_xlsx_numeric_nik_marked(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["NIK", "NAMA"])
    sheet.append(["3604054107990003", "Siti"])
    sheet.append([3604054107990000, "Budi"])
    sheet.append([None, None])
    path = tmp_path / "list.xlsx"
    workbook.save(path)
    table = read_table(path)
    assert len(table.rows) == 3
    assert table.rows[0].numeric_cells == frozenset()
    assert table.rows[1].numeric_cells == frozenset({"nik"})
    assert table.rows[1].values["nik"] == "3604054107990000"


def test_read_records_marks_floats_only() -> None:
    table = read_records(
        [
            {"NIK": 3604054107990003, "NAMA": "Siti"},
            {"NIK": 3.604054107990003e15, "NAMA": "Budi"},
            {"NIK": float("nan"), "NAMA": "Ani"},
            {"NIK": None, "NAMA": "B"},
        ]
    )
    assert table.rows[0].numeric_cells == frozenset()
    assert table.rows[1].numeric_cells == frozenset({"nik"})
    assert table.rows[2].numeric_cells == frozenset()
    assert table.rows[3].values["nik"] == ""
    assert [row.row_number for row in table.rows] == [2, 3, 4, 5]


def test_stray_quote_keeps_every_row(tmp_path: Path) -> None:
    text = (
        "NIK;NAMA;TGL_LAHIR\n"
        '3604054107990003;"SITI;01-07-1999\n'
        "3601011208850002;BUDI;12-08-1985\n"
        '3671015012100001;"ANI\nLINE2";10-12-2010\n'
        "3604054107990003;SITI;01-07-1999\n"
    )
    table = read_table(write(tmp_path, text))
    assert len(table.rows) == 4
    assert "unbalanced double quote" in table.rows[0].problems[0]
    assert table.rows[1].values["name"] == "BUDI"
    assert table.rows[2].values["name"] == "ANI\nLINE2"


def test_utf16_file_read(tmp_path: Path) -> None:
    table = read_table(write(tmp_path, "NIK,NAMA\n3604054107990003,Siti\n", "utf-16"))
    assert table.encoding == "utf-16"
    assert table.rows[0].values["name"] == "Siti"


def test_headerless_file_hides_numbers(tmp_path: Path) -> None:
    with pytest.raises(MissingColumnError) as raised:
        read_table(write(tmp_path, "3604054107990003;SITI;01-07-1999\n"))
    assert "3604054107990003" not in str(raised.value)
    assert "looks like data" in str(raised.value)


def test_mixed_encodings_warn(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """A file mixing UTF-8 and Windows-1252 is read, with a warning naming it."""
    path = tmp_path / "mixed.csv"
    path.write_bytes(
        b"NIK,NAMA\n"
        + "3604054107990003,René\n".encode("cp1252")
        + "3604054107990004,Müller\n".encode()
    )
    with caplog.at_level("WARNING", logger="niklib.audit"):
        table = read_table(path)
    assert table.encoding == "cp1252"
    assert [row.values["name"] for row in table.rows] == ["René", "MÃ¼ller"]
    assert "mixed.csv is not valid UTF-8 but contains UTF-8" in caplog.text


def test_plain_cp1252_does_not_warn(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "list.csv"
    path.write_bytes("NIK,NAMA\n3604054107990003,René Façade\n".encode("cp1252"))
    with caplog.at_level("WARNING", logger="niklib.audit"):
        table = read_table(path)
    assert table.rows[0].values["name"] == "René Façade"
    assert caplog.text == ""


def test_pandas_missing_markers_read_as_empty() -> None:
    pd = pytest.importorskip("pandas")
    records = [
        {"nik": pd.NA, "name": pd.NA, "birth_date": pd.NaT},
        {"nik": float("nan"), "name": " Siti ", "birth_date": None},
    ]
    table = read_records(records)
    assert table.rows[0].values == {"nik": "", "name": "", "birth_date": ""}
    assert table.rows[1].values["nik"] == ""
    assert table.rows[1].values["name"] == "Siti"
