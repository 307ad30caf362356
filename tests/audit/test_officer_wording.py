"""Findings worded for the data officers who read them, without internal codes."""

from datetime import date

from niklib.audit import audit

AS_OF = date(2020, 6, 1)
NIK = "3604054107990003"


def test_excel_serial_birth_date_explained() -> None:
    row = {"NIK": NIK, "NAMA": "SITI AMINAH", "TGL_LAHIR": "27424"}
    result = audit([row], as_of=AS_OF)
    messages = [i.message for i in result.rows[0].issues]
    assert any("exported as numbers" in m for m in messages)
    assert any("format that column as dates or as text" in m for m in messages)


def test_nik_messages_use_plain_words() -> None:
    rows = [
        {"NIK": "0", "NAMA": "A"},
        {"NIK": "3.60405E+15", "NAMA": "B"},
        {"NIK": "360405410799000", "NAMA": "C"},
    ]
    result = audit(rows, as_of=AS_OF)
    first = [row.issues[0].message for row in result.rows]
    assert first[0].startswith("NIK missing: ")
    assert first[1].startswith("NIK damaged by a spreadsheet: ")
    assert first[2].startswith("NIK invalid: ")
    assert [row.codes[0].value for row in result.rows] == [
        "nik_missing",
        "nik_spreadsheet_damage",
        "nik_invalid",
    ]


def test_similar_name_difference_plain() -> None:
    row = {"NIK": NIK, "NAMA": "SITI AMINAH", "TGL_LAHIR": "01-07-1999"}
    registry = [dict(row, NAMA="SITI AMINUH")]
    result = audit([row], registry=registry, as_of=AS_OF)
    messages = [i.message for i in result.rows[0].issues]
    assert "registry name differs (similar but not the same)" in messages
    assert not any("Jaro" in m for m in messages)


def test_one_row_summary_singular() -> None:
    result = audit([{"NIK": NIK, "NAMA": "SITI AMINAH"}], as_of=AS_OF)
    assert "audited 1 row of" in result.summary_text()
