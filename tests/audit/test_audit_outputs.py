"""The audit's outputs: unknown amounts, household numbers, registry notes,
the report's chart and the workbook's number cells.

Every NIK and KK here is synthetic.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from niklib.audit import AuditResult, audit, write_outputs
from niklib.audit.html import render_html
from niklib.audit.issues import Code

MOTHER_NIK = "3604054107900003"  # a woman born 1990-07-01
CHILD_NIK = "3604051508160002"  # a boy born 2016-08-15
KK = "3604051203150001"
OTHER_NIK = "3604051006650001"  # a man born 1965-06-10
OTHER_KK = "3604051203160001"
LIST_HEADER = "NIK,NO_KK,NAMA,TGL_LAHIR,JK,KAB_KOTA\n"
MEMBERS_HEADER = (
    "nik,kk,domicile,in_target_data,pkh_access_area,pregnant,nursing,"
    "disability,severe_disability,school_level,civil_servant,"
    "immunisation_complete,attendance\n"
)


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _pkh_audit(folder: Path, access_area: str) -> AuditResult:
    """Audit one PKH household of a pregnant mother and a child, as of 2019."""
    recipients = _write(
        folder / "list.csv",
        LIST_HEADER
        + f"{MOTHER_NIK},{KK},SITI AMINAH,01-07-1990,P,KABUPATEN SERANG\n"
        + f"{OTHER_NIK},{OTHER_KK},BUDI SANTOSO,10-06-1965,L,KABUPATEN SERANG\n",
    )
    members = _write(
        folder / "households.csv",
        MEMBERS_HEADER
        + f"{MOTHER_NIK},{KK},360405,1,{access_area},1,0,0,0,none,0,,\n"
        + f"{CHILD_NIK},{KK},360405,1,{access_area},0,0,0,0,none,0,1,\n",
    )
    return audit(
        recipients,
        households=members,
        programme="pkh",
        province=None,
        as_of=date(2019, 7, 1),
    )


def test_unknown_amount_not_zero(tmp_path: Path) -> None:
    result = _pkh_audit(tmp_path, access_area="")
    assert result.rows[0].decision_status == "eligible"
    assert result.rows[0].amount is None
    summary = result.summary_text()
    assert "Rp 0" not in summary
    assert "total yearly amount: unknown (1 household unknown)" in summary
    assert (
        "amount unknown for 1 eligible household (pkh_access_area not known)" in summary
    )


def test_unknown_amount_in_report(tmp_path: Path) -> None:
    result = _pkh_audit(tmp_path, access_area="")
    page = render_html(result)
    assert "Rp 0" not in page
    assert "unknown (1 household unknown)" in page
    assert "pkh_access_area not known" in page
    serang = next(r for r in result.regencies if r.code == "3604")
    assert serang.amount_unknown == 1
    assert serang.amount == 0


def test_known_amount_total(tmp_path: Path) -> None:
    result = _pkh_audit(tmp_path, access_area="0")
    amount = result.rows[0].amount
    assert amount is not None
    assert amount > 0
    assert f"total yearly amount: Rp {amount:,}\n" in result.summary_text()
    assert "amount unknown" not in result.summary_text()


def test_household_numbers_unique(tmp_path: Path) -> None:
    recipients = _write(
        tmp_path / "list.csv",
        LIST_HEADER
        + f"{MOTHER_NIK},{KK},SITI AMINAH,01-07-1990,P,\n"
        + f"{OTHER_NIK},{OTHER_KK},BUDI SANTOSO,10-06-1965,L,\n"
        + f"{CHILD_NIK},{KK},ANDI,15-08-2016,L,\n",
    )
    result = audit(recipients, as_of=date(2024, 7, 1))
    assert [row.household_number for row in result.rows] == [1, 2, 1]
    write_outputs(result, tmp_path / "out")
    with (tmp_path / "out" / "decisions.csv").open(encoding="utf-8-sig") as handle:
        decisions = list(csv.DictReader(handle))
    with (tmp_path / "out" / "findings.csv").open(encoding="utf-8-sig") as handle:
        findings = list(csv.DictReader(handle))
    # The two KKs mask to the same text, so only the number distinguishes them.
    assert decisions[0]["household"] == decisions[1]["household"]
    assert [d["household_number"] for d in decisions] == ["1", "2", "1"]
    assert [f["household_number"] for f in findings] == ["1", "2", "1"]


def _numeric_registry(folder: Path) -> object:
    pandas = pytest.importorskip("pandas")
    path = _write(
        folder / "registry.csv",
        LIST_HEADER
        + f"{MOTHER_NIK},{KK},SITI AMINAH,01-07-1990,P,KABUPATEN SERANG\n"
        + f"{OTHER_NIK},{OTHER_KK},BUDI SANTOSO,10-06-1965,L,KABUPATEN SERANG\n",
    )
    return pandas.read_csv(path, dtype={"NIK": float, "NO_KK": str})


def test_numeric_registry_nik_noted(tmp_path: Path) -> None:
    recipients = _write(
        tmp_path / "list.csv",
        LIST_HEADER
        + f"{MOTHER_NIK},{KK},SITI AMINAH,01-07-1990,P,KABUPATEN SERANG\n"
        + f"{OTHER_NIK},{OTHER_KK},BUDI SANTOSO,10-06-1965,L,KABUPATEN SERANG\n",
    )
    result = audit(
        recipients, registry=_numeric_registry(tmp_path), as_of=date(2024, 7, 1)
    )
    assert all(Code.REGISTRY_LINKED in row.codes for row in result.rows)
    notes = [note for note in result.notes if "NIK column seems damaged" in note]
    assert len(notes) == 1
    assert "2 of the 2 registry records" in notes[0]
    assert "written as numbers" in notes[0]
    assert "as text" in notes[0]
    assert MOTHER_NIK not in notes[0]


def test_text_registry_nik_not_noted(tmp_path: Path) -> None:
    line = f"{MOTHER_NIK},{KK},SITI AMINAH,01-07-1990,P,KABUPATEN SERANG\n"
    recipients = _write(tmp_path / "list.csv", LIST_HEADER + line)
    registry = _write(tmp_path / "registry.csv", LIST_HEADER + line)
    result = audit(recipients, registry=registry, as_of=date(2024, 7, 1))
    assert not [note for note in result.notes if "damaged" in note]


def test_empty_registry_noted(tmp_path: Path) -> None:
    line = f"{MOTHER_NIK},{KK},SITI AMINAH,01-07-1990,P,KABUPATEN SERANG\n"
    recipients = _write(tmp_path / "list.csv", LIST_HEADER + line)
    registry = _write(tmp_path / "registry.csv", LIST_HEADER)
    result = audit(recipients, registry=registry, as_of=date(2024, 7, 1))
    notes = [note for note in result.notes if "0 records" in note]
    assert len(notes) == 1
    assert notes[0].startswith("The registry has 0 records")


def test_allocation_beyond_scale_marked(tmp_path: Path) -> None:
    line = f"{MOTHER_NIK},{KK},SITI AMINAH,01-07-1990,P,KABUPATEN SERANG\n"
    recipients = _write(tmp_path / "list.csv", LIST_HEADER + line)
    result = audit(recipients, as_of=date(2024, 7, 1), allocation={"3604": 500})
    page = render_html(result)
    assert "<polygon" in page
    assert "allocation: 500, beyond the scale" in page
    assert "triangle at the right end" in page


def test_allocation_within_scale_line(tmp_path: Path) -> None:
    line = f"{MOTHER_NIK},{KK},SITI AMINAH,01-07-1990,P,KABUPATEN SERANG\n"
    recipients = _write(tmp_path / "list.csv", LIST_HEADER + line * 3)
    result = audit(recipients, as_of=date(2024, 7, 1), allocation={"3604": 2})
    page = render_html(result)
    assert "<line" in page
    assert "<polygon" not in page


def test_xlsx_numbers_are_numbers(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    line = f"{MOTHER_NIK},{KK},SITI AMINAH,01-07-1990,P,KABUPATEN SERANG\n"
    recipients = _write(tmp_path / "list.csv", LIST_HEADER + line)
    registry = _write(tmp_path / "registry.csv", LIST_HEADER + line)
    result = audit(recipients, registry=registry, as_of=date(2024, 7, 1))
    write_outputs(result, tmp_path / "out", xlsx=True)
    book = openpyxl.load_workbook(tmp_path / "out" / "audit.xlsx")
    findings = list(book["findings"].values)
    header, first = findings[0], findings[1]
    cell = dict(zip(header, first, strict=True))
    assert cell["row"] == 2
    assert isinstance(cell["match_probability"], float)
    # Undecided without household inputs, so the amount is empty.
    assert cell["amount"] is None
    matches = list(book["matches"].values)
    match = dict(zip(matches[0], matches[1], strict=True))
    assert match["registry_nik"] == MOTHER_NIK
    assert isinstance(match["match_weight"], float)


def test_xlsx_amount_is_number(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    result = _pkh_audit(tmp_path, access_area="0")
    assert result.rows[0].decision_status == "eligible"
    write_outputs(result, tmp_path / "out", xlsx=True)
    book = openpyxl.load_workbook(tmp_path / "out" / "audit.xlsx")
    findings = list(book["findings"].values)
    cell = dict(zip(findings[0], findings[1], strict=True))
    assert isinstance(cell["amount"], int)
    assert cell["amount"] == result.rows[0].amount
