"""Argument checks and totals of niklib.audit.audit on small in-memory lists."""

import csv
from datetime import date
from pathlib import Path

import pytest

from niklib.audit import audit, write_outputs
from niklib.audit.cli import main_audit
from niklib.audit.readers import UnreadableInputError

AS_OF = date(2020, 6, 1)
ROW = {
    "NIK": "3604054107990003",
    "NO_KK": "3604051203150001",
    "NAMA": "SITI AMINAH",
    "TGL_LAHIR": "01-07-1999",
    "JK": "P",
    "KAB_KOTA": "KABUPATEN SERANG",
}


@pytest.mark.parametrize("province", ["3604", "x", "99", 3604])
def test_bad_province_rejected(province: object) -> None:
    with pytest.raises(ValueError, match="province must be a 2-digit"):
        audit([ROW], as_of=AS_OF, province=province)  # type: ignore[arg-type]


def test_int_province_accepted() -> None:
    result = audit([ROW], as_of=AS_OF, province=36)  # type: ignore[arg-type]
    assert "nik_out_of_province" not in {c.value for c in result.rows[0].codes}


def test_programme_name_case_insensitive() -> None:
    result = audit([ROW], as_of=AS_OF, programme="Jamsosratu")
    assert result.programme.startswith("Jamsosratu")


def test_duplicate_rows_paid_once(tmp_path: Path) -> None:
    households = tmp_path / "households.csv"
    households.write_text(
        "nik,kk,domicile,in_target_data,savings_obligation_met,pregnant,nursing,"
        "disability,severe_disability,school_level,attendance,immunisation_complete,"
        "civil_servant,birth_with_health_worker\n"
        "3604054107990003,3604051203150001,360405,1,1,1,0,0,0,none,,,0,1\n",
        encoding="utf-8",
    )
    # An empty PKH list: the rules read PKH membership by that name.
    pkh = tmp_path / "pkh.csv"
    pkh.write_text("nik,name\n", encoding="utf-8")
    result = audit(
        [ROW, dict(ROW)], as_of=AS_OF, households=households, exclude={"pkh": pkh}
    )
    statuses = [row.decision_status for row in result.rows]
    assert statuses == ["eligible", "eligible"]
    assert len(result.eligible_households()) == 1
    assert sum(r.eligible for r in result.regencies) == 1


def test_columns_map_recipients_only(tmp_path: Path) -> None:
    recipients = tmp_path / "list.csv"
    recipients.write_text(
        "NO_INDUK;NAMA\n3604054107990003;SITI AMINAH\n", encoding="utf-8"
    )
    registry = tmp_path / "registry.csv"
    registry.write_text("NIK;NAMA\n3604054107990003;SITI AMINAH\n", encoding="utf-8")
    out = tmp_path / "out"
    status = main_audit(
        [
            str(recipients),
            "--registry",
            str(registry),
            "--columns",
            "nik=NO_INDUK",
            "--as-of",
            "2020-06-01",
            "--out",
            str(out),
            "--quiet",
        ]
    )
    assert status == 0
    assert "not_in_registry" not in (out / "findings.csv").read_text(
        encoding="utf-8-sig"
    )


def test_unknown_programme_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recipients = tmp_path / "list.csv"
    recipients.write_text("NIK;NAMA\n3604054107990003;SITI\n", encoding="utf-8")
    status = main_audit(
        [str(recipients), "--program", "pkx", "--out", str(tmp_path / "o"), "--quiet"]
    )
    assert status == 2
    assert "shipped programmes are jamsosratu, pkh" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("column", "value", "expected"),
    [
        ("pkh_access_area", "abc", "row 2: pkh_access_area is 'abc'; expected 1 or 0"),
        ("pregnant", "maybe", "row 2: pregnant is 'maybe'"),
        ("attendance", "lots", "row 2: attendance is 'lots'; expected a percentage"),
        ("attendance", "140", "row 2: attendance is '140'"),
    ],
)
def test_unreadable_household_cells_named(
    tmp_path: Path, column: str, value: str, expected: str
) -> None:
    households = tmp_path / "households.csv"
    households.write_text(
        f"nik,kk,{column}\n3604054107990003,3604051203150001,{value}\n",
        encoding="utf-8",
    )
    with pytest.raises(UnreadableInputError) as raised:
        audit([ROW], as_of=AS_OF, households=households)
    message = str(raised.value)
    assert expected in message
    assert "3604054107990003" not in message


def test_household_cells_in_every_spelling_accepted(tmp_path: Path) -> None:
    households = tmp_path / "households.csv"
    households.write_text(
        "nik,kk,pregnant,nursing,disability,pkh_access_area,attendance\n"
        "3604054107990003,3604051203150001,Ya,tidak,,TRUE,0.85\n"
        "3604054107990003,3604051203150001,1,0,N,f,92\n",
        encoding="utf-8",
    )
    result = audit([ROW], as_of=AS_OF, households=households)
    assert result.rows[0].decision_status is not None


def test_pkh_found_on_one_row_counts_for_household(tmp_path: Path) -> None:
    # Two members of one KK are on the list; only the mother is on the PKH
    # list, and the household receives PKH either way.
    husband = {
        **ROW,
        "NIK": "3604051203950001",
        "NAMA": "BUDI SANTOSO",
        "TGL_LAHIR": "12-03-1995",
        "JK": "L",
    }

    households = tmp_path / "households.csv"
    households.write_text(
        "nik,kk,domicile,in_target_data,savings_obligation_met,pregnant,nursing,"
        "disability,severe_disability,school_level,attendance,immunisation_complete,"
        "civil_servant,birth_with_health_worker\n"
        "3604054107990003,3604051203150001,360405,1,1,1,0,0,0,none,,,0,1\n"
        "3604051203950001,3604051203150001,360405,1,1,0,0,0,0,none,,,0,\n",
        encoding="utf-8",
    )
    pkh = tmp_path / "pkh.csv"
    pkh.write_text("nik,name\n3604054107990003,SITI AMINAH\n", encoding="utf-8")

    result = audit(
        [ROW, husband], as_of=AS_OF, households=households, exclude={"pkh": pkh}
    )
    statuses = [row.decision_status for row in result.rows]
    assert statuses == ["not eligible", "not eligible"]
    assert "in_other_programme" in {c.value for c in result.rows[0].codes}
    assert "in_other_programme" not in {c.value for c in result.rows[1].codes}
    assert "already receives PKH" in " ".join(
        issue.message for issue in result.rows[1].issues
    )


def test_undetermined_amount_empty(tmp_path: Path) -> None:
    # Without households inputs the decision is undetermined: no amount.
    result = audit([ROW], as_of=AS_OF)
    assert result.rows[0].decision_status == "undetermined"
    assert result.rows[0].amount is None
    write_outputs(result, tmp_path)
    with (tmp_path / "decisions.csv").open(encoding="utf-8-sig") as handle:
        decisions = list(csv.DictReader(handle))
    assert decisions[0]["amount"] == ""
