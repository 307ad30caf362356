"""`niklib.regions.lookup` and `Region` on the tiny fixture table."""

from __future__ import annotations

import pickle

import pytest

from niklib import regions
from niklib.regions import Level, Region, format_code

pytestmark = pytest.mark.usefixtures("fixture_regions")


def get(code: str) -> Region:
    region = regions.lookup(code)
    assert region is not None, code
    return region


# (code, name, level, kind, parent code)
LOOKUP_CASES = [
    ("36", "Banten", Level.PROVINCE, "provinsi", None),
    ("3604", "Kabupaten Serang", Level.REGENCY, "kabupaten", "36"),
    ("3671", "Kota Tangerang", Level.REGENCY, "kota", "36"),
    ("360405", "Kramatwatu", Level.DISTRICT, "kecamatan", "3604"),
    ("9101", "Kabupaten Merauke", Level.REGENCY, "kabupaten", "91"),
    ("910101", "Merauke", Level.DISTRICT, "kecamatan", "9101"),
]


@pytest.mark.parametrize(("code", "name", "level", "kind", "parent"), LOOKUP_CASES)
def test_lookup_fields(
    code: str, name: str, level: Level, kind: str, parent: str | None
) -> None:
    region = get(code)
    assert region.code == code
    assert region.name == name
    assert region.level is level
    assert region.kind == kind
    assert region.parent_code == parent


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("36.04", "3604"),
        ("36.04.05", "360405"),
        (" 36 04 ", "3604"),
        ("36 04 05", "360405"),
        ("36.71", "3671"),
    ],
)
def test_lookup_dotted_and_spaced(text: str, code: str) -> None:
    assert get(text).code == code


@pytest.mark.parametrize(
    "code", ["", "3", "99", "3699", "360499", "36040", "3604051", "36x4", "３６"]
)
def test_lookup_unknown_none(code: str) -> None:
    assert regions.lookup(code) is None


@pytest.mark.parametrize("code", [3604, None, b"3604"])
def test_lookup_non_str_rejected(code: object) -> None:
    with pytest.raises(TypeError, match="region code must be a str"):
        regions.lookup(code)  # type: ignore[arg-type]


def test_parent_chain() -> None:
    district = get("360405")
    assert district.parent == get("3604")
    assert get("3604").parent == get("36")
    assert get("36").parent is None


def test_path_province_first() -> None:
    assert [r.code for r in get("360405").path] == ["36", "3604", "360405"]


def test_level_digits() -> None:
    assert [level.digits for level in Level] == [2, 4, 6]


@pytest.mark.parametrize(
    ("code", "dotted"), [("36", "36"), ("3604", "36.04"), ("360405", "36.04.05")]
)
def test_format_code(code: str, dotted: str) -> None:
    assert format_code(code) == dotted


def test_current_flags() -> None:
    assert get("3604").is_current is True
    assert get("9101").is_current is False
    assert get("910101").is_current is False


def test_administrative_flag() -> None:
    assert get("3171").administrative is True
    assert get("3604").administrative is False


def test_confidence_and_editions() -> None:
    bulungan = get("6404")
    assert bulungan.confidence == "low"
    assert bulungan.first_edition == ""
    assert get("9101").last_edition == "Permendagri 58/2021"


# (retired code, current successor codes)
SUCCESSOR_CASES = [
    ("9101", ["9301"]),
    ("910101", ["930101"]),
    ("9109", ["9404"]),
    ("910901", ["940401"]),
    ("9201", ["9601"]),
    ("920101", ["960101"]),
    ("6404", ["6501"]),
    ("360490", []),
    ("367190", ["367101", "367102"]),
    ("367191", ["367101", "367102"]),
]


@pytest.mark.parametrize(("code", "successors"), SUCCESSOR_CASES)
def test_successors(code: str, successors: list[str]) -> None:
    assert [r.code for r in get(code).successors] == successors


@pytest.mark.parametrize(("code", "successors"), SUCCESSOR_CASES)
def test_successors_are_current(code: str, successors: list[str]) -> None:
    assert all(r.is_current for r in get(code).successors)


@pytest.mark.parametrize("code", ["36", "3604", "360405", "91", "930101"])
def test_current_has_no_successors(code: str) -> None:
    assert get(code).successors == ()


def test_history_rename() -> None:
    (change,) = get("147108").history
    assert change.change_type == "renamed"
    assert change.old_name == "Tampan"
    assert change.new_name == "Binawidya"
    assert change.year == 2021
    assert change.level is Level.DISTRICT


def test_history_swap() -> None:
    changes = get("740813").history
    assert [c.change_type for c in changes] == ["code_swapped", "code_swapped"]
    assert {(c.old_code, c.new_code) for c in changes} == {
        ("740813", "740815"),
        ("740815", "740813"),
    }


def test_history_swap_keeps_codes_current() -> None:
    assert get("740813").is_current is True
    assert get("740815").is_current is True
    assert get("740813").successors == ()


def test_history_move() -> None:
    (change,) = get("910101").history
    assert change.change_type == "moved"
    assert change.new_code == "930101"
    assert get("930101").history == (change,)


def test_history_province_split() -> None:
    changes = get("91").history
    assert [c.new_code for c in changes] == ["93", "94"]
    assert all(c.change_type == "province_split" for c in changes)


def test_history_oldest_first() -> None:
    years = [c.year or 0 for c in get("367191").history]
    assert years == sorted(years)


def test_history_empty() -> None:
    assert get("360405").history == ()


def test_region_frozen() -> None:
    with pytest.raises(AttributeError):
        get("36").name = "Jawa Barat"  # type: ignore[misc]


@pytest.mark.parametrize("code", ["36", "3604", "360405", "910101", "6404"])
def test_region_pickle_round_trip(code: str) -> None:
    region = get(code)
    copy = pickle.loads(pickle.dumps(region))
    assert copy == region
    assert copy.parent == region.parent
    assert copy.successors == region.successors


def test_region_repr() -> None:
    assert repr(get("3604")) == "Region(36.04 'Kabupaten Serang', kabupaten)"
    assert repr(get("910101")) == "Region(91.01.01 'Merauke', kecamatan, retired)"


def test_region_html_current() -> None:
    html = get("360405")._repr_html_()
    assert html.startswith("<table>")
    assert "36.04.05" in html
    assert "Kramatwatu" in html
    assert "Banten / Kabupaten Serang" in html
    assert "current" in html
    assert "successors" not in html


def test_region_html_retired() -> None:
    html = get("910101")._repr_html_()
    assert "retired" in html
    assert "93.01.01 Merauke" in html


def test_region_html_no_successor() -> None:
    assert "unknown" in get("360490")._repr_html_()


def test_region_html_escapes_names() -> None:
    region = Region(
        code="99",
        name="A & <b>B</b>",
        level=Level.PROVINCE,
        kind="provinsi",
        parent_code=None,
        is_current=True,
    )
    html = region._repr_html_()
    assert "A &amp; &lt;b&gt;B&lt;/b&gt;" in html
    assert "<b>" not in html
