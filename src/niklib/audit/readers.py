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

from niklib.audit.columns import (
    ColumnMapping,
    MissingColumnError,
    has_required_columns,
    map_columns,
)
from niklib.linkage.records import is_missing

__all__ = [
    "InputRow",
    "InputTable",
    "UnreadableInputError",
    "not_a_file",
    "read_records",
    "read_table",
    "reject_workbook",
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
        pass
    # The first line with a delimiter decides, so that a title line above
    # the header (which has none) does not hide the header's delimiter.
    for line in sample.splitlines():
        counts = {d: line.count(d) for d in _DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        if counts[best]:
            return best
    return ","


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
    not find them. `sheet` names the sheet of an XLSX file. Raises
    `UnreadableInputError` for a missing, empty, header-less or binary file
    (such as an Excel workbook named ``.csv``), an unknown sheet or a sheet
    given for a CSV file, and `MissingColumnError` for a missing required
    column.
    """
    path = Path(source)
    if not path.is_file():
        raise UnreadableInputError(not_a_file(path))
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path, columns=columns, required=required, sheet=sheet)
    if sheet is not None:
        raise UnreadableInputError(
            f"{path}: a sheet ({sheet!r}) was given, but the file is read as CSV, "
            "which has no sheets; leave out --sheet (sheet= in Python), or give "
            "the .xlsx workbook"
        )

    data = path.read_bytes()
    reject_workbook(path, data)
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


def not_a_file(path: Path) -> str:
    """Return the message for a list path that is no file: a folder, glob or typo."""
    advice = (
        "folders of Parquet files and globs of CSV files are read only by the "
        "Dask audit (niklib audit --dask, or niklib.dask.audit); without it, "
        "give one CSV or XLSX file"
    )
    if path.is_dir():
        return f"{path}: is a folder, not a file; {advice}"
    if any(mark in path.name for mark in "*?["):
        return f"{path}: file not found; {advice}"
    return f"{path}: file not found"


# The first bytes of Excel workbooks: the OLE2 container of the old binary
# .xls format, and the ZIP archive that contains an .xlsx workbook.
_XLS_SIGNATURE = b"\xd0\xcf\x11\xe0"
_ZIP_SIGNATURE = b"PK\x03\x04"


def reject_workbook(path: Path, data: bytes) -> None:
    """Raise `UnreadableInputError` when the bytes of a CSV file are a workbook."""
    if data.startswith(_XLS_SIGNATURE):
        raise UnreadableInputError(
            f"{path}: the file is an old binary Excel workbook (.xls), not CSV; "
            "open it in Excel or LibreOffice and save it as .xlsx or as CSV"
        )
    if data.startswith(_ZIP_SIGNATURE):
        raise UnreadableInputError(
            f"{path}: the file is a ZIP archive, such as an .xlsx workbook, not "
            "CSV; if it is a workbook, rename it to end in .xlsx, or open it in "
            "Excel and save the sheet as CSV"
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
    numeric: Sequence[frozenset[int]] = (),
    problems: Mapping[int, str] | None = None,
    sheets: Sequence[str] = (),
) -> InputTable:
    """Build the table from records, the header being the first non-blank one.

    `numeric` gives, by record index, the positions of cells that held a
    number. `sheets` names the sheets of an XLSX workbook, for messages.
    """
    header_index = next(
        (i for i, r in enumerate(records) if any(c.strip() for c in r)), None
    )
    if header_index is None:
        raise UnreadableInputError(
            f"{source}: no header row found; the file has no text"
        )
    headers = [h.strip() for h in records[header_index]]
    required = tuple(required)
    try:
        mapping = map_columns(
            headers, explicit=columns, required=required, source=source
        )
    except MissingColumnError as error:
        advice = _header_advice(error, records, header_index, columns, required, sheets)
        raise MissingColumnError(error.field, headers, source, advice=advice) from None
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
        numbers_here = numeric[index] if index < len(numeric) else frozenset()
        numeric_cells = frozenset(
            field
            for field in _IDENTIFIER_FIELDS
            if field in positions and positions[field] in numbers_here
        )
        rows.append(
            InputRow(
                index + 1, values, tuple(record), numeric_cells, tuple(row_problems)
            )
        )
    return InputTable(source, tuple(rows), mapping, tuple(headers), encoding, delimiter)


# How many rows below the first non-blank one are searched for the header
# when the first one lacks a required column, as below a title row.
_HEADER_SEARCH_ROWS = 10


def _header_advice(
    error: MissingColumnError,
    records: Sequence[Sequence[str]],
    header_index: int,
    columns: Mapping[str, str] | None,
    required: Sequence[str],
    sheets: Sequence[str],
) -> str:
    """Return the advice for a missing column: a header lower down, or a sheet."""
    advice = error.advice
    last = min(header_index + 1 + _HEADER_SEARCH_ROWS, len(records))
    for index in range(header_index + 1, last):
        cells = [cell.strip() for cell in records[index]]
        if has_required_columns(cells, explicit=columns, required=required):
            advice = (
                f"The header seems to be on row {index + 1}, below a title or "
                f"other text: delete rows 1 to {index} so that the header is "
                "the first row, and run again"
            )
            break
    if sheets:
        advice += (
            ". If the list is on another sheet, choose it with --sheet NAME "
            "(sheet= in Python); the workbook has the sheets "
            + ", ".join(repr(name) for name in sheets)
        )
    return advice


def _read_xlsx(
    path: Path,
    *,
    columns: Mapping[str, str] | None,
    required: Iterable[str],
    sheet: str | None,
) -> InputTable:
    with path.open("rb") as handle:
        if handle.read(len(_XLS_SIGNATURE)) == _XLS_SIGNATURE:
            raise UnreadableInputError(
                f"{path}: the file is an old binary Excel workbook (.xls) named "
                f"{path.suffix}; open it in Excel or LibreOffice and save it as "
                ".xlsx or as CSV"
            )
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
    sheets = tuple(workbook.sheetnames)
    try:
        if sheet is None:
            worksheet = workbook.worksheets[0]
        else:
            worksheet = workbook[_sheet_name(path, sheet, sheets)]
        cells = [list(row) for row in worksheet.iter_rows(values_only=True)]
    finally:
        workbook.close()

    records = [[_xlsx_cell_text(c) for c in row] for row in cells]
    numeric = [
        frozenset(p for p, cell in enumerate(row) if _is_spreadsheet_number(cell))
        for row in cells
    ]
    return _build_table(
        str(path), records, columns, required, "xlsx", "", numeric, sheets=sheets
    )


def _sheet_name(path: Path, sheet: str, sheets: Sequence[str]) -> str:
    """Return the workbook's name for `sheet`; Excel matches names in any case."""
    for name in sheets:
        if name.casefold() == sheet.casefold():
            return name
    raise UnreadableInputError(
        f"{path}: no sheet named {sheet!r}; the workbook has the sheets "
        + ", ".join(repr(name) for name in sheets)
        + ". Give one of them with --sheet (sheet= in Python)"
    )


def _xlsx_cell_text(value: object) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e20:
        # Whole numbers come back from XLSX as floats; show them without
        # ".0" so that the spreadsheet-damage finding names the digits.
        return str(int(value))
    return cell_text(value)
