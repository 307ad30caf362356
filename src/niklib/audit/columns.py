"""Mapping the column headers of real recipient lists to niklib's field names.

Lists exported by social services name their columns in many ways
(``NIK``, ``NO_KK``, ``NAMA``, ``TGL_LAHIR``, ``JENIS_KELAMIN`` or ``JK``,
``ALAMAT``, ``KAB_KOTA``, ...). `map_columns` recognises the usual headers
after folding case, spaces and punctuation, and takes an explicit mapping
for the rest.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

import attrs

__all__ = [
    "FIELDS",
    "ColumnMapping",
    "MissingColumnError",
    "map_columns",
    "parse_mapping",
]

# Field names and the folded headers recognised for each, most specific
# first. A header is folded by `_fold`: upper case, runs of anything but
# letters and digits become one underscore.
FIELDS: dict[str, tuple[str, ...]] = {
    "nik": (
        "NIK",
        "NO_NIK",
        "NOMOR_NIK",
        "NIK_KTP",
        "NO_KTP",
        "NIK_PENERIMA",
        "NIK_ART",
        "NIK_KRT",
        "NIK_PENGURUS",
        "NOMOR_INDUK_KEPENDUDUKAN",
    ),
    "kk": (
        "NO_KK",
        "NOMOR_KK",
        "KK",
        "NKK",
        "NO_KARTU_KELUARGA",
        "NOMOR_KARTU_KELUARGA",
        "NIK_KK",
    ),
    "name": (
        "NAMA",
        "NAMA_LENGKAP",
        "NAMA_PENERIMA",
        "NAMA_ART",
        "NAMA_KRT",
        "NAMA_PENGURUS",
        "NAME",
        "FULL_NAME",
    ),
    "birth_date": (
        "TGL_LAHIR",
        "TANGGAL_LAHIR",
        "TGLLAHIR",
        "TGL_LHR",
        "TANGGAL_LHR",
        "BIRTH_DATE",
        "DATE_OF_BIRTH",
        "DOB",
    ),
    "birth_place": ("TEMPAT_LAHIR", "TMP_LAHIR", "TMPT_LAHIR", "BIRTH_PLACE"),
    "sex": ("JENIS_KELAMIN", "JK", "KELAMIN", "J_K", "L_P", "SEX", "GENDER"),
    "address": ("ALAMAT", "ALAMAT_LENGKAP", "ALAMAT_DOMISILI", "ADDRESS"),
    "rt": ("RT",),
    "rw": ("RW",),
    "village": (
        "DESA",
        "KELURAHAN",
        "DESA_KELURAHAN",
        "KEL_DESA",
        "DESA_KEL",
        "NAMA_DESA",
        "VILLAGE",
    ),
    "district": ("KECAMATAN", "KEC", "NAMA_KECAMATAN", "NAMA_KEC", "DISTRICT"),
    "regency": (
        "KAB_KOTA",
        "KABUPATEN_KOTA",
        "KABKOTA",
        "NAMA_KAB_KOTA",
        "KABUPATEN",
        "KOTA",
        "KAB",
        "REGENCY",
    ),
    "household": (
        "ID_RUTA",
        "ID_RUMAH_TANGGA",
        "ID_KELUARGA",
        "ID_DTKS",
        "ID_KEL",
        "HOUSEHOLD_ID",
        "HOUSEHOLD",
    ),
    "relationship": (
        "HUB_KELUARGA",
        "HUBUNGAN_KELUARGA",
        "HUB_KRT",
        "SHDK",
        "HUBUNGAN",
        "RELATIONSHIP",
    ),
    "id": ("ID", "NO", "NO_URUT", "NOMOR_URUT", "ROW_ID"),
}


def _fold(header: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", header.strip().upper()).strip("_")


class MissingColumnError(ValueError):
    """A required column is not in the file and no mapping names it."""

    def __init__(self, field: str, headers: Iterable[str], source: str) -> None:
        self.field = field
        self.headers = tuple(_shown_header(h) for h in headers)
        known = ", ".join(FIELDS.get(field, ())[:4]) or field
        found = ", ".join(self.headers) or "(no header)"
        if any(_looks_like_data(h) for h in headers):
            advice = (
                "The first row looks like data, not a header: add a header row "
                "such as NIK;NAMA;TGL_LAHIR at the top of the file"
            )
        else:
            advice = (
                "Rename the column to one of those names; for the recipient list, "
                f"--columns {field}=YOUR_HEADER (or columns= in Python) maps it "
                "instead"
            )
        super().__init__(
            f"{source}: required column {field!r} not found; expected a header "
            f"such as {known}. The file has: {found}. {advice}"
        )


def _looks_like_data(header: str) -> bool:
    digits = sum(ch.isdigit() for ch in header)
    return digits >= 8


def _shown_header(header: str) -> str:
    """Return a header for a message, masked when it looks like an identifier."""
    if _looks_like_data(header):
        return "*" * len(header)
    return header


@attrs.frozen
class ColumnMapping:
    """The source header of each field, and the headers left unused."""

    fields: Mapping[str, str]
    unused: tuple[str, ...]


def parse_mapping(text: str) -> dict[str, str]:
    """Parse ``field=HEADER,field=HEADER`` into a dict, as ``--columns`` takes it.

    Raises `ValueError` naming the bad part and the known fields.
    """
    mapping: dict[str, str] = {}
    for part in filter(None, (p.strip() for p in text.split(","))):
        field, separator, header = part.partition("=")
        field, header = field.strip(), header.strip()
        if not separator or not field or not header:
            raise ValueError(
                f"invalid column mapping {part!r}: expected field=HEADER, for "
                "example nik=NO_INDUK"
            )
        if field not in FIELDS:
            raise ValueError(
                f"unknown field {field!r} in column mapping; known fields: "
                + ", ".join(FIELDS)
            )
        mapping[field] = header
    return mapping


def map_columns(
    headers: Iterable[str],
    *,
    explicit: Mapping[str, str] | None = None,
    required: Iterable[str] = ("nik", "name"),
    source: str = "input",
) -> ColumnMapping:
    """Map source headers to fields: explicit entries first, then known headers.

    Raises `MissingColumnError` for the first required field that no header
    feeds, and `ValueError` when an explicit mapping names a header that the
    file does not have.
    """
    header_list = list(headers)
    fields: dict[str, str] = {}
    for field, header in (explicit or {}).items():
        if header not in header_list:
            matches = [h for h in header_list if _fold(h) == _fold(header)]
            if not matches:
                raise ValueError(
                    f"{source}: column mapping {field}={header} names a header the "
                    f"file does not have; the file has: {', '.join(header_list)}"
                )
            header = matches[0]
        fields[field] = header

    taken = set(fields.values())
    folded = {h: _fold(h) for h in header_list}
    for field, candidates in FIELDS.items():
        if field in fields:
            continue
        for candidate in candidates:
            found = next(
                (h for h in header_list if folded[h] == candidate and h not in taken),
                None,
            )
            if found is not None:
                fields[field] = found
                taken.add(found)
                break

    for field in required:
        if field not in fields:
            raise MissingColumnError(field, header_list, source)
    unused = tuple(h for h in header_list if h not in taken)
    return ColumnMapping(fields=fields, unused=unused)
