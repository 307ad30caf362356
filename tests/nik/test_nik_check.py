"""`check` and `parse`: region levels, retired codes, partial parse, all findings."""

from __future__ import annotations

from datetime import date

import attrs
import pytest

import niklib
from niklib import NIK, Reason, Sex
from niklib import nik as nik_module

pytestmark = pytest.mark.usefixtures("fixture_regions")

AS_OF = date(2026, 12, 4)

# (input, province, regency, district): synthetic valid NIKs in the fixture.
VALID = [
    ("3604054107990003", "36", "3604", "360405"),
    ("3601011208850002", "36", "3601", "360101"),
    ("3671015012100001", "36", "3671", "367101"),
    ("1471081508900001", "14", "1471", "147108"),
    ("7408130101800001", "74", "7408", "740813"),
]


@pytest.mark.parametrize(("value", "province", "regency", "district"), VALID)
def test_parse_valid_regions(
    value: str, province: str, regency: str, district: str
) -> None:
    nik = niklib.parse(value, as_of=AS_OF)
    assert nik.province.code == province
    assert nik.regency.code == regency
    assert nik.district is not None
    assert nik.district.code == district
    assert nik.region_code == district
    assert nik.warnings == ()


def test_parse_fields() -> None:
    nik = niklib.parse("3601011208850002", as_of=AS_OF)
    assert nik.value == "3601011208850002"
    assert str(nik) == "3601011208850002"
    assert nik.province.name == "Banten"
    assert nik.regency.name == "Kabupaten Pandeglang"
    assert nik.district is not None
    assert nik.district.name == "Sumur"
    assert nik.birth_date == date(1985, 8, 12)
    assert nik.sex is Sex.MALE
    assert nik.serial == 2
    assert nik.century_inferred is True


def test_parse_girl_born_2010() -> None:
    nik = niklib.parse("3671015012100001", as_of=AS_OF)
    assert nik.regency.kind == "kota"
    assert nik.birth_date == date(2010, 12, 10)
    assert nik.sex is Sex.FEMALE
    assert nik.serial == 1


def test_nik_is_frozen() -> None:
    nik = niklib.parse("3604054107990003", as_of=AS_OF)
    with pytest.raises(AttributeError):
        nik.serial = 4  # type: ignore[misc]


def test_nik_equality_by_value() -> None:
    first = niklib.parse("3604054107990003", as_of=AS_OF)
    second = niklib.parse("36.04.05.410799.0003", as_of=AS_OF)
    assert first == second
    assert hash(first) == hash(second)


def test_nik_evolve_and_asdict() -> None:
    nik = niklib.parse("3604054107990003", as_of=AS_OF)
    later = attrs.evolve(nik, serial=4)
    assert later.serial == 4
    assert later.value == nik.value
    assert later.warnings == nik.warnings
    fields = attrs.asdict(nik, recurse=False)
    assert fields["birth_date"] == date(1999, 7, 1)
    assert fields["sex"] is Sex.FEMALE
    assert list(fields) == [field.name for field in attrs.fields(NIK)]


def test_new_nik_matches_init() -> None:
    # `_new_nik` skips attrs' __init__, which is only safe while no field
    # has a validator or converter and the class has no post-init hook.
    assert all(field.validator is None for field in attrs.fields(NIK))
    assert all(field.converter is None for field in attrs.fields(NIK))
    assert not hasattr(NIK, "__attrs_post_init__")
    # It builds a twin without the frozen __setattr__ and then assigns
    # __class__, which needs the same slots in the same order.
    assert nik_module._Unfrozen.__slots__ == NIK.__slots__  # type: ignore[attr-defined]
    for value in ("3604054107990003", "9101014512700004"):
        values = attrs.astuple(niklib.parse(value, as_of=AS_OF), recurse=False)
        built = nik_module._new_nik(*values)
        expected = NIK(*values)
        assert type(built) is NIK
        assert attrs.astuple(built, recurse=False) == values
        assert built == expected
        assert hash(built) == hash(expected)


def test_check_valid_carries_nik() -> None:
    result = niklib.check("3604054107990003", as_of=AS_OF)
    assert result.nik is not None
    assert result.nik.value == "3604054107990003"
    assert result.findings == ()


# (input, current successor code, field): retired codes stay valid and the
# warning names the current successor.
RETIRED = [
    ("9101014512700004", "93.01.01", "district"),
    ("9101024512700004", "93.01.02", "district"),
    ("9109014512700004", "94.04.01", "district"),
    ("9201014512700004", "96.01.01", "district"),
    ("6404014512700004", "65.01", "regency"),
]


@pytest.mark.parametrize(("value", "successor", "field"), RETIRED)
def test_retired_valid(value: str, successor: str, field: str) -> None:
    assert niklib.is_valid(value, as_of=AS_OF) is True


@pytest.mark.parametrize(("value", "successor", "field"), RETIRED)
def test_retired_warning_names_successor(
    value: str, successor: str, field: str
) -> None:
    result = niklib.check(value, as_of=AS_OF)
    assert result.reasons == (Reason.RETIRED_REGION,)
    assert result.warnings[0].field == field
    assert successor in result.warnings[0].message


def test_retired_warning_names_successor_path() -> None:
    result = niklib.check("9101014512700004", as_of=AS_OF)
    message = result.warnings[0].message
    assert "Papua Selatan" in message
    assert "Kabupaten Merauke" in message


def test_retired_nik_keeps_retired_regions() -> None:
    nik = niklib.parse("9101014512700004", as_of=AS_OF)
    assert nik.province.code == "91"
    assert nik.regency.code == "9101"
    assert nik.regency.is_current is False
    assert nik.district is not None
    assert nik.district.code == "910101"
    assert nik.birth_date == date(1970, 12, 5)
    assert nik.sex is Sex.FEMALE


def test_retired_regency_without_districts() -> None:
    # District codes under the old Bulungan regency are not known, so any
    # district digits are accepted and the district stays unknown.
    nik = niklib.parse("6404994512700004", as_of=AS_OF)
    assert nik.regency.code == "6404"
    assert nik.district is None
    assert "history confidence: low" in nik.warnings[0].message


def test_retired_regency_district_zero_rejected() -> None:
    # District numbers start at 01, even where the districts are unknown.
    value = "6404004512700004"
    result = niklib.check(value, as_of=AS_OF)
    assert result.reasons == (Reason.UNKNOWN_DISTRICT,)
    assert result.errors[0].field == "district"
    assert niklib.is_valid(value, as_of=AS_OF) is False
    assert niklib.is_valid(value) is False
    with pytest.raises(niklib.InvalidNIK):
        niklib.parse(value)


def test_retired_without_known_successor() -> None:
    result = niklib.check("3604904512700004", as_of=AS_OF)
    assert result.valid is True
    assert "successor is not known" in result.warnings[0].message
    assert "history confidence: medium" in result.warnings[0].message


def test_retired_chain_names_all_successors() -> None:
    message = niklib.check("3671904512700004", as_of=AS_OF).warnings[0].message
    assert "36.71.01" in message
    assert "36.71.02" in message


# (input, reason, province, regency): an unknown code is rejected at the
# first level that is unknown, and the levels above it are kept.
UNKNOWN = [
    ("9904054107990003", Reason.UNKNOWN_PROVINCE, None, None),
    ("1004054107990003", Reason.UNKNOWN_PROVINCE, None, None),
    ("3699054107990003", Reason.UNKNOWN_REGENCY, "36", None),
    ("3602054107990003", Reason.UNKNOWN_REGENCY, "36", None),
    ("3604994107990003", Reason.UNKNOWN_DISTRICT, "36", "3604"),
    ("3604014107990003", Reason.UNKNOWN_DISTRICT, "36", "3604"),
    ("9101994107990003", Reason.UNKNOWN_DISTRICT, "91", "9101"),
]


@pytest.mark.parametrize(("value", "reason", "province", "regency"), UNKNOWN)
def test_unknown_code_level(
    value: str, reason: Reason, province: str | None, regency: str | None
) -> None:
    result = niklib.check(value, as_of=AS_OF)
    assert result.reasons == (reason,)
    assert (result.province.code if result.province else None) == province
    assert (result.regency.code if result.regency else None) == regency
    assert result.district is None


@pytest.mark.parametrize(("value", "reason", "province", "regency"), UNKNOWN)
def test_unknown_code_keeps_date(
    value: str, reason: Reason, province: str | None, regency: str | None
) -> None:
    result = niklib.check(value, as_of=AS_OF)
    assert result.birth_date == date(1999, 7, 1)
    assert result.sex is Sex.FEMALE
    assert result.serial == 3
    assert result.century_inferred is True


def test_unknown_regency_message_names_province() -> None:
    message = niklib.check("3699054107990003", as_of=AS_OF).errors[0].message
    assert "36.99" in message
    assert "Banten" in message


def test_check_reports_every_finding() -> None:
    result = niklib.check("9904053213990000", as_of=AS_OF)
    assert result.reasons == (
        Reason.UNKNOWN_PROVINCE,
        Reason.INVALID_DAY,
        Reason.INVALID_MONTH,
        Reason.INVALID_SERIAL,
    )
    assert [f.field for f in result.errors] == ["province", "day", "month", "serial"]


def test_check_retired_with_errors() -> None:
    result = niklib.check("9101013102990000", as_of=AS_OF)
    assert result.valid is False
    assert result.reasons == (
        Reason.INVALID_DATE,
        Reason.INVALID_SERIAL,
        Reason.RETIRED_REGION,
    )
    assert result.nik is None
    assert result.district is not None
    assert result.district.code == "910101"


def test_check_keeps_region_when_date_invalid() -> None:
    result = niklib.check("3604053207990003", as_of=AS_OF)
    assert result.province is not None
    assert result.province.code == "36"
    assert result.district is not None
    assert result.district.code == "360405"
    assert result.serial == 3
    assert result.birth_date is None
    assert result.sex is None


def test_check_keeps_sex_when_month_invalid() -> None:
    result = niklib.check("3604054113990003", as_of=AS_OF)
    assert result.sex is Sex.FEMALE
    assert result.birth_date is None


def test_check_keeps_date_when_serial_invalid() -> None:
    result = niklib.check("3604054107990000", as_of=AS_OF)
    assert result.birth_date == date(1999, 7, 1)
    assert result.sex is Sex.FEMALE
    assert result.nik is None


def test_check_findings_errors_first() -> None:
    result = niklib.check("9101013207990003", as_of=AS_OF)
    assert result.findings == result.errors + result.warnings
    assert result.reasons == (Reason.INVALID_DAY, Reason.RETIRED_REGION)


def test_check_wrong_length_keeps_digits() -> None:
    result = niklib.check("3604 0541 0799 000", as_of=AS_OF)
    assert result.digits == "360405410799000"
    assert result.province is None


def test_check_damage_drops_digits() -> None:
    result = niklib.check("3604054107990003.0", as_of=AS_OF)
    assert result.digits == ""
