"""NIK checks over Dask Series equal the per-value functions."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

dd = pytest.importorskip("dask.dataframe")

import dask  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

import niklib  # noqa: E402
import niklib.dask  # noqa: E402
from niklib import regions  # noqa: E402

AS_OF = date(2025, 1, 1)
KEY = "0123456789abcdef0123"
FIXTURE_REGIONS = Path(__file__).parent.parent / "fixtures" / "regions"
VALUES = [
    "3604054107990003",
    "36.04.05.410799.0003",
    "3601011208850002",
    "3671015012100001",
    "9101014512700004",
    "3604054107990000",
    "3604053207990003",
    "1234",
    "360405410799000X",
    None,
    "",
    "3.60405E+15",
]


@pytest.fixture(scope="module")
def series(client: object) -> dd.Series:
    """The values in three partitions, as Dask stores text (string[pyarrow])."""
    frame = pd.DataFrame({"nik": pd.Series(VALUES, dtype=object)})
    return dd.from_pandas(frame, npartitions=3)["nik"]


def test_is_valid_matches_per_value(series: dd.Series) -> None:
    result = niklib.dask.is_valid(series, as_of=AS_OF).compute()
    assert result.tolist() == [niklib.is_valid(v, as_of=AS_OF) for v in VALUES]


def test_check_reasons_match_per_value(series: dd.Series) -> None:
    result = niklib.dask.check(series, as_of=AS_OF).compute()
    expected = [
        ";".join(r.value for r in niklib.check(v, as_of=AS_OF).reasons) for v in VALUES
    ]
    assert result["reasons"].tolist() == expected


def test_check_messages_hide_niks(series: dd.Series) -> None:
    messages = " ".join(niklib.dask.check(series, as_of=AS_OF).compute()["messages"])
    assert "3604054107990000" not in messages


@pytest.mark.parametrize("column", ["valid", "reasons", "region_code", "sex"])
def test_parse_matches_pandas(series: dd.Series, column: str) -> None:
    import niklib.pandas  # registers Series.nik

    expected = pd.Series(VALUES, dtype=object).nik.parse(as_of=AS_OF)
    result = niklib.dask.parse(series, as_of=AS_OF).compute()
    # Dask stores text columns as pandas strings, whose missing value is NaN
    # where an object column has None; both mean "missing".
    assert _missing_as_none(result[column]) == _missing_as_none(expected[column])


def _missing_as_none(column: pd.Series) -> list[object]:
    return [None if pd.isna(value) else value for value in column.tolist()]


def test_parse_birth_dates(series: dd.Series) -> None:
    result = niklib.dask.parse(series, as_of=AS_OF).compute()["birth_date"]
    expected = [niklib.check(v, as_of=AS_OF).birth_date for v in VALUES]
    dates = [None if pd.isna(d) else d.date() for d in result]
    assert dates == expected


def test_mask_matches_per_value(series: dd.Series) -> None:
    assert niklib.dask.mask(series).compute().tolist() == [
        niklib.mask(v) for v in VALUES
    ]


def test_pseudonymize_matches_per_value(series: dd.Series) -> None:
    def one(value: object) -> str | None:
        try:
            return niklib.pseudonymize(value, KEY)
        except niklib.InvalidNIK:
            return None

    result = niklib.dask.pseudonymize(series, KEY).compute()
    assert result.tolist() == [one(v) for v in VALUES]


def test_pseudonymize_rejects_short_key(series: dd.Series) -> None:
    with pytest.raises(ValueError, match="key"):
        niklib.dask.pseudonymize(series, "short")


def test_checks_reject_pandas_series() -> None:
    with pytest.raises(TypeError, match=r"dask\.dataframe\.Series"):
        niklib.dask.is_valid(pd.Series(VALUES))  # type: ignore[arg-type]


def test_client_region_table_reaches_workers(series: dd.Series, tmp_path: Path) -> None:
    # The fixture table without Kramatwatu (36.04.05): its NIKs become invalid.
    for name in ("editions.csv", "history.csv", "regions.csv"):
        lines = (FIXTURE_REGIONS / name).read_text(encoding="utf-8").splitlines()
        kept = [line for line in lines if not line.startswith("360405,")]
        (tmp_path / name).write_text("\n".join(kept) + "\n", encoding="utf-8")
    table = regions.RegionTable.from_directory(tmp_path)
    with regions.use_table(table):
        expected = [niklib.is_valid(v, as_of=AS_OF) for v in VALUES]
        result = niklib.dask.is_valid(series, as_of=AS_OF).compute()
    assert expected[0] is False
    assert result.tolist() == expected


def test_invalid_nik_pickles_from_worker(client: object) -> None:
    future = client.submit(niklib.parse, "3604054107990000")  # type: ignore[attr-defined]
    with pytest.raises(niklib.InvalidNIK) as raised:
        future.result()
    assert raised.value.reason is niklib.Reason.INVALID_SERIAL


@settings(max_examples=25, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.none(),
            st.text(alphabet="0123456789.- ", max_size=22),
            st.sampled_from(VALUES[:5]),
        ),
        min_size=1,
        max_size=30,
    ),
    st.integers(min_value=1, max_value=4),
)
def test_is_valid_any_partitioning(values: list[str | None], parts: int) -> None:
    frame = pd.DataFrame({"nik": pd.Series(values, dtype=object)})
    series = dd.from_pandas(frame, npartitions=parts)["nik"]
    with dask.config.set(scheduler="sync"):
        result = niklib.dask.is_valid(series, as_of=AS_OF).compute()
    expected = np.array([niklib.is_valid(v, as_of=AS_OF) for v in values])
    assert (result.to_numpy() == expected).all()
