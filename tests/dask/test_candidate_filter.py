"""The Dask audit's registry filter keeps exactly the rows the reference keeps.

The reference builds every row's linkage record, the blocking table and
every default rule's keys, as the single-process audit does, and looks
NIKs and KK numbers up after full validation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

import pytest

pytest.importorskip("dask.dataframe")

import numpy as np
import pandas as pd
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import niklib
from niklib._dask import gather
from niklib.audit.columns import map_columns
from niklib.audit.matching import blocking_table, record_of
from niklib.linkage import DEFAULT_RULES
from niklib.linkage.blocking import normalized_field
from niklib.strategies import invalid_niks, kks, niks

AS_OF = date(2025, 1, 1)
FIELDS = ("nik", "kk", "name", "birth_date", "sex", "address", "village", "district")


def reference_mask(
    rows: Sequence[Mapping[str, str]], match_keys: gather.MatchKeys
) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Return the rows that share a valid NIK, a KK number or a blocking key."""
    keep = np.zeros(len(rows), dtype=np.bool_)
    table = blocking_table([record_of(row, i) for i, row in enumerate(rows)])
    for rule, keys in zip(DEFAULT_RULES, match_keys.keys, strict=True):
        if keys:
            for index, key in enumerate(rule.keys(table)):
                if key is not None and key in keys:
                    keep[index] = True
    for index, row in enumerate(rows):
        nik = row.get("nik", "")
        if not niklib.is_valid(nik, as_of=AS_OF):
            continue
        if niklib.compact(nik) in match_keys.niks:
            keep[index] = True
        kk = row.get("kk", "")
        valid_kk = bool(kk) and niklib.kk.is_valid(kk, as_of=AS_OF)
        if valid_kk and niklib.kk.compact(kk) in match_keys.kks:
            keep[index] = True
    return keep


def match_keys_of(
    recipients: Sequence[Mapping[str, str]], active: Sequence[bool]
) -> gather.MatchKeys:
    """Return the keys of `recipients`, with the rules not `active` left empty."""
    table = blocking_table([record_of(row, i) for i, row in enumerate(recipients)])
    keys = tuple(
        frozenset(k for k in rule.keys(table) if k is not None and on)
        for rule, on in zip(DEFAULT_RULES, active, strict=True)
    )
    valid_niks = frozenset(
        niklib.compact(row["nik"])
        for row in recipients
        if niklib.is_valid(row.get("nik", ""), as_of=AS_OF)
    )
    valid_kks = frozenset(
        niklib.kk.compact(row["kk"])
        for row in recipients
        if row.get("kk") and niklib.kk.is_valid(row["kk"], as_of=AS_OF)
    )
    return gather.MatchKeys(valid_niks, valid_kks, keys)


def dotted(number: str) -> str:
    return f"{number[:2]}.{number[2:4]}.{number[4:6]}.{number[6:12]}.{number[12:]}"


JUNK = st.text(max_size=12)
INVALID_NIKS = (
    invalid_niks()
    .map(lambda pair: pair[0])
    .filter(lambda value: isinstance(value, str))
)
VALUES: dict[str, st.SearchStrategy[str]] = {
    "nik": st.one_of(
        niks(),
        niks().map(dotted),
        niks().map(lambda nik: f" {nik}.0"),
        INVALID_NIKS,
        st.sampled_from(["", "0000000000000000", "0360405410799000", "3.60405E+15"]),
        JUNK,
    ),
    "kk": st.one_of(
        kks(), kks().map(dotted), st.sampled_from(["", "0000000000000000"]), JUNK
    ),
    "name": st.one_of(
        st.sampled_from(
            [
                "Siti Aminah",
                "AMINAH  SITI",
                "Hj. Siti Aminah",
                "Achmad Djoko",
                "Ahmad Joko",
                "M. Yusuf",
                "Muhammad Yusuf",
                "Suparman bin Kasimo",
                "Ma'ruf Amin, S.Pd.",
                "Ibu",
                "",
                " ",
                "...",
            ]
        ),
        JUNK,
    ),
    "birth_date": st.one_of(
        st.sampled_from(
            [
                "1980-01-05",
                "05/01/1980",
                "05-01-1980",
                "05.01.1980",
                "19800105",
                "1980-1-5",
                "1980-01-05T10:00",
                "1980-07-05",
                "31-02-1980",
                "",
                "abc",
            ]
        ),
        JUNK,
    ),
    "sex": st.sampled_from(["L", "P", "", "x"]),
    "address": st.sampled_from(["Jl. Merdeka No.5 RT 001/RW 02", "KP. SAWAH", ""]),
    "village": st.sampled_from(["KARANGMAKMUR", "", "Desa Baru"]),
    "district": st.one_of(
        st.sampled_from(["KORONCONG", "Koroncong", "36.01.33", "360133", "", "-"]),
        JUNK,
    ),
}


@st.composite
def two_lists(
    draw: st.DrawFn,
) -> tuple[list[dict[str, str]], list[dict[str, str]], list[bool]]:
    """Draw recipient rows, registry rows and which rules have keys.

    Both lists draw from the same few values per field, so rows share
    values and keys often.
    """
    pools = {
        field: draw(st.lists(VALUES[field], min_size=1, max_size=5)) for field in FIELDS
    }
    row = st.fixed_dictionaries(
        {}, optional={field: st.sampled_from(pools[field]) for field in FIELDS}
    )
    recipients = draw(st.lists(row, max_size=6))
    registry = draw(st.lists(row, max_size=25))
    active = draw(st.lists(st.booleans(), min_size=5, max_size=5))
    return recipients, registry, active


@settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(two_lists())
def test_filter_equals_reference_on_random_rows(
    lists: tuple[list[dict[str, str]], list[dict[str, str]], list[bool]],
) -> None:
    recipients, registry, active = lists
    match_keys = match_keys_of(recipients, active)
    expected = reference_mask(registry, match_keys)
    kept = gather._candidate_mask(registry, match_keys, AS_OF)
    assert kept.tolist() == expected.tolist()


def test_filter_equals_reference_on_synthetic_registry(
    registry: pd.DataFrame, recipients: pd.DataFrame
) -> None:
    fields = map_columns(registry.columns).fields
    rows = gather._field_values(registry, fields)
    recipient_rows = gather._field_values(
        recipients, map_columns(recipients.columns).fields
    )
    # Half the recipients matched by NIK and left out of the blocking keys.
    match_keys = match_keys_of(recipient_rows[1::2], [True] * len(DEFAULT_RULES))
    match_keys = gather.MatchKeys(
        frozenset(row["nik"] for row in recipient_rows[::2]),
        match_keys.kks,
        match_keys.keys,
    )
    expected = reference_mask(rows, match_keys)
    columns = gather._field_columns(registry, fields)
    kept = gather._column_mask(columns, len(registry), match_keys, AS_OF)
    assert expected.sum() > len(recipient_rows) // 2
    assert kept.tolist() == expected.tolist()


def test_filter_keeps_nothing_without_keys() -> None:
    rows = [{"nik": "3604054107990003", "name": "Siti", "birth_date": "1999-07-01"}]
    empty = gather.MatchKeys(frozenset(), frozenset(), (frozenset(),) * 5)
    assert gather._candidate_mask(rows, empty, AS_OF).tolist() == [False]
    assert gather._candidate_mask([], empty, AS_OF).tolist() == []


def test_key_parts_reproduce_default_rule_keys() -> None:
    records = [
        record_of(
            {
                "nik": nik,
                "name": name,
                "birth_date": birth_date,
                "district": "KORONCONG",
            },
            i,
        )
        for i, (nik, name, birth_date) in enumerate(
            [
                ("3604054107990003", "Siti Aminah", "1999-07-01"),
                ("36.01.01.120885.0002", "Achmad Djoko", "12-08-1985"),
                ("9101014512700004", "M. Yusuf", "05/12/1970"),
            ]
        )
    ]
    table = blocking_table(records)
    for rule in DEFAULT_RULES:
        parts = gather._key_parts(rule)
        assert parts is not None, rule.label
        columns = [normalized_field(table, field) for field in rule.fields]
        for values, key in zip(
            zip(*columns, strict=True), rule.keys(table), strict=True
        ):
            split = tuple(
                part(value) for part, value in zip(parts, values, strict=True)
            )
            assert split == key, rule.label
