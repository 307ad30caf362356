"""Readers for recipient lists as officers export them: CSV and XLSX.

Every record in the file becomes exactly one `InputRow`, in file order,
whatever it contains: blank lines, short or long rows and undecodable bytes
are kept and described in `InputRow.problems`, never dropped. Every value is
read as text, so NIK columns keep all 16 digits.

CSV files may be comma-, semicolon- (Indonesian-locale Excel), tab- or
pipe-separated, UTF-8 with or without a byte order mark, or Windows-1252.
XLSX needs the optional ``openpyxl`` package (``pip install niklib[xlsx]``);
a NIK or KK cell stored as a number is marked as spreadsheet damage.
"""

from __future__ import annotations

import csv
import io
import logging
import numbers
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

import attrs

from niklib.audit.columns import ColumnMapping, map_columns
from niklib.linkage.records import is_missing

__all__ = [
    "InputRow",
    "InputTable",
    "UnreadableInputError",
    "read_records",
    "read_table",
    "sniff_delimiter",
]

logger = logging.getLogger("niklib.audit")

_DELIMITERS = ",;\t|"
# A two- or three-byte UTF-8 sequence, as in "é" (C3 A9) or "’" (E2 80 99).
_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}")
_IDENTIFIER_FIELDS = ("nik", "kk")


class UnreadableInputError(ValueError):
    """The input file cannot be read as a table at all."""


@attrs.frozen
class InputRow:
    """One record of the input, with its values by field name.

    `row_number` is the spreadsheet row (the header is row 1). `values`
    contains the text of every mapped field ("" for a missing cell).
    `numeric_cells` names the fields whose XLSX cell held a number.
    `problems` describes anything odd about the row itself.
    """

    row_number: int
    values: Mapping[str, str]
    raw: tuple[str, ...] = ()
    numeric_cells: frozenset[str] = frozenset()
    problems: tuple[str, ...] = ()

    @property
    def is_blank(self) -> bool:
        """True when every cell is empty."""
        return not any(v.strip() for v in self.raw)


@attrs.frozen
class InputTable:
    """A whole input list: its rows, how its columns were mapped and how it was read."""

    source: str
    rows: tuple[InputRow, ...]
    columns: ColumnMapping
    headers: tuple[str, ...]
    encoding: str = "utf-8"
    delimiter: str = ","

    def __len__(self) -> int:
        return len(self.rows)


def _decode(data: bytes) -> tuple[str, str]:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(
                encoding
            ), "utf-8" if encoding == "utf-8-sig" else encoding
        except UnicodeDecodeError:
            continue
    # Five byte values are undefined in Windows-1252; Latin-1 maps every byte.
    return data.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    """Return the delimiter of CSV text: comma, semicolon, tab or pipe."""
    sample = "\n".join(text.splitlines()[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=_DELIMITERS).delimiter
    except csv.Error:
        header = text.splitlines()[0] if text else ""
        counts = {d: header.count(d) for d in _DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] else ","


def read_table(
    source: str | os.PathLike[str],
    *,
    columns: Mapping[str, str] | None = None,
    required: Iterable[str] = ("nik", "name"),
    delimiter: str | None = None,
    encoding: str | None = None,
    sheet: str | None = None,
) -> InputTable:
    """Read a CSV or XLSX list into an `InputTable`, one row per record.

    The format follows the file name (``.xlsx`` or anything else as CSV).
    `columns` maps field names to headers where the automatic mapping does
    not find them. Raises `UnreadableInputError` for a missing, empty or
    header-less file and `MissingColumnError` for a missing required
    column.
    """
    path = Path(source)
    if not path.is_file():
        raise UnreadableInputError(f"{path}: file not found")
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path, columns=columns, required=required, sheet=sheet)

    data = path.read_bytes()
    if encoding is not None:
        text, used = data.decode(encoding, errors="replace"), encoding
    else:
        text, used = _decode(data)
        if used == "cp1252" and _UTF8_SEQUENCE.search(data):
            logger.warning(
                "%s is not valid UTF-8 but contains UTF-8 characters; it was read "
                "as Windows-1252, so those characters show as pairs such as 'Ã©' "
                "for 'é'. Save the file in one encoding to read every name right",
                path,
            )
    if not text.strip():
        raise UnreadableInputError(f"{path}: file is empty; expected a header row")
    chosen = delimiter or sniff_delimiter(text)
    records, problems = _split_records(text, chosen)
    return _build_table(
        str(path), records, columns, required, used, chosen, problems=problems
    )


# A quoted field may span lines, but an unclosed quote would swallow the
# rest of the file into one cell. A record may span at most this many lines.
_MAX_RECORD_LINES = 10


def _split_records(text: str, delimiter: str) -> tuple[list[list[str]], dict[int, str]]:
    """Parse CSV text into records without letting a stray quote swallow rows.

    Returns the records and, by record index, a problem found while
    reading it. A quoted field may span lines only when the joined lines
    close the quote and give as many fields as the header (the first
    non-blank line). Otherwise the line is read alone with its quotes taken
    literally, and the problem is recorded.
    """
    lines = text.splitlines(keepends=True)
    records: list[list[str]] = []
    problems: dict[int, str] = {}
    width: int | None = None
    start = 0
    while start < len(lines):
        end: int | None = start + 1
        if _open_quote(lines[start]):
            end = _closing_line(lines, start, delimiter, width)
        if end is None:
            end = start + 1
            problems[len(records)] = (
                "unbalanced double quote on this row; its quotes were read "
                "literally, so check the cell that starts with a quote"
            )
            reader = csv.reader(
                [lines[start]], delimiter=delimiter, quoting=csv.QUOTE_NONE
            )
        else:
            chunk = "".join(lines[start:end])
            reader = csv.reader(io.StringIO(chunk, newline=""), delimiter=delimiter)
        parsed = next(reader, [])
        if width is None and any(cell.strip() for cell in parsed):
            width = len(parsed)
        records.append(parsed)
        start = end
    return records, problems


def _closing_line(
    lines: Sequence[str], start: int, delimiter: str, width: int | None
) -> int | None:
    """Return the end of a record whose quoted field spans lines, or None."""
    for end in range(start + 2, min(start + _MAX_RECORD_LINES, len(lines)) + 1):
        chunk = "".join(lines[start:end])
        if _open_quote(chunk):
            continue
        parsed = next(
            csv.reader(io.StringIO(chunk, newline=""), delimiter=delimiter), []
        )
        return end if width is None or len(parsed) == width else None
    return None


def _open_quote(chunk: str) -> bool:
    """True when a chunk of CSV text ends inside a quoted field."""
    return chunk.count('"') % 2 == 1


def read_records(
    records: Iterable[Mapping[str, object]],
    *,
    columns: Mapping[str, str] | None = None,
    required: Iterable[str] = ("nik", "name"),
    source: str = "records",
    headers: Sequence[str] = (),
) -> InputTable:
    """Build an `InputTable` from mappings, as `read_table` does from a file.

    `headers` gives the column names when there may be no record to take
    them from (an empty DataFrame). Values are turned into text with
    `str`, without surrounding whitespace as `read_table` gives them;
    ``None`` becomes "". Numbers
    in the NIK and KK fields are marked as numeric cells, because a number
    cannot be trusted to hold 16 digits.
    """
    rows_in = list(records)
    headers = list(headers)
    for record in rows_in:
        for key in record:
            if str(key) not in headers:
                headers.append(str(key))
    mapping = map_columns(headers, explicit=columns, required=required, source=source)
    rows: list[InputRow] = []
    for index, record in enumerate(rows_in):
        raw = tuple(cell_text(record.get(h)) for h in headers)
        values = {
            f: cell_text(record.get(h)).strip() for f, h in mapping.fields.items()
        }
        numeric = frozenset(
            f
            for f in _IDENTIFIER_FIELDS
            if f in mapping.fields and _is_number(record.get(mapping.fields[f]))
        )
        rows.append(InputRow(index + 2, values, raw, numeric))
    return InputTable(source, tuple(rows), mapping, tuple(headers))


def cell_text(value: object) -> str:
    """Return a cell's value as text, as the readers store it.

    None and pandas' markers of an empty cell (NaN, ``NA``, ``NaT``) give "".
    """
    if value is None or (not isinstance(value, str) and is_missing(value)):
        return ""
    return str(value)


def _is_spreadsheet_number(value: object) -> bool:
    """True for any number in a spreadsheet cell: Excel keeps 15 significant digits."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    """True for a float (not NaN): a number that may have lost digits.

    Integers, including numpy's, hold all 16 digits exactly, and NaN is how
    pandas writes an empty cell.
    """
    return (
        isinstance(value, numbers.Real)
        and not isinstance(value, numbers.Integral)
        and value == value
    )


def _build_table(
    source: str,
    records: Sequence[Sequence[str]],
    columns: Mapping[str, str] | None,
    required: Iterable[str],
    encoding: str,
    delimiter: str,
    numeric: Sequence[frozenset[str]] = (),
    problems: Mapping[int, str] | None = None,
) -> InputTable:
    header_index = next(
        (i for i, r in enumerate(records) if any(c.strip() for c in r)), None
    )
    if header_index is None:
        raise UnreadableInputError(
            f"{source}: no header row found; the file has no text"
        )
    headers = [h.strip() for h in records[header_index]]
    mapping = map_columns(headers, explicit=columns, required=required, source=source)
    positions = {
        field: headers.index(header) for field, header in mapping.fields.items()
    }

    rows: list[InputRow] = []
    for index in range(header_index + 1, len(records)):
        record = list(records[index])
        row_problems: list[str] = []
        if problems and index in problems:
            row_problems.append(problems[index])
        if not any(cell.strip() for cell in record):
            row_problems.append("blank row")
        elif len(record) != len(headers):
            row_problems.append(
                f"row has {len(record)} fields but the header has {len(headers)}; "
                "check the delimiter and quoting on this row"
            )
        values = {
            field: record[position].strip() if position < len(record) else ""
            for field, position in positions.items()
        }
        numeric_cells = numeric[index] if index < len(numeric) else frozenset()
        rows.append(
            InputRow(
                index + 1, values, tuple(record), numeric_cells, tuple(row_problems)
            )
        )
    return InputTable(source, tuple(rows), mapping, tuple(headers), encoding, delimiter)


def _read_xlsx(
    path: Path,
    *,
    columns: Mapping[str, str] | None,
    required: Iterable[str],
    sheet: str | None,
) -> InputTable:
    try:
        import openpyxl
    except ImportError:
        raise UnreadableInputError(
            f"{path}: reading XLSX needs openpyxl; install it with "
            "pip install 'niklib[xlsx]', or save the sheet as CSV"
        ) from None
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for damaged files
        raise UnreadableInputError(
            f"{path}: not a readable XLSX file ({error})"
        ) from None
    worksheet = workbook[sheet] if sheet else workbook.worksheets[0]
    cells = [list(row) for row in worksheet.iter_rows(values_only=True)]
    workbook.close()

    header_row = next((r for r in cells if any(c not in (None, "") for c in r)), [])
    headers = [cell_text(c).strip() for c in header_row]
    mapping = map_columns(
        headers, explicit=columns, required=required, source=str(path)
    )
    identifier_positions = {
        headers.index(mapping.fields[f]): f
        for f in _IDENTIFIER_FIELDS
        if f in mapping.fields
    }
    records: list[list[str]] = []
    numeric: list[frozenset[str]] = []
    for row in cells:
        records.append([_xlsx_cell_text(c) for c in row])
        numeric.append(
            frozenset(
                field
                for position, field in identifier_positions.items()
                if position < len(row) and _is_spreadsheet_number(row[position])
            )
        )
    return _build_table(str(path), records, columns, required, "xlsx", "", numeric)


def _xlsx_cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e20:
        # Whole numbers come back from XLSX as floats; show them without
        # ".0" so that the spreadsheet-damage finding names the digits.
        return str(int(value))
    return cell_text(value)
