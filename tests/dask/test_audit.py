"""The audit's per-row checks on Dask inputs equal the single-process checks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

dd = pytest.importorskip("dask.dataframe")

import pandas as pd  # noqa: E402

import niklib.dask  # noqa: E402
from niklib.audit import readers  # noqa: E402
from niklib.audit.columns import MissingColumnError  # noqa: E402
from niklib.audit.core import audit  # noqa: E402
from niklib.audit.identity import check_identity  # noqa: E402
from niklib.audit.issues import status_of  # noqa: E402

AS_OF = date(2025, 1, 1)


@pytest.fixture(scope="module")
def expected(dataset: Path) -> pd.DataFrame:
    """The per-row checks of the list, run in this process on the file read whole."""
    path = dataset / "jamsosratu.csv"
    table = readers.read_table(path)
    identities = [check_identity(r, as_of=AS_OF, province="36") for r in table.rows]
    result = audit(path, as_of=AS_OF)
    return pd.DataFrame(
        {
            "row": [r.row_number for r in table.rows],
            "status": [status_of(i.issues) for i in identities],
            "codes": [";".join(x.code.value for x in i.issues) for i in identities],
            "messages": [" | ".join(x.message for x in i.issues) for i in identities],
            "nik_masked": [r.nik_masked for r in result.rows],
            "name": [r.name for r in result.rows],
            "regency_code": [r.regency_code for r in result.rows],
        }
    )


@pytest.fixture(scope="module")
def from_csv(client: object, dataset: Path) -> pd.DataFrame:
    """The per-row checks on the list read by Dask in several CSV blocks."""
    frame = dd.read_csv(
        str(dataset / "jamsosratu.csv"),
        dtype=str,
        keep_default_na=False,
        blocksize=4_000,
    )
    assert frame.npartitions > 1
    return niklib.dask.check_rows(frame, as_of=AS_OF).compute()


@pytest.mark.parametrize("column", niklib.dask.ROW_COLUMNS)
def test_csv_rows_equal(
    from_csv: pd.DataFrame, expected: pd.DataFrame, column: str
) -> None:
    assert from_csv[column].tolist() == expected[column].tolist()


def test_some_rows_have_issues(from_csv: pd.DataFrame) -> None:
    assert (from_csv["status"] != "ok").sum() > 5


def test_parquet_rows_equal(
    client: object, dataset: Path, tmp_path: Path, expected: pd.DataFrame
) -> None:
    source = pd.read_csv(dataset / "jamsosratu.csv", dtype=str, keep_default_na=False)
    dd.from_pandas(source, npartitions=3).to_parquet(tmp_path / "list")
    frame = dd.read_parquet(tmp_path / "list")
    result = niklib.dask.check_rows(frame, as_of=AS_OF).compute()
    assert result["codes"].tolist() == expected["codes"].tolist()


def test_missing_cells_are_blank(client: object) -> None:
    frame = pd.DataFrame({"NIK": [None, "3604054107990003"], "NAMA": ["A", None]})
    result = niklib.dask.check_rows(dd.from_pandas(frame, npartitions=2), as_of=AS_OF)
    codes = result.compute()["codes"].tolist()
    assert codes[0].split(";")[0] == "nik_missing"


def test_missing_column_raises() -> None:
    frame = pd.DataFrame({"NAMA": ["SITI"]})
    with pytest.raises(MissingColumnError):
        niklib.dask.check_rows(frame)


@pytest.mark.parametrize("file_format", ["csv", "parquet"])
def test_write_rows_round_trip(
    client: object, from_csv: pd.DataFrame, tmp_path: Path, file_format: str
) -> None:
    rows = dd.from_pandas(from_csv.reset_index(drop=True), npartitions=3)
    written = niklib.dask.write_rows(rows, tmp_path, file_format=file_format)
    assert len(written) == 3
    if file_format == "csv":
        back = pd.concat(
            pd.read_csv(p, dtype=str, keep_default_na=False) for p in written
        )
    else:
        back = pd.read_parquet(tmp_path)
    assert back["nik_masked"].tolist() == from_csv["nik_masked"].tolist()


def test_write_rows_escapes_formulas(client: object, tmp_path: Path) -> None:
    frame = pd.DataFrame({"NIK": ["3604054107990003"], "NAMA": ["=HYPERLINK(1)"]})
    rows = niklib.dask.check_rows(dd.from_pandas(frame, npartitions=1), as_of=AS_OF)
    (path,) = niklib.dask.write_rows(rows, tmp_path, file_format="csv")
    assert "'=HYPERLINK(1)" in path.read_text(encoding="utf-8")


def test_write_rows_rejects_format(tmp_path: Path) -> None:
    rows = dd.from_pandas(pd.DataFrame({"row": [2]}), npartitions=1)
    with pytest.raises(ValueError, match="file_format"):
        niklib.dask.write_rows(rows, tmp_path, file_format="xlsx")
