"""The region table shipped in the package: counts, known codes and history.

Every other test uses the tiny fixture table. This module checks that the
shipped data loads and matches Kepmendagri 300.2.2-2138 Tahun 2025: 38
provinces, 416 kabupaten, 98 kota and 7,285 kecamatan, plus the retired
codes still found in NIKs issued before each change.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import date

import pytest

import niklib
from niklib import Reason, regions
from niklib.regions import Level, Region, RegionTable


@pytest.fixture(scope="module", autouse=True)
def shipped_table() -> Iterator[RegionTable]:
    """Use a freshly loaded shipped table, whatever other modules did."""
    table = RegionTable.shipped()
    with regions.use_table(table):
        yield table


def get(code: str) -> Region:
    region = regions.lookup(code)
    assert region is not None, code
    return region


def current(level: Level) -> list[Region]:
    return [r for r in regions.default_table() if r.level is level and r.is_current]


def test_province_count() -> None:
    assert len(current(Level.PROVINCE)) == 38


def test_regency_count() -> None:
    assert len(current(Level.REGENCY)) == 514


def test_kabupaten_count() -> None:
    assert sum(r.kind == "kabupaten" for r in current(Level.REGENCY)) == 416


def test_kota_count() -> None:
    assert sum(r.kind == "kota" for r in current(Level.REGENCY)) == 98


def test_district_count() -> None:
    assert len(current(Level.DISTRICT)) == 7285


def test_province_listing_count() -> None:
    assert len(regions.provinces()) == 38


def test_every_current_region_has_current_parent() -> None:
    orphans = [
        r.code
        for r in regions.default_table()
        if r.is_current
        and r.level is not Level.PROVINCE
        and not (r.parent is not None and r.parent.is_current)
    ]
    assert orphans == []


def test_regency_kind_matches_number() -> None:
    # Kabupaten are numbered 01-69 and kota 71-99 within a province.
    wrong = [
        r.code
        for r in current(Level.REGENCY)
        if (r.kind == "kota") != (int(r.code[2:]) >= 71)
    ]
    assert wrong == []


def test_data_info() -> None:
    info = regions.data_info()
    assert "300.2.2-2138" in info.regulation
    assert "2025" in info.regulation
    assert info.source == "cahyadsn/wilayah"
    assert re.fullmatch(r"[0-9a-f]{40}", info.source_commit)
    assert info.editions[0] == "Permendagri No. 39 Tahun 2015"
    assert info.editions[-1] == info.regulation
    assert len(info.editions) == 7
    assert info.provinces == 38
    assert info.regencies == 514
    assert info.districts == 7285
    assert info.retired_codes > 0


# (retired code, current successor codes)
RETIRED = [
    ("9101", ["9301"]),
    ("910101", ["930101"]),
    ("9109", ["9404"]),
    ("910901", ["940401"]),
    ("9201", ["9601"]),
    ("920101", ["960101"]),
    ("9271", ["9671"]),
    ("6404", ["6501"]),
]


@pytest.mark.parametrize(("code", "successors"), RETIRED)
def test_retired_successors(code: str, successors: list[str]) -> None:
    region = get(code)
    assert region.is_current is False
    assert [r.code for r in region.successors] == successors


def test_retired_92_regencies_moved_to_96() -> None:
    listed = regions.regencies("92", include_retired=True)
    retired = [r for r in listed if not r.is_current]
    assert retired
    for regency in retired:
        assert [s.code[:2] for s in regency.successors] == ["96"], regency.code


def test_province_92_still_current() -> None:
    assert get("92").is_current is True
    assert get("96").name == "Papua Barat Daya"


def test_swap_740813_740815() -> None:
    changes = get("740813").history
    pairs = {
        (c.old_code, c.new_code) for c in changes if c.change_type == "code_swapped"
    }
    assert pairs == {("740813", "740815"), ("740815", "740813")}


def test_swapped_codes_current() -> None:
    assert get("740813").name == "Katoi"
    assert get("740815").name == "Tolala"


def test_rename_tampan_binawidya() -> None:
    region = get("147108")
    assert region.name == "Binawidya"
    assert any(c.old_name == "Tampan" for c in region.history)


def test_kemendagri_not_bps_codes() -> None:
    # BPS 3171 is Jakarta Selatan and BPS 9101 is Fakfak.
    assert get("3171").name == "Kota Administrasi Jakarta Pusat"
    assert get("9101").name == "Kabupaten Merauke"


def test_old_district_numbers_above_51() -> None:
    districts = [r for r in regions.default_table() if r.level is Level.DISTRICT]
    assert max(int(r.code[4:]) for r in districts if r.is_current) == 51
    assert max(int(r.code[4:]) for r in districts) == 68


def test_search_kab_serang_first() -> None:
    assert regions.search("kab serang")[0].code == "3604"


def test_search_kota_serang_first() -> None:
    assert regions.search("kota serang")[0].code == "3673"


# Synthetic NIKs: (value, reason of the only finding or None)
SYNTHETIC = [
    ("3604054107990003", None),
    ("3601011208850002", None),
    ("3671015012100001", None),
    ("9101014512700004", Reason.RETIRED_REGION),
    ("9109014512700004", Reason.RETIRED_REGION),
    ("9201014512700004", Reason.RETIRED_REGION),
]


@pytest.mark.parametrize(("value", "reason"), SYNTHETIC)
def test_synthetic_niks(value: str, reason: Reason | None) -> None:
    result = niklib.check(value, as_of=date(2026, 12, 4))
    assert result.valid is True
    assert result.reasons == ((reason,) if reason else ())


def test_import_does_not_read_tables() -> None:
    # `_shipped` is the module's cache of the loaded table.
    code = (
        "import niklib, niklib.regions as r; "
        "assert r._shipped is None; "
        "niklib.is_valid('3604054107990003'); "
        "assert r._shipped is not None"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("former", "code"),
    [("Tampan", "147108"), ("Toba Samosir", "1212"), ("Maluku Tenggara Barat", "8103")],
)
def test_search_finds_former_names(former: str, code: str) -> None:
    found = regions.search(former, limit=3)
    assert found[0].code == code
    assert len({region.code for region in found}) == len(found)
