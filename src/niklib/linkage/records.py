"""Person records: standard fields, column maps and field normalisation.

A record is any mapping. niklib reads the standard keys ``nik``, ``name``,
``birth_date``, ``sex``, ``address`` and ``region``, and the optional
``kk`` and ``id``. A column map adapts other names: each standard key maps
to one source column or to a tuple of columns that are joined with spaces,
for example ``{"name": ("given_name", "surname")}``.
"""

from __future__ import annotations

import datetime as dt
import functools
import numbers
import re
from collections.abc import Iterable, Mapping, Sequence

__all__ = [
    "FIELDS",
    "ColumnMap",
    "is_missing",
    "normalize_address",
    "normalize_identifier",
    "normalize_region",
    "normalize_sex",
    "parse_birth_date",
    "read_field",
]

FIELDS = ("nik", "name", "birth_date", "sex", "address", "region", "kk", "id")

ColumnMap = Mapping[str, str | Sequence[str]]

_ISO_BASIC = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ].*)?$")
# A day-first date, optionally followed by a time of day as Excel exports a
# date cell ("04-05-1978 00:00:00"); the time is checked, then ignored.
_DAY_FIRST = re.compile(
    r"^(\d{1,2})([-/.])(\d{1,2})\2(\d{4})"
    r"(?:[ T]([01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?)?$"
)
_IDENTIFIER_SEPARATORS = re.compile(r"[\s.\-'/]+")
_NOT_WORD = re.compile(r"[^A-Z0-9 ]+")

_MALE = frozenset(
    {"M", "L", "LK", "LAKI", "LAKILAKI", "LAKI LAKI", "PRIA", "MALE", "1"}
)
_FEMALE = frozenset({"F", "P", "PR", "PEREMPUAN", "WANITA", "FEMALE", "W", "2"})

# Address words with several written forms, folded to one.
_ADDRESS_WORDS = {
    "JL": "JALAN",
    "JLN": "JALAN",
    "GG": "GANG",
    "KP": "KAMPUNG",
    "KMP": "KAMPUNG",
    "KAMP": "KAMPUNG",
    "DS": "DESA",
    "KEL": "KELURAHAN",
    "KEC": "KECAMATAN",
    "KAB": "KABUPATEN",
    "PERUM": "PERUMAHAN",
    "BLK": "BLOK",
    "NO": "NOMOR",
    "NOMER": "NOMOR",
    "LINK": "LINGKUNGAN",
    "LINGK": "LINGKUNGAN",
    "DSN": "DUSUN",
}
_RT_RW = re.compile(r"\b(RT|RW)\s*0*(\d+)")


def read_field(record: Mapping[str, object], key: str, columns: ColumnMap) -> object:
    """Return a record's value for a standard key, through the column map.

    A tuple of source columns gives their non-empty values joined by one
    space. A missing column reads as None.
    """
    source = columns.get(key, key)
    if isinstance(source, str):
        return record.get(source)
    parts = [record.get(column) for column in source]
    text = " ".join(str(part).strip() for part in parts if _present(part))
    return text or None


def is_missing(value: object) -> bool:
    """Return True for None, NaN, pandas ``NA``/``NaT`` and blank strings."""
    return not _present(value)


def _present(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and value != value:
        return False
    if type(value).__name__ in ("NAType", "NaTType"):  # pandas missing markers
        return False
    return not (isinstance(value, str) and not value.strip())


def parse_birth_date(value: object) -> dt.date | None:
    """Parse a birth date written in one of the explicit formats niklib reads.

    Accepted: `datetime.date` and `datetime.datetime`, ISO ``YYYY-MM-DD``
    (with an optional time part), ISO basic ``YYYYMMDD``, then the
    Indonesian day-first forms ``DD-MM-YYYY``, ``DD/MM/YYYY`` and
    ``DD.MM.YYYY``, each optionally followed by a time ``HH:MM`` or
    ``HH:MM:SS`` (as Excel writes a date cell), which is ignored. No other
    format is guessed, so ``1980-01-05`` is never read day-first and
    ``05/01/1980`` never month-first. Missing values and impossible dates
    (31 February) give None.

    >>> parse_birth_date("1980-01-05")
    datetime.date(1980, 1, 5)
    >>> parse_birth_date("05/01/1980")
    datetime.date(1980, 1, 5)
    >>> parse_birth_date("04-05-1978 00:00:00")
    datetime.date(1978, 5, 4)
    """
    if not _present(value):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if not isinstance(value, str):
        return None
    return _parse_date_text(value)


# Birth dates, addresses and sex codes repeat a lot within a list, and the
# parsed values are immutable, so parsing is cached per text.
@functools.lru_cache(maxsize=1 << 18)
def _parse_date_text(value: str) -> dt.date | None:
    text = value.strip()
    match = _ISO.match(text) or _ISO_BASIC.match(text)
    if match:
        year, month, day = (int(group) for group in match.groups())
    else:
        match = _DAY_FIRST.match(text)
        if not match:
            return None
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def normalize_sex(value: object) -> str | None:
    """Return ``"M"``, ``"F"`` or None for a sex value in common Indonesian forms.

    Reads ``L``/``P`` (laki-laki, perempuan), ``M``/``F``, ``PRIA``,
    ``WANITA``, the codes 1 and 2, and `niklib.Sex` members (by their
    ``value``). Anything else is missing.
    """
    raw = getattr(value, "value", value)
    if raw is None:
        return None
    text = re.sub(r"[-_.]", " ", str(raw).strip().upper())
    text = " ".join(text.split())
    if text in _MALE or text.replace(" ", "") in _MALE:
        return "M"
    if text in _FEMALE:
        return "F"
    return None


def normalize_identifier(value: object) -> str:
    """Return the digits of an identifier such as a NIK, or ``""`` if unusable.

    Spaces, dots, dashes, slashes and a spreadsheet's leading apostrophe
    are removed, and so is the trailing ``.0`` of a float column. Values in
    scientific notation, non-ASCII digits, floats and any other character
    make the value unusable, because the digits can no longer be trusted.
    Only text and integers are read: any other type (a date, a bool, an
    arbitrary object) is unusable, so that its str() is never taken for
    digits.
    """
    if isinstance(value, bool) or not isinstance(value, (str, numbers.Integral)):
        return ""
    text = str(value).strip()
    if text.endswith(".0"):
        text = text[:-2]
    text = _IDENTIFIER_SEPARATORS.sub("", text)
    if not text.isascii() or not text.isdigit():
        return ""
    return text


def normalize_region(value: object) -> str:
    """Return a region value as comparable text.

    Codes keep their digits only (``36.04.05`` becomes ``360405``); region
    names are upper-cased with punctuation folded.
    """
    if not _present(value):
        return ""
    text = str(value).strip().upper()
    digits = _IDENTIFIER_SEPARATORS.sub("", text)
    if digits.isascii() and digits.isdigit():
        return digits
    return " ".join(_NOT_WORD.sub(" ", text).split())


def normalize_address(value: object) -> str:
    """Return an address with common abbreviations and RT/RW numbers folded.

    >>> normalize_address("Jl. Merdeka No.5 RT 001/RW 02")
    'JALAN MERDEKA NOMOR 5 RT1 RW2'
    """
    if not _present(value):
        return ""
    return _normalize_address_text(str(value))


@functools.lru_cache(maxsize=1 << 18)
def _normalize_address_text(value: str) -> str:
    text = value.upper()
    text = re.sub(
        r"\bRT\s*[.:]?\s*0*(\d+)\s*/\s*(?:RW\s*[.:]?\s*)?0*(\d+)", r"RT\1 RW\2", text
    )
    text = _NOT_WORD.sub(" ", text.replace("'", ""))
    text = _RT_RW.sub(r"\1\2", text)
    words = (_ADDRESS_WORDS.get(word, word) for word in text.split())
    return " ".join(words)


def collect(
    records: Iterable[Mapping[str, object]], key: str, columns: ColumnMap
) -> list[object]:
    """Return one value per record for a standard key."""
    source = columns.get(key, key)
    if isinstance(source, str):
        return [record.get(source) for record in records]
    return [read_field(record, key, columns) for record in records]
