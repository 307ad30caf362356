"""`niklib.dask.audit` equals `niklib.audit.audit` on the same data."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

dd = pytest.importorskip("dask.dataframe")

import pandas as pd  # noqa: E402

import niklib.dask  # noqa: E402
from niklib.audit import AuditResult, audit  # noqa: E402
from niklib.audit.columns import MissingColumnError  # noqa: E402

AS_OF = date(2025, 1, 1)


def _read(path: Path, blocksize: int) -> Any:
    frame = dd.read_csv(
        str(path), dtype=str, keep_default_na=False, blocksize=blocksize
    )
    assert frame.npartitions > 1
    return frame


@pytest.fixture(scope="module")
def expected(dataset: Path) -> AuditResult:
    """The audit run in this process on the files read whole."""
    return audit(
        dataset / "jamsosratu.csv",
        registry=dataset / "registry.csv",
        exclude={"pkh": dataset / "pkh.csv"},
        households=dataset / "households.csv",
        as_of=AS_OF,
    )


@pytest.fixture(scope="module")
def distributed(client: object, dataset: Path) -> AuditResult:
    """The audit with the registry and the PKH list read by Dask in blocks."""
    return niklib.dask.audit(
        dataset / "jamsosratu.csv",
        registry=_read(dataset / "registry.csv", 40_000),
        exclude={"pkh": _read(dataset / "pkh.csv", 1_000)},
        households=dataset / "households.csv",
        as_of=AS_OF,
    )


def test_rows_equal(distributed: AuditResult, expected: AuditResult) -> None:
    assert len(distributed.rows) == len(expected.rows)
    for got, want in zip(distributed.rows, expected.rows, strict=True):
        assert got == want


def test_matches_equal(distributed: AuditResult, expected: AuditResult) -> None:
    assert distributed.matches == expected.matches


def test_summaries_and_decisions_equal(
    distributed: AuditResult, expected: AuditResult
) -> None:
    assert distributed.regencies == expected.regencies
    assert [d.status if d else None for d in distributed.decisions] == [
        d.status if d else None for d in expected.decisions
    ]
    assert [d.household.members if d else None for d in distributed.decisions] == [
        d.household.members if d else None for d in expected.decisions
    ]


def test_every_step_finds_something(expected: AuditResult) -> None:
    codes = {issue.code.value for row in expected.rows for issue in row.issues}
    bases = {match.basis for match in expected.matches}
    assert {"nik", "linkage"} <= bases
    assert {"in_other_programme", "registry_linked", "registry_name_differs"} <= codes
    statuses = {d.status for d in expected.decisions if d is not None}
    assert len(statuses) > 1


def test_recipients_as_frames(
    client: object, dataset: Path, expected: AuditResult
) -> None:
    """A recipient list given as a pandas or Dask frame gives the same rows."""
    source = pd.read_csv(dataset / "jamsosratu.csv", dtype=str, keep_default_na=False)
    registry = _read(dataset / "registry.csv", 40_000)
    pkh = _read(dataset / "pkh.csv", 1_000)
    for recipients in (source, dd.from_pandas(source, npartitions=3)):
        result = niklib.dask.audit(
            recipients,
            registry=registry,
            exclude={"pkh": pkh},
            households=dataset / "households.csv",
            as_of=AS_OF,
        )
        assert result.rows == expected.rows


def test_duplicates_and_strangers(client: object, dataset: Path) -> None:
    """Rows copied twice and people missing from the registry come out the same."""
    source = pd.read_csv(dataset / "jamsosratu.csv", dtype=str, keep_default_na=False)
    stranger = source.iloc[[5]].assign(
        NIK="3604054107990003",
        NAMA="Zulkarnaen Wibisono",
        NO_KK="",
        TGL_LAHIR="01-07-1999",
        ALAMAT="JL. MERDEKA 17",
        DESA="SUKAJADI",
    )
    frame = pd.concat([source, source.iloc[[0, 3]], stranger], ignore_index=True)
    options: dict[str, Any] = {"households": dataset / "households.csv", "as_of": AS_OF}
    want = audit(frame, registry=dataset / "registry.csv", **options)
    got = niklib.dask.audit(
        dd.from_pandas(frame, npartitions=2),
        registry=_read(dataset / "registry.csv", 40_000),
        **options,
    )
    codes = {issue.code.value for row in want.rows for issue in row.issues}
    assert {"duplicate_nik", "not_in_registry"} <= codes
    assert got.rows == want.rows
    assert got.matches == want.matches


def test_registry_niks_with_separators(client: object, dataset: Path) -> None:
    """Registry NIKs written with dots still match recipients by NIK."""
    registry = pd.read_csv(dataset / "registry.csv", dtype=str, keep_default_na=False)
    nik = registry["NIK"]
    dotted = nik.str[:2] + "." + nik.str[2:4] + "." + nik.str[4:6] + "." + nik.str[6:]
    registry["NIK"] = dotted.where(registry.index % 2 == 0, nik)
    want = audit(dataset / "jamsosratu.csv", registry=registry, as_of=AS_OF)
    got = niklib.dask.audit(
        dataset / "jamsosratu.csv",
        registry=dd.from_pandas(registry, npartitions=3),
        as_of=AS_OF,
    )
    assert sum(m.basis == "nik" for m in want.matches) > 50
    assert got.matches == want.matches
    assert got.rows == want.rows


def test_padded_registry_cells(client: object, dataset: Path, tmp_path: Path) -> None:
    """Spaces around registry cells are dropped by both readers alike."""
    registry = pd.read_csv(dataset / "registry.csv", dtype=str, keep_default_na=False)
    padded = registry.map(lambda cell: f" {cell} " if cell else cell)
    path = tmp_path / "registry.csv"
    padded.to_csv(path, index=False)
    want = audit(dataset / "jamsosratu.csv", registry=path, as_of=AS_OF)
    got = niklib.dask.audit(dataset / "jamsosratu.csv", registry=path, as_of=AS_OF)
    assert sum(m.basis == "nik" for m in want.matches) > 50
    assert got.matches == want.matches
    assert got.rows == want.rows


def test_parquet_registry_with_string_dtype(
    client: object, dataset: Path, tmp_path: Path, expected: AuditResult
) -> None:
    """A Parquet registry read back with pyarrow strings gives the same result."""
    source = pd.read_csv(dataset / "registry.csv", dtype=str, keep_default_na=False)
    dd.from_pandas(source, npartitions=4).to_parquet(tmp_path / "registry")
    registry = dd.read_parquet(tmp_path / "registry")
    pkh = pd.read_csv(dataset / "pkh.csv", dtype=str, keep_default_na=False)
    result = niklib.dask.audit(
        dataset / "jamsosratu.csv",
        registry=registry,
        exclude={"pkh": pkh},
        households=dataset / "households.csv",
        as_of=AS_OF,
    )
    assert result.rows == expected.rows
    assert result.matches == expected.matches


def test_registry_rows_count_across_partitions(distributed: AuditResult) -> None:
    """Registry row numbers are positions in the whole frame, not in one partition."""
    rows = [match.registry_row for match in distributed.matches]
    assert max(rows) > 1_000


def test_registry_without_nik_column_names_it(dataset: Path) -> None:
    registry = dd.from_pandas(pd.DataFrame({"NAMA": ["A"]}), npartitions=1)
    with pytest.raises(MissingColumnError, match="registry"):
        niklib.dask.audit(dataset / "jamsosratu.csv", registry=registry, as_of=AS_OF)


def test_wrong_types_are_named(dataset: Path) -> None:
    with pytest.raises(TypeError, match="registry"):
        niklib.dask.audit(dataset / "jamsosratu.csv", registry=[1, 2], as_of=AS_OF)
    with pytest.raises(TypeError, match="recipients"):
        niklib.dask.audit(42, as_of=AS_OF)
    with pytest.raises(TypeError, match="exclude"):
        niklib.dask.audit(dataset / "jamsosratu.csv", exclude=["pkh"], as_of=AS_OF)


def test_household_members_from_registry(client: object, dataset: Path) -> None:
    """Without household inputs, members come from the registry by KK number."""
    want = audit(
        dataset / "jamsosratu.csv", registry=dataset / "registry.csv", as_of=AS_OF
    )
    got = niklib.dask.audit(
        dataset / "jamsosratu.csv",
        registry=_read(dataset / "registry.csv", 40_000),
        as_of=AS_OF,
    )

    def members(result: AuditResult) -> list[object]:
        return [d.household.members if d else None for d in result.decisions]

    assert sum(len(m) > 1 for m in members(want) if m) > 20
    assert members(got) == members(want)
    assert got.rows == want.rows


def test_found_niks_compacts_written_forms(client: object) -> None:
    """The NIK pass finds plain, dotted and spaced NIKs, and only those asked for."""
    from niklib._dask.gather import found_niks

    frame = pd.DataFrame(
        {
            "NIK": [
                "3604054107990003",
                "36.04.05.410799.0004",
                " 3604 0541 0799 0005 ",
                "3604054107990000",
                None,
                "3604054107990009",
            ]
        }
    )
    # The recipients' NIKs are valid, so serial 0000 is never among them.
    wanted = frozenset(
        {
            "3604054107990003",
            "3604054107990004",
            "3604054107990005",
            "3604054107990006",
        }
    )
    found = found_niks(
        dd.from_pandas(frame, npartitions=2), "NIK", wanted, as_of=AS_OF, table=None
    )
    assert found == {"3604054107990003", "3604054107990004", "3604054107990005"}


def test_result_pickles(distributed: AuditResult) -> None:
    import pickle

    copy = pickle.loads(pickle.dumps(distributed))
    assert copy.rows == distributed.rows
    assert copy.regencies == distributed.regencies
