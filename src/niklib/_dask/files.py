"""Read a list file into a Dask DataFrame with every column as text."""

# mypy: disable-error-code="no-untyped-call,no-any-return"
# (dask ships no type hints, so its calls and results are untyped.)

from __future__ import annotations

import codecs
import glob
import os
from pathlib import Path

import dask.dataframe as dd

from niklib.audit.readers import UnreadableInputError, sniff_delimiter

__all__ = ["read_list"]

_CHUNK = 16 * 2**20


def _encoding(path: Path) -> str:
    """Return the encoding of a local CSV file as the audit's reader would pick it.

    UTF-16 files start with a byte order mark. Otherwise the file is UTF-8
    when every byte of it decodes, and Windows-1252 when any does not.
    """
    with path.open("rb") as stream:
        head = stream.read(4)
        if head.startswith((b"\xff\xfe", b"\xfe\xff")):
            return "utf-16"
        stream.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            while chunk := stream.read(_CHUNK):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig" if head.startswith(codecs.BOM_UTF8) else "utf-8"


def _head_text(path: Path, encoding: str) -> str:
    with path.open("rb") as stream:
        data = stream.read(64 * 1024)
    return data.decode(encoding, errors="ignore")


def read_list(
    path: str | os.PathLike[str], *, blocksize: str | int | None = "64MB"
) -> dd.DataFrame:
    """Read a CSV file (or a glob of them) or a Parquet dataset as a Dask DataFrame.

    A folder (a URL ending in ``/``), or a path ending in ``.parquet``, is
    read with ``dask.dataframe.read_parquet``; store NIK columns there as
    strings.
    Anything else is CSV, read with every column as text and empty cells
    kept empty. For local CSV files the delimiter (comma, semicolon, tab or
    pipe) and the encoding (UTF-8, Windows-1252 or UTF-16) are detected as
    `niklib.audit.readers.read_table` detects them, from the first file of
    a glob. CSV at a URL is read as UTF-8 with commas. Unlike the audit's
    reader, pandas's CSV parser reads each block, so a stray quote in a
    cell can join rows.
    """
    text = os.fspath(path)
    local = Path(text)
    remote = "://" in text
    if (
        local.is_dir()
        or local.suffix.lower() in (".parquet", ".pq")
        or (remote and text.endswith("/"))
    ):
        return dd.read_parquet(text)
    if local.suffix.lower() in (".xlsx", ".xlsm"):
        raise UnreadableInputError(
            f"{text}: XLSX files cannot be split into blocks; save the sheet as "
            "CSV or Parquet to read it with Dask"
        )
    if remote:  # an object store URL: no local file to sniff
        return dd.read_csv(text, dtype=str, keep_default_na=False, blocksize=blocksize)
    matches = sorted(glob.glob(text))
    if not matches:
        raise UnreadableInputError(f"{text}: file not found")
    first = Path(matches[0])
    encoding = _encoding(first)
    delimiter = sniff_delimiter(_head_text(first, encoding))
    return dd.read_csv(
        text,
        dtype=str,
        keep_default_na=False,
        sep=delimiter,
        encoding=encoding,
        # Dask splits blocks at newline bytes, which UTF-16 does not have.
        blocksize=None if encoding == "utf-16" else blocksize,
    )
