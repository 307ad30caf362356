"""Record lists without standard fields, and values of the wrong type."""

from __future__ import annotations

import datetime as dt

import pytest

from niklib.linkage import Model, dedupe, link

PERSON = {
    "nik": "3604054107990003",
    "name": "SITI AMINAH",
    "birth_date": "1999-07-01",
    "sex": "F",
    "address": "JL MAWAR 5",
    "region": "360405",
}
# Keys as a registry export writes them, with no column map.
EXPORT = {"NIK": "3604054107990003", "NAMA": "SITI AMINAH", "TGL_LAHIR": "01-07-1999"}


def test_link_without_fields_raises() -> None:
    with pytest.raises(ValueError, match="none of the fields") as raised:
        link([EXPORT], [PERSON])
    message = str(raised.value)
    assert message.startswith("left list: none of the fields the model compares")
    assert "(address, birth_date, name, nik, region, sex)" in message
    assert "record keys (NAMA, NIK, TGL_LAHIR)" in message
    assert "columns=" in message


def test_link_right_without_fields_raises() -> None:
    with pytest.raises(ValueError, match=r"^right list: none of the fields"):
        link([PERSON], [EXPORT])


def test_dedupe_without_fields_raises() -> None:
    with pytest.raises(ValueError, match=r"^list: none of the fields"):
        dedupe([EXPORT, EXPORT])


def test_score_without_fields_raises() -> None:
    with pytest.raises(ValueError, match=r"^record b: none of the fields"):
        Model.default().score(PERSON, EXPORT)


def test_column_map_makes_export_linkable() -> None:
    columns = {"nik": "NIK", "name": "NAMA", "birth_date": "TGL_LAHIR"}
    result = link([EXPORT], [EXPORT], columns=columns)
    assert len(result.pairs) == 1


def test_empty_lists_still_link() -> None:
    assert len(link([], []).pairs) == 0


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("name", 5, "name must be a str or None, got int"),
        ("address", True, "address must be a str or None, got bool"),
        ("address", 12, "address must be a str or None, got int"),
        ("address", dt.date(2020, 1, 1), "address must be a str or None, got date"),
        ("address", object(), "address must be a str or None, got object"),
        ("region", False, "region must be a str, an int or None, got bool"),
        ("region", 3604.0, "region must be a str, an int or None, got float"),
        ("region", dt.date(2020, 1, 1), "region must be a str, an int or None"),
    ],
)
def test_text_field_junk_names_record(field: str, value: object, expected: str) -> None:
    records = [PERSON, PERSON, {**PERSON, field: value}]
    with pytest.raises(TypeError) as raised:
        dedupe(records)
    assert str(raised.value).startswith(f"list, record 2: {expected}")


def test_score_junk_names_record() -> None:
    with pytest.raises(TypeError, match=r"^record a: name must be a str or None"):
        Model.default().score({**PERSON, "name": 5}, PERSON)


def test_region_int_code_matches_text() -> None:
    score = Model.default().score(PERSON, {**PERSON, "region": 360405})
    assert score["region"].level == "exact"


@pytest.mark.parametrize(
    "value",
    [dt.date(1999, 7, 1), dt.datetime(1999, 7, 1), True, 3.6e15, b"3604054107990003"],
)
def test_nik_of_other_type_reads_missing(value: object) -> None:
    model = Model.default()
    junk = model.score(PERSON, {**PERSON, "nik": value})
    missing = model.score(PERSON, {**PERSON, "nik": None})
    assert junk.probability == missing.probability
    assert junk["nik"].level == missing["nik"].level
