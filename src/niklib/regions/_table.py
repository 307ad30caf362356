"""The region table: loading the CSV files and looking codes up."""

from __future__ import annotations

import csv
import enum
import html
import io
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from pathlib import Path

__all__ = ["Change", "DataInfo", "Level", "Region", "RegionTable", "format_code"]


class Level(enum.IntEnum):
    """Administrative level of a region code, by its number of digits."""

    PROVINCE = 1
    REGENCY = 2
    DISTRICT = 3

    @property
    def digits(self) -> int:
        """Number of digits of a code at this level (2, 4 or 6)."""
        return 2 * self.value


def format_code(code: str) -> str:
    """Write a region code with dots between levels: ``360405`` -> ``36.04.05``."""
    return ".".join(code[i : i + 2] for i in range(0, len(code), 2))


@attrs.frozen
class Change:
    """One row of the region history: a move, split, swap or rename."""

    old_code: str
    new_code: str
    level: Level
    change_type: str
    year: int | None
    old_name: str
    new_name: str
    first_edition_with_new: str
    confidence: str
    evidence: str
    note: str


@attrs.frozen(repr=False)
class Region:
    """A province, regency (kabupaten/kota) or district (kecamatan).

    Retired codes are regions too (`is_current` is false): NIKs issued
    before a code was retired keep it for life, and `successors` names the
    current regions that replaced it.
    """

    code: str
    name: str
    level: Level
    kind: str
    parent_code: str | None
    is_current: bool
    administrative: bool = False
    confidence: str = "high"
    first_edition: str = ""
    last_edition: str = ""
    _table: RegionTable | None = attrs.field(
        default=None, eq=False, hash=False, kw_only=True
    )

    @property
    def parent(self) -> Region | None:
        """The region one level up, or None for a province."""
        if self.parent_code is None or self._table is None:
            return None
        return self._table.get(self.parent_code)

    @property
    def successors(self) -> tuple[Region, ...]:
        """Current regions that replaced this retired code (empty if current)."""
        if self._table is None:
            return ()
        return self._table.successors(self.code)

    @property
    def history(self) -> tuple[Change, ...]:
        """Every recorded change involving this code, oldest first."""
        if self._table is None:
            return ()
        return self._table.history(self.code)

    @property
    def path(self) -> tuple[Region, ...]:
        """This region and its ancestors, province first."""
        chain: list[Region] = [self]
        while (parent := chain[-1].parent) is not None:
            chain.append(parent)
        return tuple(reversed(chain))

    def __repr__(self) -> str:
        status = "" if self.is_current else ", retired"
        return f"Region({format_code(self.code)} {self.name!r}, {self.kind}{status})"

    def __reduce__(self) -> tuple[Any, ...]:
        # Rebuild from the default table in the receiving process instead of
        # pickling the whole table with every region.
        return (_lookup_default, (self.code,))

    def _repr_html_(self) -> str:
        rows = [
            ("code", format_code(self.code)),
            ("name", self.name),
            ("kind", self.kind),
            ("within", " / ".join(r.name for r in self.path[:-1]) or "-"),
            ("status", "current" if self.is_current else "retired"),
        ]
        if not self.is_current:
            names = ", ".join(
                f"{format_code(r.code)} {r.name}" for r in self.successors
            )
            rows.append(("successors", names or "unknown"))
        cells = "".join(
            f"<tr><th style='text-align:left'>{html.escape(k)}</th>"
            f"<td style='text-align:left'>{html.escape(v)}</td></tr>"
            for k, v in rows
        )
        return f"<table>{cells}</table>"


def _lookup_default(code: str) -> Region:
    from niklib.regions import default_table

    region = default_table().get(code)
    if region is None:
        raise LookupError(f"region code {format_code(code)} is not in the region table")
    return region


@attrs.frozen
class DataInfo:
    """The regulation edition and source the region table was built from."""

    regulation: str
    source: str
    source_commit: str
    editions: tuple[str, ...]
    provinces: int
    regencies: int
    districts: int
    retired_codes: int


def _read_rows(text: str) -> list[dict[str, str]]:
    lines = (line for line in io.StringIO(text) if not line.startswith("#"))
    reader = csv.reader(lines)
    header = next(reader)
    return [dict(zip(header, row, strict=True)) for row in reader]


def _package_data(name: str) -> str:
    """Read a file of the package's ``data`` folder.

    Opens the file directly, because importing `importlib.resources` takes
    longer than reading the whole table. Only a package installed inside a
    zip archive, where the file is not on disk, needs the resource API.
    """
    path = os.path.join(os.path.dirname(__file__), "data", name)
    try:
        with open(path, encoding="utf-8") as file:
            return file.read()
    except FileNotFoundError:
        from importlib import resources

        data = resources.files("niklib.regions") / "data"
        return (data / name).read_text(encoding="utf-8")


class _CsvRows(Mapping[str, dict[str, str]]):
    """CSV rows keyed by their first column, each parsed on first access.

    Splitting the file into lines costs a fraction of parsing every row,
    and validating a NIK needs only the codes.
    """

    def __init__(self, text: str) -> None:
        lines = [line for line in text.splitlines() if line and line[0] != "#"]
        self._header = next(csv.reader(lines[:1]))
        self._lines = {line[: line.index(",")]: line for line in lines[1:]}
        self._parsed: dict[str, dict[str, str]] = {}

    def __getitem__(self, code: str) -> dict[str, str]:
        row = self._parsed.get(code)
        if row is None:
            values = next(csv.reader([self._lines[code]]))
            row = dict(zip(self._header, values, strict=True))
            self._parsed[code] = row
        return row

    def __iter__(self) -> Iterator[str]:
        return iter(self._lines)

    def __len__(self) -> int:
        return len(self._lines)

    def __contains__(self, code: object) -> bool:
        return code in self._lines


class RegionTable:
    """An in-memory region table with history, built from three CSV files.

    The shipped table is loaded once by `niklib.regions.default_table`;
    tests and users with their own edition build one with `from_directory`.
    `Region` objects and the history are built on first use, because
    validating a NIK needs only the set of known codes.
    """

    def __init__(
        self,
        regions: Iterable[dict[str, str]] | _CsvRows,
        history: Iterable[dict[str, str]] | Callable[[], Iterable[dict[str, str]]],
        editions: Iterable[dict[str, str]] = (),
    ) -> None:
        self._rows: Mapping[str, dict[str, str]] = (
            regions
            if isinstance(regions, _CsvRows)
            else {row["code"]: row for row in regions}
        )
        self._regions: dict[str, Region] = {}
        self._children: dict[str, list[str]] | None = None
        self._history_source = history
        self._history: dict[str, list[Change]] | None = None
        self._moved_to: dict[str, list[str]] = {}
        self._editions = tuple(editions)
        self.district_codes = frozenset(c for c in self._rows if len(c) == 6)
        # Retired regencies with no known district codes: the districts of a
        # NIK under them cannot be checked, only the regency.
        # A district's regency is its first four digits, so only the rows of
        # regencies are read here.
        with_districts = {code[:4] for code in self.district_codes}
        self.regencies_without_districts = frozenset(
            code
            for code in self._rows
            if len(code) == 4
            and code not in with_districts
            and self._rows[code]["current"] != "1"
        )

    def _region(self, code: str) -> Region:
        region = self._regions.get(code)
        if region is None:
            row = self._rows[code]
            region = Region(
                code=code,
                name=row["name"],
                level=Level(int(row["level"])),
                kind=row["kind"],
                parent_code=row["parent"] or None,
                is_current=row["current"] == "1",
                administrative=row.get("administrative") == "1",
                confidence=row.get("confidence") or "high",
                first_edition=row.get("first_edition", ""),
                last_edition=row.get("last_edition", ""),
                table=self,
            )
            self._regions[code] = region
        return region

    def _load_history(self) -> dict[str, list[Change]]:
        if self._history is not None:
            return self._history
        source = self._history_source
        rows = source() if callable(source) else source
        history: dict[str, list[Change]] = {}
        for row in rows:
            change = Change(
                old_code=row["old_code"],
                new_code=row["new_code"],
                level=Level(int(row["level"])),
                change_type=row["change_type"],
                year=int(row["year"]) if row["year"].isdigit() else None,
                old_name=row["old_name"],
                new_name=row["new_name"],
                first_edition_with_new=row["first_edition_with_new"],
                confidence=row["confidence"],
                evidence=row.get("evidence", ""),
                note=row.get("note", ""),
            )
            for code in {change.old_code, change.new_code}:
                history.setdefault(code, []).append(change)
            if change.change_type == "moved":
                self._moved_to.setdefault(change.old_code, []).append(change.new_code)
        for changes in history.values():
            changes.sort(key=lambda c: (c.year or 0, c.old_code))
        self._history = history
        return history

    @classmethod
    def from_directory(cls, path: str | Path) -> RegionTable:
        """Load ``regions.csv``, ``history.csv`` and ``editions.csv`` from a folder.

        ``editions.csv`` is optional. Lines starting with ``#`` are comments.
        """
        from pathlib import Path

        folder = Path(path)
        editions = folder / "editions.csv"
        return cls(
            _read_rows((folder / "regions.csv").read_text(encoding="utf-8")),
            lambda: _read_rows((folder / "history.csv").read_text(encoding="utf-8")),
            _read_rows(editions.read_text(encoding="utf-8"))
            if editions.exists()
            else (),
        )

    @classmethod
    def shipped(cls) -> RegionTable:
        """Load the table shipped inside the package."""
        return cls(
            _CsvRows(_package_data("regions.csv")),
            lambda: _read_rows(_package_data("history.csv")),
            _read_rows(_package_data("editions.csv")),
        )

    def __len__(self) -> int:
        return len(self._rows)

    def __iter__(self) -> Iterator[Region]:
        return (self._region(code) for code in self._rows)

    def __contains__(self, code: object) -> bool:
        return code in self._rows

    def get(self, code: str) -> Region | None:
        """Return the region with this exact code (dots allowed), or None."""
        code = code.replace(".", "")
        if code not in self._rows:
            return None
        return self._region(code)

    def children(self, code: str) -> tuple[Region, ...]:
        """Return the regions directly under a code, current and retired."""
        if self._children is None:
            children: dict[str, list[str]] = {}
            for child, row in self._rows.items():
                if row["parent"]:
                    children.setdefault(row["parent"], []).append(child)
            self._children = children
        return tuple(self._region(c) for c in self._children.get(code, ()))

    def successors(self, code: str) -> tuple[Region, ...]:
        """Return the current regions that replaced a retired code."""
        region = self.get(code)
        if region is None or region.is_current:
            return ()
        self._load_history()
        found: list[Region] = []
        pending = list(self._moved_to.get(code, ()))
        seen: set[str] = set()
        while pending:
            new_code = pending.pop(0)
            if new_code in seen:
                continue
            seen.add(new_code)
            successor = self.get(new_code)
            if successor is not None and successor.is_current:
                found.append(successor)
            pending.extend(self._moved_to.get(new_code, ()))
        return tuple(found)

    def history(self, code: str) -> tuple[Change, ...]:
        """Return every recorded change involving a code, oldest first."""
        return tuple(self._load_history().get(code, ()))

    def data_info(self) -> DataInfo:
        """Describe the regulation edition and source behind this table."""
        latest = self._editions[-1] if self._editions else {}
        current = [r for r in self if r.is_current]
        return DataInfo(
            regulation=latest.get("regulation", "unknown"),
            source=latest.get("source_repo", "unknown"),
            source_commit=latest.get("source_commit", ""),
            editions=tuple(e["regulation"] for e in self._editions),
            provinces=sum(r.level is Level.PROVINCE for r in current),
            regencies=sum(r.level is Level.REGENCY for r in current),
            districts=sum(r.level is Level.DISTRICT for r in current),
            retired_codes=len(self._rows) - len(current),
        )
