"""Read a list file into a Dask DataFrame with every column as text."""

# mypy: disable-error-code="no-untyped-call,no-any-return"
# (dask ships no type hints, so its calls and results are untyped.)

from __future__ import annotations

import codecs
import csv
import glob
import io
import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import attrs
import dask.dataframe as dd
import pandas as pd
from dask.dataframe.io.csv import read_pandas

from niklib._dask.csv_blocks import BlockReader
from niklib.audit.readers import (
    UnreadableInputError,
    read_table,
    reject_workbook,
    sniff_delimiter,
)

__all__ = ["read_list"]

_CHUNK = 16 * 2**20
# The five bytes that Windows-1252 leaves undefined; a file with any of them
# is read as Latin-1, as `niklib.audit.readers.read_table` does.
_UNDEFINED_IN_CP1252 = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


def _encoding(path: Path) -> str:
    """Return the encoding of a local CSV file as the audit's reader would pick it.

    UTF-16 files start with a byte order mark. Otherwise the file is UTF-8
    when every byte of it decodes, Windows-1252 when any does not, and
    Latin-1 when it has a byte that Windows-1252 does not define.
    """
    decoder = codecs.getincrementaldecoder("utf-8")()
    utf8, undefined = True, False
    with path.open("rb") as stream:
        head = stream.read(4)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "utf-16"
        stream.seek(0)
        while chunk := stream.read(_CHUNK):
            if utf8:
                try:
                    decoder.decode(chunk)
                except UnicodeDecodeError:
                    utf8 = False
            undefined = undefined or any(b in chunk for b in _UNDEFINED_IN_CP1252)
    if utf8:
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            utf8 = False
    if utf8:
        return "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"
    return "latin-1" if undefined else "cp1252"


@attrs.frozen
class _Dialect:
    """The encoding, delimiter and header of one CSV file."""

    encoding: str
    delimiter: str
    header: tuple[str, ...]

    @classmethod
    def of(cls, path: Path) -> _Dialect:
        with path.open("rb") as stream:
            data = stream.read(64 * 1024)
        reject_workbook(path, data)
        encoding = _encoding(path)
        text = data.decode(encoding, errors="ignore")
        if not text.strip():
            raise UnreadableInputError(f"{path}: file is empty; expected a header row")
        delimiter = sniff_delimiter(text)
        first = next(csv.reader(io.StringIO(text), delimiter=delimiter), [])
        return cls(encoding, delimiter, tuple(cell.strip() for cell in first))


def _same_dialect(paths: Sequence[str]) -> _Dialect:
    """Return the dialect of the first file; raise if another file differs."""
    first = _Dialect.of(Path(paths[0]))
    for other in paths[1:]:
        dialect = _Dialect.of(Path(other))
        for label, mine, theirs in (
            ("encoding", first.encoding, dialect.encoding),
            ("delimiter", first.delimiter, dialect.delimiter),
            ("header", first.header, dialect.header),
        ):
            if mine != theirs:
                raise UnreadableInputError(
                    f"{other}: its {label} differs from {paths[0]}'s; the files "
                    "of one list must share encoding, delimiter and header, so "
                    "save them alike or read them one by one"
                )
    return first


def _no_line_breaks(
    partition: pd.DataFrame, source: str, reader: BlockReader | None
) -> pd.DataFrame:
    """Return `partition`; raise if a cell contains a line break."""
    for column in partition.columns:
        values = partition[column]
        if values.dtype.kind not in "OSU" and not isinstance(
            values.dtype, pd.StringDtype
        ):
            continue
        try:
            broken = bool(values.str.contains("\n", regex=False, na=False).any())
        except AttributeError:  # an object column without any string
            broken = False
        if broken and reader is not None:
            raise reader.error(f"a cell in column {column!r} contains a line break")
        if broken:
            raise UnreadableInputError(
                f"{source}: a cell in column {column!r} contains a line break. "
                "A stray double quote joins the rows after it into one cell, and "
                "the Dask reader cannot tell that from a quoted line break; fix "
                "the quotes, or audit the list without Dask"
            )
    return partition


def read_list(
    path: str | os.PathLike[str], *, blocksize: str | int | None = "64MB"
) -> dd.DataFrame:
    """Read a CSV file (or a glob of them) or a Parquet dataset as a Dask DataFrame.

    A folder (a URL ending in ``/``), or a path ending in ``.parquet``, is
    read with ``dask.dataframe.read_parquet``; store NIK columns there as
    strings. Anything else is CSV, read with every column as text, empty
    cells kept empty and blank lines kept as blank rows, so that row
    numbers count as in `niklib.audit.readers.read_table`. For local CSV
    files the delimiter (comma, semicolon, tab or pipe) and the encoding
    (UTF-8, Windows-1252, Latin-1 or UTF-16) are detected as that reader
    detects them. The files of a glob must share encoding, delimiter and
    header. CSV at a URL is read as UTF-8 with commas.

    Raises `UnreadableInputError` when computed if a cell contains a line
    break: pandas's CSV parser reads each block, and a stray quote would
    silently join rows. A UTF-16 file is read whole by niklib's own
    reader, because Dask cannot split it into blocks.
    """
    text = os.fspath(path)
    local = Path(text)
    remote = "://" in text
    if local.is_dir():
        if not any(local.glob("*.parquet")) and any(local.glob("*.csv")):
            raise UnreadableInputError(
                f"{text}: the folder contains CSV files, not Parquet; pass a glob "
                f"such as '{local / '*.csv'}'"
            )
        return dd.read_parquet(text)
    if local.suffix.lower() in (".parquet", ".pq") or (remote and text.endswith("/")):
        return dd.read_parquet(text)
    if local.suffix.lower() in (".xlsx", ".xlsm"):
        raise UnreadableInputError(
            f"{text}: XLSX files cannot be split into blocks; save the sheet as "
            "CSV or Parquet to read it with Dask"
        )
    options: dict[str, Any] = {
        "dtype": str,
        "keep_default_na": False,
        "skip_blank_lines": False,
        "blocksize": blocksize,
    }
    reader: BlockReader | None = None
    if remote:  # an object store URL: no local file to sniff
        # NOTE: a row pandas cannot parse in a CSV at a URL still raises
        # pandas' own error, because finding its line needs a local file.
        frame = dd.read_csv(text, **options)
    else:
        # An existing file is taken as it is named, even with glob characters.
        matches = [text] if local.is_file() else sorted(glob.glob(text))
        if not matches:
            raise UnreadableInputError(f"{text}: file not found")
        dialect = _same_dialect(matches)
        if dialect.encoding == "utf-16":
            return _read_whole(matches)
        reader = BlockReader(
            tuple(matches), dialect.encoding, dialect.delimiter, len(dialect.header)
        )
        # read_pandas is what dd.read_csv calls with pandas.read_csv. Calling
        # it with the wrapped reader keeps dd.read_csv's own wrapper from
        # prefixing the message of a parse error in the sample block.
        frame = read_pandas(
            reader,
            text,
            sep=dialect.delimiter,
            encoding=dialect.encoding,
            **options,
        )
    return frame.map_partitions(_no_line_breaks, text, reader, meta=frame._meta)


def _read_whole(paths: Sequence[str]) -> dd.DataFrame:
    """Read files with niklib's own reader and split the rows into partitions."""
    parts = []
    for path in paths:
        table = read_table(path, required=())
        width = len(table.headers)
        cells = [
            [*row.raw[:width], *[""] * (width - len(row.raw))] for row in table.rows
        ]
        parts.append(pd.DataFrame(cells, columns=list(table.headers), dtype=object))
    whole = pd.concat(parts, ignore_index=True)
    return dd.from_pandas(whole, chunksize=500_000, sort=False)
