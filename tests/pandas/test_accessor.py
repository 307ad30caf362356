"""The pandas ``.nik`` accessor returns exactly what the per-value functions return."""

import io
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

pd = pytest.importorskip("pandas")

import niklib  # noqa: E402
import niklib.pandas  # noqa: E402  (registers the accessor)
from niklib import _vector, regions  # noqa: E402

AS_OF = date(2026, 12, 4)

MIXED = [
    "3604054107990003",
    "36.04.05.410799.0003",
    None,
    "",
    "0",
    "3604053207990003",
    "9101014512700004",
    "6404011201900001",
    3604054107990003,
    1.5,
    float("nan"),
    "３６０４０５４１０７９９０００３",
    "3604054107990003x",
    "x" * 1000,
    "3604052902000001",
    "3604052902010001",
    "3604051712260001",
    "3604054107990000",
    True,
    b"3604054107990003",
]


def _district_codes() -> list[str]:
    return sorted(regions.default_table().district_codes)


def synthetic_nik(draw: st.DrawFn) -> str:
    code = draw(st.sampled_from(_district_codes()))
    day = draw(st.integers(0, 99))
    month = draw(st.integers(0, 13))
    year = draw(st.integers(0, 99))
    serial = draw(st.integers(0, 9999))
    return f"{code}{day:02d}{month:02d}{year:02d}{serial:04d}"


nik_like = st.composite(synthetic_nik)()


def test_is_valid_matches_per_value_on_mixed_column() -> None:
    series = pd.Series(MIXED, dtype=object)
    expected = [niklib.is_valid(value, as_of=AS_OF) for value in MIXED]
    assert series.nik.is_valid(as_of=AS_OF).tolist() == expected


def test_is_valid_keeps_index_and_length() -> None:
    series = pd.Series(["3604054107990003", "bad"], index=["x", "y"])
    result = series.nik.is_valid(as_of=AS_OF)
    assert list(result.index) == ["x", "y"]
    assert result.dtype == bool


@settings(max_examples=200, deadline=None)
@given(
    st.lists(nik_like, min_size=1, max_size=50),
    st.dates(date(1990, 1, 1), date(2060, 1, 1)),
)
def test_vector_is_valid_equals_scalar(values: list[str], as_of: date) -> None:
    expected = [niklib.is_valid(value, as_of=as_of) for value in values]
    assert _vector.is_valid(values, as_of=as_of).tolist() == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(nik_like, min_size=1, max_size=30))
def test_vector_decode_equals_check(values: list[str]) -> None:
    decoded = _vector.decode(values, as_of=AS_OF)
    for i, value in enumerate(values):
        result = niklib.check(value, as_of=AS_OF)
        assert decoded.valid[i] == result.valid
        if result.valid:
            assert decoded.birth_date[i] == result.birth_date
            assert decoded.sex[i] == (result.sex.value if result.sex else None)
            assert decoded.region_code[i] == value[:6]


def test_parse_columns_for_valid_and_invalid() -> None:
    series = pd.Series(
        ["3604054107990003", "3604053207990003", None], index=[10, 11, 12]
    )
    frame = series.nik.parse(as_of=AS_OF)
    assert list(frame.index) == [10, 11, 12]
    assert frame.loc[10, "regency"] == "Kabupaten Serang"
    assert frame.loc[10, "birth_date"] == pd.Timestamp("1999-07-01")
    assert frame.loc[10, "sex"] == "F"
    assert frame.loc[11, "reasons"] == "invalid_day"
    assert not frame.loc[12, "valid"]


def test_parse_reports_retired_region_warning() -> None:
    frame = pd.Series(["9101014512700004"]).nik.parse(as_of=AS_OF)
    assert frame.loc[0, "valid"]
    assert frame.loc[0, "reasons"] == "retired_region"


def test_check_messages_never_show_full_nik() -> None:
    frame = pd.Series(["3604053207990003", "3604054107990003.0"]).nik.check()
    for message in frame["messages"]:
        assert "3604053207990003" not in message
        assert "3604054107990003" not in message


def test_mask_and_pseudonymize_per_element() -> None:
    series = pd.Series(["3604054107990003", "", None])
    assert series.nik.mask().tolist() == [niklib.mask(v) for v in series]
    pseudonyms = series.nik.pseudonymize("k" * 32).tolist()
    assert pseudonyms[0] == niklib.pseudonymize("3604054107990003", "k" * 32)
    assert pseudonyms[1] is None
    assert pseudonyms[2] is None


@pytest.mark.parametrize("dtype", ["string[pyarrow]", "large_string[pyarrow]"])
def test_is_valid_arrow_strings_match(dtype: str) -> None:
    pytest.importorskip("pyarrow")
    values = [v if isinstance(v, str) or v is None else str(v) for v in MIXED]
    series = pd.Series(values, dtype=dtype)
    expected = [niklib.is_valid(value, as_of=AS_OF) for value in series.array]
    assert series.nik.is_valid(as_of=AS_OF).tolist() == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(nik_like, min_size=1, max_size=50))
def test_arrow_is_valid_equals_scalar(values: list[str]) -> None:
    pytest.importorskip("pyarrow")
    series = pd.Series(values, dtype="string[pyarrow]")
    expected = [niklib.is_valid(value, as_of=AS_OF) for value in values]
    assert series.nik.is_valid(as_of=AS_OF).tolist() == expected


@pytest.mark.parametrize("dtype", [object, "string"])
def test_empty_cells_reported_missing(dtype: object) -> None:
    # read_csv(dtype=str) writes an empty cell as NaN, and the string dtype as NA.
    frame = pd.read_csv(io.StringIO("NIK,NAMA\n3604054107990003,A\n,B\n"), dtype=dtype)
    checked = frame["NIK"].nik.check(as_of=AS_OF)
    assert checked["reasons"].tolist() == ["", "placeholder"]
    assert "missing" in checked["messages"][1]
    assert "floating-point" not in checked["messages"][1]
    assert frame["NIK"].nik.parse(as_of=AS_OF)["reasons"].tolist() == [
        "",
        "placeholder",
    ]
    assert frame["NIK"].nik.mask().tolist()[1] == ""


def test_district_zero_under_retired_regency_invalid() -> None:
    series = pd.Series(["6404004512700004", "6404014512700004"])
    assert series.nik.is_valid(as_of=AS_OF).tolist() == [False, True]
    assert series.nik.parse(as_of=AS_OF)["valid"].tolist() == [False, True]


@pytest.mark.parametrize("dtype", [object, "string", "string[pyarrow]"])
def test_trailing_nul_characters_rejected(dtype: object) -> None:
    # numpy drops trailing NULs when it converts text to a fixed width.
    if dtype == "string[pyarrow]":
        pytest.importorskip("pyarrow")
    nik = MIXED[0]
    values = [nik + "\x00", nik + "\x00" * 5, nik]
    series = pd.Series(values, dtype=dtype)
    expected = [niklib.is_valid(value, as_of=AS_OF) for value in values]
    assert expected == [False, False, True]
    assert series.nik.is_valid(as_of=AS_OF).tolist() == expected
    assert series.nik.parse(as_of=AS_OF)["valid"].tolist() == expected
