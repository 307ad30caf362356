"""Listings, search, `data_info` and `use_table` on the tiny fixture table."""

from __future__ import annotations

import shutil
from collections.abc import Iterable
from pathlib import Path

import pytest

from niklib import regions
from niklib.regions import Level, Region, RegionTable

pytestmark = pytest.mark.usefixtures("fixture_regions")

CURRENT_PROVINCES = ["14", "31", "36", "64", "65", "74", "91", "92", "93", "94", "96"]


def codes(found: Iterable[Region]) -> list[str]:
    return [r.code for r in found]


def test_provinces() -> None:
    assert codes(regions.provinces()) == CURRENT_PROVINCES


def test_provinces_include_retired() -> None:
    assert codes(regions.provinces(include_retired=True)) == CURRENT_PROVINCES


def test_regencies_of_province() -> None:
    assert codes(regions.regencies("36")) == ["3601", "3604", "3671", "3673"]


def test_regencies_by_region() -> None:
    banten = regions.lookup("36")
    assert banten is not None
    assert regions.regencies(banten) == regions.regencies("36")


def test_regencies_current_only() -> None:
    assert regions.regencies("91") == ()


def test_regencies_include_retired() -> None:
    found = regions.regencies("91", include_retired=True)
    assert codes(found) == ["9101", "9109"]


def test_districts_of_regency() -> None:
    assert codes(regions.districts("3604")) == ["360405", "360406"]


def test_districts_include_retired() -> None:
    found = regions.districts("36.04", include_retired=True)
    assert codes(found) == ["360405", "360406", "360490"]


def test_districts_of_retired_regency() -> None:
    found = regions.districts("9101", include_retired=True)
    assert codes(found) == ["910101", "910102"]


def test_districts_of_regency_without_districts() -> None:
    assert regions.districts("6404", include_retired=True) == ()


@pytest.mark.parametrize(
    ("function", "code"),
    [
        (regions.regencies, "3604"),
        (regions.districts, "36"),
        (regions.districts, "360405"),
    ],
)
def test_listing_wrong_level_rejected(function: object, code: str) -> None:
    with pytest.raises(ValueError, match=r"must be a \d-digit"):
        function(code)  # type: ignore[operator]


def test_listing_levels() -> None:
    assert all(r.level is Level.REGENCY for r in regions.regencies("36"))
    assert all(r.level is Level.DISTRICT for r in regions.districts("3671"))


# (query, keyword arguments, expected first code)
SEARCH_CASES = [
    ("kab serang", {}, "3604"),
    ("Kabupaten Serang", {}, "3604"),
    ("kota serang", {}, "3673"),
    ("kramatwatu", {}, "360405"),
    ("kramatwat", {}, "360405"),
    ("kec kramatwatu", {}, "360405"),
    ("banten", {}, "36"),
    ("prov banten", {}, "36"),
    ("jakpus", {}, "3171"),
    ("serang", {"level": Level.DISTRICT}, "367301"),
    ("serang", {"level": 2, "within": "36"}, "3604"),
    ("merauke", {}, "9301"),
    ("merauke", {"within": "91", "include_retired": True}, "9101"),
    ("mimika baru", {"level": 3, "within": "91.09", "include_retired": True}, "910901"),
]


@pytest.mark.parametrize(("query", "options", "first"), SEARCH_CASES)
def test_search_first_result(
    query: str, options: dict[str, object], first: str
) -> None:
    found = regions.search(query, **options)  # type: ignore[arg-type]
    assert found
    assert found[0].code == first


def test_search_kind_word_filters() -> None:
    assert {r.kind for r in regions.search("kota serang")} == {"kota"}


def test_search_excludes_retired() -> None:
    assert all(r.is_current for r in regions.search("merauke"))


def test_search_include_retired() -> None:
    found = codes(regions.search("merauke", include_retired=True))
    assert "9101" in found
    assert "910101" in found


def test_search_limit() -> None:
    assert len(regions.search("serang", limit=1)) == 1


def test_search_limit_zero_rejected() -> None:
    with pytest.raises(ValueError, match="limit must be at least 1"):
        regions.search("serang", limit=0)


def test_search_no_match() -> None:
    assert regions.search("zzzzqqqq") == []


def test_search_min_score() -> None:
    assert regions.search("kramatwat", min_score=100) == []


def test_data_info() -> None:
    info = regions.data_info()
    assert info.regulation == "Kepmendagri No. 300.2.2-2138 Tahun 2025"
    assert info.source == "cahyadsn/wilayah"
    assert info.source_commit == "b7ad440a1322e7be3189a16a8cac35f7d4c3d7f7"
    assert info.editions == (
        "Permendagri No. 39 Tahun 2015",
        "Kepmendagri No. 300.2.2-2138 Tahun 2025",
    )
    assert info.provinces == 11
    assert info.regencies == 11
    assert info.districts == 15
    assert info.retired_codes == 11


def test_data_info_without_editions(tmp_path: Path, fixture_table: RegionTable) -> None:
    source = Path(__file__).parents[1] / "fixtures" / "regions"
    for name in ("regions.csv", "history.csv"):
        shutil.copy(source / name, tmp_path / name)
    info = RegionTable.from_directory(tmp_path).data_info()
    assert info.regulation == "unknown"
    assert info.editions == ()
    assert info.provinces == 11


def test_table_basics(fixture_table: RegionTable) -> None:
    assert len(fixture_table) == 48
    assert "3604" in fixture_table
    assert "3699" not in fixture_table
    assert fixture_table.get("36.04") == regions.lookup("3604")
    assert codes(fixture_table.children("3604")) == ["360405", "360406", "360490"]


def test_table_regencies_without_districts(fixture_table: RegionTable) -> None:
    assert fixture_table.regencies_without_districts == frozenset({"6404"})


def test_use_table_restores_previous(fixture_table: RegionTable) -> None:
    shipped = RegionTable.shipped()
    with regions.use_table(shipped):
        assert regions.default_table() is shipped
    assert regions.default_table() is fixture_table


def test_use_table_restores_after_error(fixture_table: RegionTable) -> None:
    shipped = RegionTable.shipped()
    with pytest.raises(RuntimeError), regions.use_table(shipped):
        raise RuntimeError("inside")
    assert regions.default_table() is fixture_table


def test_search_non_str_rejected() -> None:
    with pytest.raises(TypeError, match="str"):
        regions.search(3604)  # type: ignore[arg-type]


def test_listing_int_parent_rejected() -> None:
    with pytest.raises(TypeError, match="str"):
        regions.regencies(36)  # type: ignore[arg-type]


@pytest.mark.parametrize("code", [" 36", "36 ", "3 6", "36."])
def test_regencies_code_with_spaces(code: str) -> None:
    assert codes(regions.regencies(code)) == ["3601", "3604", "3671", "3673"]


def test_districts_code_with_space() -> None:
    assert codes(regions.districts("36 04")) == ["360405", "360406"]


def test_listing_non_digit_code_rejected() -> None:
    with pytest.raises(ValueError, match="province must be a 2-digit"):
        regions.regencies("3x")


def test_regencies_unknown_province_rejected() -> None:
    with pytest.raises(ValueError, match="province 99 is not in the region table"):
        regions.regencies("99")


def test_districts_unknown_regency_rejected() -> None:
    with pytest.raises(ValueError, match=r"regency 36\.99 is not in the region table"):
        regions.districts("3699")


def test_listing_int_parent_names_argument() -> None:
    with pytest.raises(TypeError, match="regency must be a region code str"):
        regions.districts(3604)  # type: ignore[arg-type]


def test_listing_include_retired_non_bool_rejected() -> None:
    with pytest.raises(TypeError, match="include_retired must be True or False"):
        regions.regencies("36", include_retired="yes")  # type: ignore[arg-type]


def test_search_within_with_space() -> None:
    found = regions.search("kramatwatu", within="36 04")
    assert codes(found)[:1] == ["360405"]


# (keyword arguments, exception type, message pattern)
SEARCH_BAD_ARGUMENTS = [
    ({"level": "2"}, TypeError, "level must be a Level"),
    ({"level": 4}, ValueError, "level must be 1 .province., 2 .regency. or 3"),
    ({"level": 0}, ValueError, "level must be 1"),
    ({"level": True}, TypeError, "level must be a Level"),
    ({"within": 36}, TypeError, "within must be a province or regency code str"),
    ({"within": "3"}, ValueError, "within must be a 2-digit province or 4-digit"),
    ({"within": "360405"}, ValueError, "within must be a 2-digit province"),
    ({"within": "99"}, ValueError, "within region 99 is not in the region table"),
    ({"limit": None}, TypeError, "limit must be an int of at least 1"),
    ({"limit": 2.5}, TypeError, "limit must be an int"),
    ({"min_score": 200}, ValueError, "min_score must be from 0 to 100, got 200"),
    ({"min_score": -1}, ValueError, "min_score must be from 0 to 100"),
    ({"min_score": "60"}, TypeError, "min_score must be a number"),
    ({"include_retired": 1}, TypeError, "include_retired must be True or False"),
]


@pytest.mark.parametrize(("options", "error", "pattern"), SEARCH_BAD_ARGUMENTS)
def test_search_bad_argument_rejected(
    options: dict[str, object], error: type[Exception], pattern: str
) -> None:
    with pytest.raises(error, match=pattern):
        regions.search("serang", **options)  # type: ignore[arg-type]


def test_search_within_region_hints_code() -> None:
    banten = regions.lookup("36")
    with pytest.raises(TypeError, match=r"Pass region\.code instead"):
        regions.search("serang", within=banten)  # type: ignore[arg-type]
