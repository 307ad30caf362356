"""Mapping the column headers of real recipient lists to niklib's field names.

Lists exported by social services name their columns in many ways
(``NIK``, ``NO_KK``, ``NAMA``, ``TGL_LAHIR``, ``JENIS_KELAMIN`` or ``JK``,
``ALAMAT``, ``KAB_KOTA``, ...). `map_columns` recognises the usual headers
after folding case, spaces and punctuation, and takes an explicit mapping
for the rest.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Mapping

import attrs

__all__ = [
    "FIELDS",
    "ColumnMapping",
    "MissingColumnError",
    "has_required_columns",
    "map_columns",
    "parse_mapping",
]

logger = logging.getLogger("niklib.audit")

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
    """A required column is not in the file and no mapping names it.

    `advice` is the sentence telling the user what to do; by default it
    suggests renaming the column or mapping it with ``--columns``.
    """

    def __init__(
        self,
        field: str,
        headers: Iterable[str],
        source: str,
        *,
        advice: str | None = None,
    ) -> None:
        header_list = tuple(headers)
        self.field = field
        self.headers = tuple(_shown_header(h) for h in header_list)
        self.source = source
        self.advice = advice or _default_advice(field, header_list)
        known = ", ".join(FIELDS.get(field, ())[:4]) or field
        found = ", ".join(self.headers) or "(no header)"
        super().__init__(
            f"{source}: required column {field!r} not found; expected a header "
            f"such as {known}. The file has: {found}. {self.advice}"
        )


def _default_advice(field: str, headers: Iterable[str]) -> str:
    filled = [h for h in headers if h.strip()]
    joiner = _joined_by(filled[0]) if len(filled) == 1 else None
    if joiner is not None:
        return (
            f"The header is one cell of column names separated by {joiner!r}, "
            "a delimiter niklib does not read: export the file again "
            "separated by commas, semicolons, tabs or pipes (|)"
        )
    if any(_looks_like_data(h) for h in headers):
        return (
            "The first row looks like data, not a header: add a header row "
            "such as NIK;NAMA;TGL_LAHIR at the top of the file"
        )
    return (
        "Rename the column to one of those names; for the recipient list, "
        f"--columns {field}=YOUR_HEADER (or columns= in Python) maps it "
        "instead"
    )


def _joined_by(header: str) -> str | None:
    """Return the character that joins known column names in one header cell.

    A file separated by a character other than the comma, semicolon, tab or
    pipe reads as one column, whose header is then, for example,
    ``NIK#NO_KK#NAMA``. Two known names are enough to tell.
    """
    known = _all_header_names()
    for character in sorted(set(header)):
        if character.isalnum() or character in "_ ":
            continue
        parts = [_fold(part) for part in header.split(character)]
        if sum(part in known for part in parts) >= 2:
            return character
    return None


@functools.cache
def _all_header_names() -> frozenset[str]:
    return frozenset(_fold(name) for names in FIELDS.values() for name in names)


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

    Raises `ValueError` naming the bad part and the known fields, or the
    field given twice.
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
        if field in mapping:
            raise ValueError(
                f"column mapping gives field {field!r} twice ({field}="
                f"{mapping[field]} and {field}={header}); map each field to one "
                "header"
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

    When several headers fit one field, the most specific known header is
    used (the leftmost of equal ones) and a warning names them all. Raises
    `MissingColumnError` for the first required field that no header feeds,
    and `ValueError` when an explicit mapping names a header that the file
    does not have.
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
    for field in FIELDS:
        if field in fields:
            continue
        found = _known_headers(field, header_list, taken)
        if found:
            fields[field] = header_list[found[0]]
            taken.add(header_list[found[0]])
            if len(found) > 1:
                _warn_ambiguous(field, header_list, found, source)

    for field in required:
        if field not in fields:
            raise MissingColumnError(
                field,
                header_list,
                source,
                advice=_taken_advice(field, header_list, fields, explicit or {}),
            )
    unused = tuple(h for h in header_list if h not in taken)
    return ColumnMapping(fields=fields, unused=unused)


def has_required_columns(
    headers: Iterable[str],
    *,
    explicit: Mapping[str, str] | None = None,
    required: Iterable[str] = ("nik", "name"),
) -> bool:
    """Return True when `headers` feed every required field, without warnings."""
    folded = {_fold(h) for h in headers}
    for field in required:
        header = (explicit or {}).get(field)
        if header is not None:
            found = _fold(header) in folded
        else:
            found = not folded.isdisjoint(FIELDS.get(field, ()))
        if not found:
            return False
    return True


def _known_headers(field: str, headers: list[str], taken: set[str]) -> list[int]:
    """Return the positions of free headers known for `field`, best candidate first.

    A header name that occurs twice is listed at each of its positions.
    """
    folded = [_fold(h) for h in headers]
    found: list[int] = []
    for candidate in FIELDS[field]:
        found.extend(
            position
            for position, header in enumerate(headers)
            if folded[position] == candidate and header not in taken
        )
    return found


def _warn_ambiguous(
    field: str, headers: list[str], positions: list[int], source: str
) -> None:
    shown = ", ".join(
        f"{_shown_header(headers[p])!r} (column {p + 1})" for p in positions
    )
    logger.warning(
        "%s: columns %s all fit field %r; using %r (column %d). Rename the "
        "other columns, or choose one with --columns %s=HEADER (columns= in "
        "Python)",
        source,
        shown,
        field,
        _shown_header(headers[positions[0]]),
        positions[0] + 1,
        field,
    )


def _taken_advice(
    field: str,
    headers: list[str],
    fields: Mapping[str, str],
    explicit: Mapping[str, str],
) -> str | None:
    """Return advice when the header that fits `field` was mapped elsewhere."""
    candidates = set(FIELDS.get(field, ()))
    for other, header in explicit.items():
        if other != field and _fold(fields[other]) in candidates:
            shown = _shown_header(fields[other])
            return (
                f"The column {shown!r} is already mapped to {other!r} by "
                f"--columns {other}={header}; map {other!r} to another column, "
                f"or give {field}=HEADER as well"
            )
    return None
