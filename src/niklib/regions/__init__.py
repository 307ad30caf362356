"""Kemendagri region codes: provinces, regencies and districts, with history.

The first six digits of a NIK or KK number are the Kemendagri (Ministry of
Home Affairs) codes of where the number was issued. Two digits each name
the province, the regency (kabupaten 01-69 or kota 71-99) and the district
(kecamatan). These are not the BPS statistical codes.

NIKs are for life, so codes retired when a province split (Papua in 2022,
Papua Barat Daya in 2025) stay valid in old NIKs. `lookup` finds current
and retired codes alike; a retired `Region` names its current successors.

The table is read on first use and cached, so ``import niklib`` stays fast.

>>> lookup("3604").name
'Kabupaten Serang'
>>> lookup("910101").successors[0].code
'930101'
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from niklib.regions._table import (
    Change,
    DataInfo,
    Level,
    Region,
    RegionTable,
    format_code,
)

__all__ = [
    "Change",
    "DataInfo",
    "Level",
    "Region",
    "RegionTable",
    "data_info",
    "default_table",
    "districts",
    "format_code",
    "lookup",
    "provinces",
    "regencies",
    "search",
    "use_table",
]

_lock = threading.Lock()
_shipped: RegionTable | None = None
_override: RegionTable | None = None
# Functions called with no arguments whenever `use_table` changes the table
# in use, so that caches built on the old table are dropped.
_on_table_change: list[Callable[[], None]] = []


def default_table() -> RegionTable:
    """Return the table in use: the shipped one, loaded once, unless overridden."""
    global _shipped
    if _override is not None:
        return _override
    if _shipped is None:
        with _lock:
            if _shipped is None:
                _shipped = RegionTable.shipped()
    return _shipped


@contextmanager
def use_table(table: RegionTable) -> Iterator[RegionTable]:
    """Use another region table inside a ``with`` block, then restore the default.

    Meant for tests against a small fixture table and for checking lists
    against another edition. The override is process-wide, not per thread.
    """
    global _override
    previous = _override
    _override = table
    _table_changed()
    try:
        yield table
    finally:
        _override = previous
        _table_changed()


def _table_changed() -> None:
    for forget in _on_table_change:
        forget()


def lookup(code: str) -> Region | None:
    """Return the region for a 2-, 4- or 6-digit code, current or retired.

    Dots and spaces between levels are allowed (``"36.04"``). Returns None
    for a code that no edition since 2015 contains.
    """
    if not isinstance(code, str):
        raise TypeError(
            f"region code must be a str such as '3604', not {type(code).__name__}"
        )
    return default_table().get(_compact_code(code))


def provinces(*, include_retired: bool = False) -> tuple[Region, ...]:
    """Return the provinces, sorted by code."""
    return _listing(None, 1, include_retired)


def regencies(
    province: str | Region, *, include_retired: bool = False
) -> tuple[Region, ...]:
    """Return the regencies (kabupaten and kota) of a province, sorted by code."""
    return _listing(province, 2, include_retired)


def districts(
    regency: str | Region, *, include_retired: bool = False
) -> tuple[Region, ...]:
    """Return the districts (kecamatan) of a regency, sorted by code."""
    return _listing(regency, 3, include_retired)


_LEVEL_NAMES = {1: "province", 2: "regency", 3: "district"}


def _listing(
    parent: str | Region | None, level: int, include_retired: bool
) -> tuple[Region, ...]:
    _check_bool(include_retired, "include_retired")
    table = default_table()
    if parent is None:
        candidates = tuple(r for r in table if r.level == level)
    else:
        argument = _LEVEL_NAMES[level - 1]
        code = _parent_code(parent, argument, 2 * (level - 1))
        if code not in table:
            finder = "provinces" if level == 2 else "regencies"
            raise ValueError(
                f"{argument} {format_code(code)} is not in the region table. "
                f"Find the code with regions.search() or regions.{finder}()."
            )
        candidates = table.children(code)
    return tuple(
        sorted(
            (r for r in candidates if include_retired or r.is_current),
            key=lambda r: r.code,
        )
    )


def _parent_code(parent: str | Region, argument: str, digits: int) -> str:
    """Return the code of a listing's parent, written as `lookup` accepts it."""
    if isinstance(parent, Region):
        code = parent.code
    elif isinstance(parent, str):
        code = _compact_code(parent)
    else:
        raise TypeError(
            f"{argument} must be a region code str such as "
            f"'{_EXAMPLE_CODES[digits]}' or a Region, not {type(parent).__name__}"
        )
    if len(code) != digits or not code.isascii() or not code.isdigit():
        raise ValueError(
            f"{argument} must be a {digits}-digit {argument} code such as "
            f"'{_EXAMPLE_CODES[digits]}', got {parent!r} ({len(code)} characters "
            "after removing dots and spaces)"
        )
    return code


_EXAMPLE_CODES = {2: "36", 4: "3604", 6: "360405"}


def _compact_code(code: str) -> str:
    """Remove the dots and whitespace that `lookup` allows between levels."""
    return re.sub(r"[.\s]", "", code)


def _check_bool(value: object, argument: str) -> None:
    if not isinstance(value, bool):
        raise TypeError(f"{argument} must be True or False, not {type(value).__name__}")


_ABBREVIATIONS = {
    "kab": "kabupaten",
    "kabu": "kabupaten",
    "kec": "kecamatan",
    "prov": "provinsi",
    "propinsi": "provinsi",
    "kot": "kota",
    "jkt": "jakarta",
    "tangsel": "tangerang selatan",
    "jaksel": "jakarta selatan",
    "jakut": "jakarta utara",
    "jakbar": "jakarta barat",
    "jaktim": "jakarta timur",
    "jakpus": "jakarta pusat",
}
_KIND_WORDS = {
    "kabupaten": "kabupaten",
    "kota": "kota",
    "kecamatan": "kecamatan",
    "provinsi": "provinsi",
}


def _search_key(text: str) -> str:
    words = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


_index_cache: dict[int, list[tuple[Region, str]]] = {}


def _search_index(table: RegionTable) -> list[tuple[Region, str]]:
    """Return every region with its search key, built once per table."""
    index = _index_cache.get(id(table))
    if index is None:
        index = [(region, _search_key(region.name)) for region in table]
        # Former names under the same code, so that an old record's
        # spelling ("Tampan", "Toba Samosir") still finds the region.
        index.extend(
            (region, _search_key(change.old_name))
            for region in table
            for change in region.history
            if change.change_type == "renamed"
            and change.new_code == region.code
            and change.old_name
            and _search_key(change.old_name) != _search_key(region.name)
        )
        _index_cache.clear()
        _index_cache[id(table)] = index
    return index


def search(
    query: str,
    *,
    level: Level | int | None = None,
    within: str | None = None,
    include_retired: bool = False,
    limit: int = 10,
    min_score: float = 60.0,
) -> list[Region]:
    """Find regions by name, best match first, tolerant of spelling and abbreviations.

    Former names recorded in the region history count too, so
    ``"tampan"`` finds 14.71.08 Binawidya, its name since 2021.
    ``"kab serang"`` finds Kabupaten Serang before Kota Serang; kind words
    (kabupaten, kota, kecamatan, provinsi) in the query restrict the result
    to that kind. `within` restricts to codes under a province or regency.
    Scores come from rapidfuzz's WRatio (0-100); matches below `min_score`
    are dropped. Raises TypeError or ValueError naming the argument for an
    invalid `level`, `within`, `limit` or `min_score`, and ValueError for a
    `within` code that is not in the table.

    >>> search("kab serang", limit=1)[0].code
    '3604'
    """
    from rapidfuzz import fuzz, process

    if not isinstance(query, str):
        raise TypeError(
            f"query must be a str such as 'kab serang', not {type(query).__name__}"
        )
    level = _search_level(level)
    prefix = _search_prefix(within)
    _check_bool(include_retired, "include_retired")
    _check_limit(limit)
    _check_min_score(min_score)
    key = _search_key(query)
    kinds = {_KIND_WORDS[w] for w in key.split() if w in _KIND_WORDS}
    name_part = " ".join(w for w in key.split() if w not in _KIND_WORDS) or key
    keyed = [
        (region, region_key)
        for region, region_key in _search_index(default_table())
        if (include_retired or region.is_current)
        and (level is None or region.level == level)
        and region.code.startswith(prefix)
        and (not kinds or region.kind in kinds)
    ]
    candidates = [region for region, _ in keyed]
    choices = [region_key for _, region_key in keyed]
    scored = process.extract(
        name_part, choices, scorer=fuzz.WRatio, limit=None, score_cutoff=min_score
    )

    # Exact names come first (ignoring the kabupaten/kota prefix), higher
    # levels first among them, so "serang" gives the regency before the
    # district of that name. Score and code order the rest, so results are
    # stable.
    def rank(item: tuple[str, float, int]) -> tuple[bool, int, float, str]:
        _, score, index = item
        region = candidates[index]
        bare = choices[index].removeprefix("kabupaten ").removeprefix("kota ")
        exact = bare == name_part
        return (not exact, region.level if exact else 0, -score, region.code)

    found: list[Region] = []
    for _, _, index in sorted(scored, key=rank):
        region = candidates[index]
        if region not in found:  # found by its name and a former name
            found.append(region)
            if len(found) == limit:
                break
    return found


def _search_level(level: object) -> Level | None:
    if level is None or isinstance(level, Level):
        return level
    if not isinstance(level, int) or isinstance(level, bool):
        raise TypeError(
            "level must be a Level such as Level.REGENCY, an int from 1 to 3 "
            f"or None, not {type(level).__name__}"
        )
    if level not in (1, 2, 3):
        raise ValueError(
            f"level must be 1 (province), 2 (regency) or 3 (district), got {level}"
        )
    return Level(level)


def _search_prefix(within: object) -> str:
    if within is None:
        return ""
    if not isinstance(within, str):
        hint = ". Pass region.code instead." if isinstance(within, Region) else ""
        raise TypeError(
            "within must be a province or regency code str such as '36' or "
            f"'36.04', not {type(within).__name__}{hint}"
        )
    code = _compact_code(within)
    if len(code) not in (2, 4) or not code.isascii() or not code.isdigit():
        raise ValueError(
            "within must be a 2-digit province or 4-digit regency code such as "
            f"'36' or '36.04', got {within!r}"
        )
    if code not in default_table():
        raise ValueError(
            f"within region {format_code(code)} is not in the region table. "
            "Find the code with regions.search() without within."
        )
    return code


def _check_limit(limit: object) -> None:
    if not isinstance(limit, int) or isinstance(limit, bool):
        raise TypeError(
            "limit must be an int of at least 1 such as 10, not "
            f"{type(limit).__name__}. Pass a large limit to get every match."
        )
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")


def _check_min_score(min_score: object) -> None:
    if not isinstance(min_score, (int, float)) or isinstance(min_score, bool):
        raise TypeError(
            "min_score must be a number from 0 to 100 such as 60.0, not "
            f"{type(min_score).__name__}"
        )
    if not 0 <= min_score <= 100:
        raise ValueError(f"min_score must be from 0 to 100, got {min_score}")


def data_info() -> DataInfo:
    """Return the regulation edition, source and counts of the table in use."""
    return default_table().data_info()
