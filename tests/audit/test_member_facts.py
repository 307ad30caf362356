"""Where the audit takes members' birth dates and sex, and repeated members.

A NIK is not re-issued when the registry corrects a birth date, so a
record's date wins over the NIK's. Every NIK and KK here is synthetic.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from niklib.audit import audit
from niklib.audit.issues import Code

AS_OF = date(2024, 7, 1)
MAN_NIK = "3604051006650001"  # encodes 10-06-1965, a man
KK = "3604051203150001"
HEADER = (
    "nik,kk,domicile,in_target_data,savings_obligation_met,pregnant,nursing,"
    "disability,severe_disability,school_level,civil_servant"
)
MEMBER = f"{MAN_NIK},{KK},360405,1,1,0,0,0,0,none,0"


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def _list_row(birth_date: str) -> str:
    return f"{MAN_NIK},{KK},BUDI SANTOSO,{birth_date},L,KABUPATEN SERANG"


def _audit(folder: Path, *, row_date: str, registry_date: str, members: str) -> object:
    columns = "NIK,NO_KK,NAMA,TGL_LAHIR,JK,KAB_KOTA\n"
    recipients = _write(folder / "list.csv", columns + _list_row(row_date) + "\n")
    registry = _write(
        folder / "registry.csv", columns + _list_row(registry_date) + "\n"
    )
    households = _write(folder / "households.csv", f"{HEADER}\n{members}")
    pkh = _write(folder / "pkh.csv", "nik,name\n")
    return audit(
        recipients,
        registry=registry,
        exclude={"pkh": pkh},
        households=households,
        as_of=AS_OF,
    )


def test_record_birth_date_wins_over_nik(tmp_path: Path) -> None:
    # 60 by his corrected record, 59 by the NIK.
    result = _audit(
        tmp_path, row_date="10-06-1964", registry_date="10-06-1964", members=MEMBER
    )
    row = result.rows[0]  # type: ignore[attr-defined]
    assert row.decision_status == "eligible", row.issues
    member = result.decisions[0].household.members[0]  # type: ignore[attr-defined]
    assert member.birth_date == date(1964, 6, 10)
    assert member.sex == "M"
    assert member.nik is None


def test_registry_date_wins_over_row(tmp_path: Path) -> None:
    result = _audit(
        tmp_path, row_date="10-06-1965", registry_date="10-06-1964", members=MEMBER
    )
    assert result.rows[0].decision_status == "eligible"  # type: ignore[attr-defined]


def test_row_date_used_without_registry_date(tmp_path: Path) -> None:
    result = _audit(tmp_path, row_date="10-06-1964", registry_date="", members=MEMBER)
    assert result.rows[0].decision_status == "eligible"  # type: ignore[attr-defined]


def test_agreeing_record_keeps_nik(tmp_path: Path) -> None:
    result = _audit(
        tmp_path, row_date="10-06-1965", registry_date="10-06-1965", members=MEMBER
    )
    row = result.rows[0]  # type: ignore[attr-defined]
    assert Code.NOT_ELIGIBLE in row.codes
    member = result.decisions[0].household.members[0]  # type: ignore[attr-defined]
    assert member.nik == MAN_NIK
    assert member.birth_date is None


def test_record_date_used_without_households_file(tmp_path: Path) -> None:
    columns = "NIK,NO_KK,NAMA,TGL_LAHIR,JK\n"
    row = f"{MAN_NIK},{KK},BUDI SANTOSO,10-06-1964,L\n"
    recipients = _write(tmp_path / "list.csv", columns + row)
    result = audit(recipients, as_of=AS_OF)
    member = result.decisions[0].household.members[0]
    assert member.birth_date == date(1964, 6, 10)
    assert member.id == "2"


def test_registry_members_take_their_record_date(tmp_path: Path) -> None:
    columns = "NIK,NO_KK,NAMA,TGL_LAHIR,JK\n"
    wife_nik = "3604055203700004"  # encodes 12-03-1970, a woman
    recipients = _write(
        tmp_path / "list.csv", columns + f"{MAN_NIK},{KK},BUDI SANTOSO,,L\n"
    )
    registry = _write(
        tmp_path / "registry.csv",
        columns
        + f"{MAN_NIK},{KK},BUDI SANTOSO,,L\n"
        + f"{wife_nik},{KK},SITI AMINAH,12-03-1969,P\n",
    )
    result = audit(recipients, registry=registry, as_of=AS_OF)
    members = result.decisions[0].household.members
    assert members[0].nik == MAN_NIK
    assert members[1].birth_date == date(1969, 3, 12)
    assert members[1].sex == "F"


def test_repeated_member_line_counted_once(tmp_path: Path) -> None:
    result = _audit(
        tmp_path,
        row_date="10-06-1964",
        registry_date="10-06-1964",
        members=f"{MEMBER}\n{MEMBER}\n",
    )
    household = result.decisions[0].household  # type: ignore[attr-defined]
    assert len(household.members) == 1
    notes = [n for n in result.notes if "repeats" in n]  # type: ignore[attr-defined]
    assert len(notes) == 1
    assert "1 member line" in notes[0]
    assert MAN_NIK not in notes[0]


def test_repeated_member_line_with_other_values_named(tmp_path: Path) -> None:
    # The repeat has disability=1 where the first line has 0.
    differing = MEMBER.replace(",0,0,0,none,", ",0,1,0,none,")
    assert differing != MEMBER
    result = _audit(
        tmp_path,
        row_date="10-06-1964",
        registry_date="10-06-1964",
        members=f"{MEMBER}\n{differing}\n",
    )
    notes = [n for n in result.notes if "repeats" in n]  # type: ignore[attr-defined]
    assert len(notes) == 1
    assert "1 of the repeats differ from the first line" in notes[0]
    assert "row 3 (disability)" in notes[0]
    assert MAN_NIK not in notes[0]


def test_invalid_kk_and_nik_lines_noted(tmp_path: Path) -> None:
    bad_kk = MEMBER.replace(KK, "maybe")
    bad_nik = MEMBER.replace(MAN_NIK, "36O4051006650001")  # letter O for zero
    result = _audit(
        tmp_path,
        row_date="10-06-1964",
        registry_date="10-06-1964",
        members=f"{MEMBER}\n{bad_kk}\n{bad_nik}\n",
    )
    notes = [n for n in result.notes if "not valid" in n]  # type: ignore[attr-defined]
    assert len(notes) == 1
    assert "a KK number that is not valid on row 3" in notes[0]
    assert "a NIK that is not valid on row 4" in notes[0]
    assert "36O4051006650001" not in notes[0]
