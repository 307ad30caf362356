"""CSV writers and readers for synthetic registries, lists and their truth.

The column names are those of a Banten social-service list: ``NIK``,
``NO_KK``, ``NAMA``, ``TGL_LAHIR`` (``DD-MM-YYYY``), ``JENIS_KELAMIN``
(``L`` or ``P``), ``ALAMAT``, ``DESA``, ``KECAMATAN`` and ``KAB_KOTA``.
Every cell is written and read as text, so NIK and KK numbers keep all 16
digits. The readers never convert a cell to a number.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from niklib.synth._faults import ListEntry, format_date, region_names
from niklib.synth._model import Household

__all__ = [
    "COLUMN_MAP",
    "LIST_COLUMNS",
    "MEMBER_COLUMNS",
    "REGISTRY_COLUMNS",
    "TRUTH_COLUMNS",
    "list_rows",
    "member_rows",
    "read_csv",
    "registry_text",
    "truth_rows",
    "write_csv",
]

LIST_COLUMNS = (
    "NO", "NIK", "NO_KK", "NAMA", "TGL_LAHIR", "JENIS_KELAMIN", "ALAMAT",
    "DESA", "KECAMATAN", "KAB_KOTA",
)  # fmt: skip
REGISTRY_COLUMNS = (
    "NIK", "NO_KK", "NAMA", "TGL_LAHIR", "JENIS_KELAMIN", "HUBUNGAN", "ALAMAT",
    "DESA", "KECAMATAN", "KAB_KOTA",
)  # fmt: skip
TRUTH_COLUMNS = (
    "NO", "PERSON_ID", "HOUSEHOLD_ID", "TRUE_NIK", "TRUE_NAMA",
    "TRUE_TGL_LAHIR", "TRUE_JENIS_KELAMIN", "FAULTS", "DETAIL",
)  # fmt: skip
MEMBER_COLUMNS = (
    "household_id", "person_id", "nik", "kk", "relationship", "domicile",
    "in_target_data", "pkh_access_area", "savings_obligation_met", "pregnant",
    "nursing", "disability", "severe_disability", "school_level", "attendance",
    "immunisation_complete", "civil_servant", "birth_with_health_worker",
)  # fmt: skip

# Maps niklib's standard record keys to the list and registry columns, for
# niklib.linkage and niklib.audit.
COLUMN_MAP = {
    "id": "NO",
    "nik": "NIK",
    "kk": "NO_KK",
    "name": "NAMA",
    "birth_date": "TGL_LAHIR",
    "sex": "JENIS_KELAMIN",
    "address": ("ALAMAT", "DESA"),
    "region": "KECAMATAN",
}

# Relationship to the head of the family, as printed on a KK.
_RELATIONSHIP = {
    "head": "KEPALA KELUARGA",
    "child": "ANAK",
    "parent": "ORANG TUA",
}


def _relationship(role: str, sex: str) -> str:
    if role == "spouse":
        return "ISTRI" if sex == "F" else "SUAMI"
    return _RELATIONSHIP[role]


def registry_text(households: Iterable[Household]) -> str:
    """Return registry CSV rows (without header) for households, as one string."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    for household in households:
        regency, district = region_names(household.district)
        village = household.village.upper()
        for person in household.members:
            writer.writerow(
                (
                    person.nik,
                    household.kk,
                    person.name.upper(),
                    format_date(person.birth_date),
                    "L" if person.sex == "M" else "P",
                    _relationship(person.relationship, person.sex),
                    household.address,
                    village,
                    district,
                    regency,
                )
            )
    return buffer.getvalue()


def list_rows(entries: Sequence[ListEntry]) -> list[dict[str, str]]:
    """Return the list rows, numbered from 1, in `LIST_COLUMNS` order."""
    return [{"NO": str(n), **entry.cells} for n, entry in enumerate(entries, start=1)]


def truth_rows(entries: Sequence[ListEntry]) -> list[dict[str, str]]:
    """Return one ground-truth row per list row, with faults and referenced rows."""
    numbers = {entry.key: n for n, entry in enumerate(entries, start=1)}
    rows = []
    for n, entry in enumerate(entries, start=1):
        details = []
        for index, fault in enumerate(entry.faults):
            text = fault.detail
            if index in entry.references:
                text = f"{text} {numbers[entry.references[index]]}".strip()
            if text:
                details.append(f"{fault.kind.value}: {text}")
        person = entry.person
        rows.append(
            {
                "NO": str(n),
                "PERSON_ID": person.id,
                "HOUSEHOLD_ID": entry.household.id,
                "TRUE_NIK": person.nik,
                "TRUE_NAMA": person.name.upper(),
                "TRUE_TGL_LAHIR": format_date(person.birth_date),
                "TRUE_JENIS_KELAMIN": "L" if person.sex == "M" else "P",
                "FAULTS": ";".join(f.kind.value for f in entry.faults),
                "DETAIL": "; ".join(details),
            }
        )
    return rows


def _flag(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    return str(value)


def member_rows(households: Iterable[Household]) -> Iterator[dict[str, str]]:
    """Yield one row per member with the inputs the eligibility rules read."""
    for household in households:
        for person in household.members:
            yield {
                "household_id": household.id,
                "person_id": person.id,
                "nik": person.nik,
                "kk": household.kk,
                "relationship": person.relationship,
                "domicile": household.district,
                "in_target_data": _flag(household.in_target_data),
                "pkh_access_area": _flag(household.pkh_access_area),
                "savings_obligation_met": _flag(household.savings_obligation_met),
                "pregnant": _flag(person.pregnant),
                "nursing": _flag(person.nursing),
                "disability": _flag(person.disability),
                "severe_disability": _flag(person.severe_disability),
                "school_level": person.school_level,
                "attendance": _flag(person.attendance),
                "immunisation_complete": _flag(person.immunisation_complete),
                "civil_servant": _flag(person.civil_servant),
                "birth_with_health_worker": _flag(person.birth_with_health_worker),
            }


def write_csv(
    path: str | Path, columns: Sequence[str], rows: Iterable[dict[str, str]]
) -> int:
    """Write rows to a UTF-8 CSV file with a header; return the number of rows."""
    count = 0
    with Path(path).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(columns), lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
            count += 1
    return count


def read_csv(path: str | Path) -> Iterator[dict[str, str]]:
    """Read a CSV file written by niklib.synth, every cell as text.

    Raises `ValueError` naming the file and line when a row has a different
    number of cells than the header.
    """
    with Path(path).open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            return
        for row in reader:
            if len(row) != len(header):
                raise ValueError(
                    f"{path}, line {reader.line_num}: {len(row)} cells, expected "
                    f"{len(header)} as in the header; the file is damaged or "
                    "was not written by niklib.synth"
                )
            yield dict(zip(header, row, strict=True))
