"""How the audit builds households for the rules and reports their decisions.

Every NIK and KK here is synthetic.
"""

from __future__ import annotations

import logging
from datetime import date
from pathlib import Path

import pytest

from niklib.audit import audit
from niklib.audit.issues import Code

AS_OF = date(2020, 6, 1)
MOTHER_NIK = "3604054107990003"  # a woman born 1999-07-01
CHILD_NIK = "3604051508180002"  # a boy born 2018-08-15
KK = "3604051203150001"
ROW = {
    "NIK": MOTHER_NIK,
    "NO_KK": KK,
    "NAMA": "SITI AMINAH",
    "TGL_LAHIR": "01-07-1999",
    "JK": "P",
    "KAB_KOTA": "KABUPATEN SERANG",
}
NO_KK_ROW = {key: value for key, value in ROW.items() if key != "NO_KK"}
COLUMNS = (
    "nik", "kk", "domicile", "in_target_data", "savings_obligation_met",
    "pregnant", "nursing", "disability", "severe_disability", "school_level",
    "attendance", "immunisation_complete", "civil_servant",
    "birth_with_health_worker",
)  # fmt: skip
MOTHER = {
    "nik": MOTHER_NIK,
    "kk": KK,
    "domicile": "360405",
    "in_target_data": "1",
    "savings_obligation_met": "1",
    "pregnant": "0",
    "nursing": "0",
    "disability": "0",
    "severe_disability": "0",
    "school_level": "none",
    "civil_servant": "0",
}
CHILD = {**MOTHER, "nik": CHILD_NIK, "immunisation_complete": "1"}


def _households(folder: Path, *members: dict[str, str]) -> Path:
    lines = [",".join(COLUMNS)]
    lines += [",".join(member.get(name, "") for name in COLUMNS) for member in members]
    path = folder / "households.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _no_pkh(folder: Path) -> dict[str, Path]:
    path = folder / "pkh.csv"
    path.write_text("nik,name\n", encoding="utf-8")
    return {"pkh": path}


def _messages(result: object, code: Code) -> list[str]:
    row = result.rows[0]  # type: ignore[attr-defined]
    return [issue.message for issue in row.issues if issue.code is code]


# case, mother's inputs, child's inputs, message
NOT_ELIGIBLE = [
    (
        "immunisation",
        {},
        {"immunisation_complete": "0"},
        "not eligible: immunisation not complete (member 2, child under five)",
    ),
    (
        "savings",
        {"savings_obligation_met": "0"},
        {},
        "not eligible: savings obligation not met",
    ),
    (
        "birth",
        {"pregnant": "1", "birth_with_health_worker": "0"},
        {},
        "not eligible: birth not attended by a trained health worker "
        "(member 1, pregnant member)",
    ),
]


@pytest.mark.parametrize(
    ("case", "mother", "child", "message"),
    NOT_ELIGIBLE,
    ids=[row[0] for row in NOT_ELIGIBLE],
)
def test_not_eligible_message(
    tmp_path: Path,
    case: str,
    mother: dict[str, str],
    child: dict[str, str],
    message: str,
) -> None:
    households = _households(tmp_path, {**MOTHER, **mother}, {**CHILD, **child})
    result = audit([ROW], as_of=AS_OF, households=households, exclude=_no_pkh(tmp_path))
    assert result.rows[0].decision_status == "not eligible"
    assert _messages(result, Code.NOT_ELIGIBLE) == [message]


def test_birth_column_read(tmp_path: Path) -> None:
    mother = {**MOTHER, "pregnant": "1", "birth_with_health_worker": "1"}
    households = _households(tmp_path, mother, CHILD)
    result = audit([ROW], as_of=AS_OF, households=households, exclude=_no_pkh(tmp_path))
    assert result.rows[0].decision_status == "eligible"


def test_birth_column_checked(tmp_path: Path) -> None:
    mother = {**MOTHER, "pregnant": "1", "birth_with_health_worker": "maybe"}
    households = _households(tmp_path, mother, CHILD)
    with pytest.raises(ValueError, match="birth_with_health_worker is 'maybe'"):
        audit([ROW], as_of=AS_OF, households=households)


def test_carried_forward_noted_once(tmp_path: Path) -> None:
    households = _households(tmp_path, MOTHER, CHILD)
    result = audit(
        [ROW, dict(ROW)],
        as_of=date(2023, 6, 1),
        households=households,
        exclude=_no_pkh(tmp_path),
    )
    notes = [note for note in result.notes if "latest earlier value" in note]
    assert len(notes) == 1
    assert "Jamsosratu" in notes[0]
    assert "household_amount = 1000000" in notes[0]
    assert "in force 2021-01-01 to 2021-12-31, inferred" in notes[0]
    assert notes[0] in result.summary_text()


def test_carried_forward_pkh(tmp_path: Path) -> None:
    result = audit([ROW], as_of=date(2026, 6, 1), programme="pkh", province=None)
    notes = [note for note in result.notes if "latest earlier value" in note]
    assert len(notes) == 1
    assert notes[0].startswith("PKH")
    assert "amount_pregnant = 3000000 (in force 2021-01-01 to 2025-12-31" in notes[0]


def test_no_note_when_values_in_force(tmp_path: Path) -> None:
    result = audit([ROW], as_of=AS_OF, exclude=_no_pkh(tmp_path))
    assert not any("latest earlier value" in note for note in result.notes)


def test_misnamed_pkh_list_noted(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    pkh = tmp_path / "PKH_2026.csv"
    pkh.write_text(f"NIK,NAMA\n{MOTHER_NIK},SITI AMINAH\n", encoding="utf-8")
    households = _households(tmp_path, MOTHER, CHILD)
    with caplog.at_level(logging.WARNING, logger="niklib.audit"):
        result = audit(
            [ROW], as_of=AS_OF, households=households, exclude={"pkh_2026": pkh}
        )
    notes = [note for note in result.notes if "exclusion list" in note]
    assert len(notes) == 1
    assert "pkh" in notes[0]
    assert "lists given: pkh_2026" in notes[0]
    assert "--exclude pkh=FILE" in notes[0]
    assert any("pkh=FILE" in record.getMessage() for record in caplog.records)
    assert result.rows[0].decision_status == "undetermined"
    assert Code.IN_OTHER_PROGRAMME in result.rows[0].codes


def test_pkh_list_named_pkh(tmp_path: Path) -> None:
    pkh = tmp_path / "PKH_2026.csv"
    pkh.write_text(f"NIK,NAMA\n{MOTHER_NIK},SITI AMINAH\n", encoding="utf-8")
    households = _households(tmp_path, MOTHER, CHILD)
    result = audit([ROW], as_of=AS_OF, households=households, exclude={"pkh": pkh})
    assert not any("exclusion list" in note for note in result.notes)
    assert result.rows[0].decision_status == "not eligible"
    assert _messages(result, Code.NOT_ELIGIBLE) == [
        "not eligible: already receives PKH"
    ]


def test_no_lists_noted(tmp_path: Path) -> None:
    result = audit([ROW], as_of=AS_OF)
    assert any("lists given: none" in note for note in result.notes)


def test_pkh_programme_needs_no_list() -> None:
    result = audit([ROW], as_of=date(2021, 6, 1), programme="pkh", province=None)
    assert not any("exclusion list" in note for note in result.notes)


def test_household_found_by_nik(tmp_path: Path) -> None:
    households = _households(tmp_path, MOTHER, CHILD)
    result = audit(
        [NO_KK_ROW], as_of=AS_OF, households=households, exclude=_no_pkh(tmp_path)
    )
    decision = result.decisions[0]
    assert decision is not None
    assert decision.household.id == KK
    assert len(decision.household.members) == 2
    assert result.rows[0].decision_status == "eligible"
    assert not any("households file" in note for note in result.notes)


def test_household_id_from_registry(tmp_path: Path) -> None:
    registry = tmp_path / "registry.csv"
    registry.write_text(
        "NIK,NO_KK,NAMA,TGL_LAHIR,JK\n"
        f"{MOTHER_NIK},{KK},SITI AMINAH,01-07-1999,P\n"
        f"{CHILD_NIK},{KK},BUDI,15-08-2018,L\n",
        encoding="utf-8",
    )
    result = audit(
        [NO_KK_ROW], as_of=AS_OF, registry=registry, exclude=_no_pkh(tmp_path)
    )
    decision = result.decisions[0]
    assert decision is not None
    assert decision.household.id == KK
    # The Dask audit gathers registry members only for KKs in the list.
    assert len(decision.household.members) == 1


def test_registry_kk_finds_households(tmp_path: Path) -> None:
    # The households file lists the KK, but not the recipient's NIK.
    child_only = _households(tmp_path, CHILD)
    registry = tmp_path / "registry.csv"
    registry.write_text(
        f"NIK,NO_KK,NAMA,TGL_LAHIR,JK\n{MOTHER_NIK},{KK},SITI AMINAH,01-07-1999,P\n",
        encoding="utf-8",
    )
    result = audit(
        [NO_KK_ROW],
        as_of=AS_OF,
        registry=registry,
        households=child_only,
        exclude=_no_pkh(tmp_path),
    )
    decision = result.decisions[0]
    assert decision is not None
    assert decision.household.id == KK
    assert result.rows[0].decision_status == "eligible"


def test_unused_households_noted(tmp_path: Path) -> None:
    households = _households(tmp_path, {**CHILD, "kk": "3604051203150009"})
    result = audit(
        [NO_KK_ROW], as_of=AS_OF, households=households, exclude=_no_pkh(tmp_path)
    )
    notes = [note for note in result.notes if "households file" in note]
    assert len(notes) == 1
    assert "not used for 1 of 1 rows" in notes[0]
    assert "no KK in the recipient list" in notes[0]


def test_registry_kk_same_on_dask(tmp_path: Path) -> None:
    dask = pytest.importorskip("dask")
    import niklib.dask

    registry = tmp_path / "registry.csv"
    registry.write_text(
        "NIK,NO_KK,NAMA,TGL_LAHIR,JK\n"
        f"{MOTHER_NIK},{KK},SITI AMINAH,01-07-1999,P\n"
        f"{CHILD_NIK},{KK},BUDI,15-08-2018,L\n",
        encoding="utf-8",
    )
    recipients = tmp_path / "list.csv"
    recipients.write_text(
        ",".join(NO_KK_ROW) + "\n" + ",".join(NO_KK_ROW.values()) + "\n",
        encoding="utf-8",
    )
    options = {"as_of": AS_OF, "registry": registry, "exclude": _no_pkh(tmp_path)}
    expected = audit(recipients, **options)  # type: ignore[arg-type]
    with dask.config.set(scheduler="sync"):
        distributed = niklib.dask.audit(recipients, **options)
    assert distributed.rows == expected.rows
    assert distributed.notes == expected.notes
    assert distributed.rows[0].household == KK
