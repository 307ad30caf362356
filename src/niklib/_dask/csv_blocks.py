"""Parse CSV blocks for Dask and explain the rows that pandas cannot parse."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from typing import IO, Any, ClassVar

import attrs
import pandas as pd

from niklib.audit.readers import UnreadableInputError

__all__ = ["BlockReader", "find_bad_record"]

_NEXT_STEP = (
    "fix that row, or audit the list without --dask (niklib.audit.audit), "
    "whose reader marks such rows and goes on"
)


def find_bad_record(
    paths: Sequence[str], *, encoding: str, delimiter: str, width: int
) -> str | None:
    """Describe the first record that the Dask reader cannot take, or None.

    Such a record has more cells than the header's `width`, or spans
    lines, because a double quote opens a cell that a later line closes
    or that runs to the end of the file. The text names the file and the
    line where the record starts (the header is line 1), and no cell
    value, because a cell may hold a NIK.
    """
    for path in paths:
        with open(path, encoding=encoding, newline="") as stream:
            reader = csv.reader(stream, delimiter=delimiter)
            start = 1
            while True:
                try:
                    cells = next(reader, None)
                except csv.Error:  # the cell outgrew csv.field_size_limit()
                    return _runs_on(path, start, f"past line {reader.line_num}")
                if cells is None:
                    break
                end = reader.line_num
                if end > start:
                    closed = next(reader, None) is not None
                    reach = f"to line {end}" if closed else "to the end of the file"
                    return _runs_on(path, start, reach)
                if len(cells) > width:
                    return (
                        f"{path}, line {start}: the row has {len(cells)} cells "
                        f"but the header has {width}"
                    )
                start = end + 1
    return None


def _runs_on(path: str, start: int, reach: str) -> str:
    return (
        f"{path}, line {start}: a double quote opens a cell that runs on {reach}, "
        "so the rows after it would be joined into one cell"
    )


@attrs.frozen
class BlockReader:
    """A ``pandas.read_csv`` for Dask blocks that names the row it cannot parse.

    pandas counts lines from the start of each block, and its messages
    mention its own arguments, so a parser error is replaced by an
    `UnreadableInputError` that names the file and the line. An instance
    pickles, so distributed workers can run it.
    """

    # Dask names the reader in its own messages, as in "dd.read_csv".
    __name__: ClassVar[str] = "read_csv"

    paths: tuple[str, ...]
    encoding: str
    delimiter: str
    width: int

    def __call__(self, stream: IO[bytes], **options: Any) -> pd.DataFrame:
        try:
            frame: pd.DataFrame = pd.read_csv(stream, **options)
        except pd.errors.ParserError as error:
            raise self.error(str(error)) from None
        return frame

    def error(self, detail: str) -> UnreadableInputError:
        """Return the error for the first bad record, or one quoting `detail`."""
        found = find_bad_record(
            self.paths,
            encoding=self.encoding,
            delimiter=self.delimiter,
            width=self.width,
        )
        if found is None:
            return UnreadableInputError(
                f"{', '.join(self.paths)}: a row cannot be read as CSV ({detail}); "
                + _NEXT_STEP
            )
        return UnreadableInputError(f"{found}; {_NEXT_STEP}")
