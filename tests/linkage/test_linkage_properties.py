"""Invariants: symmetric scores, agreeing evidence never lowers a weight,
placeholders never match, batch scoring equals pair scoring."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from niklib.linkage import Model, NikComparison, dedupe, parse_name

MODEL = Model.default()
TF_MODEL = Model.default().with_term_frequencies(
    [{"name": n, "birth_date": "1980-07-01"} for n in ("Siti", "Siti Aminah", "Budi")]
)
FIELDS = ("nik", "name", "birth_date", "sex", "region", "address")

NAME_PARTS = [
    "Siti", "St.", "Aminah", "Muhammad", "Moch.", "M.", "Yusuf", "Soeharto",
    "Suharto", "Djoko", "Joko", "H.", "Hj.", "bin", "Kasimo", "Budi", "Nur",
    "Nurul", "S.Pd.", "Ma'ruf",
]  # fmt: skip

names = st.lists(st.sampled_from(NAME_PARTS), min_size=1, max_size=4).map(" ".join)
niks = st.sampled_from(
    [
        "3604054107990003",
        "3604054107990000",
        "3604054107990004",
        "3640054107990003",
        "3601011208850002",
        "0",
        "",
    ]
)
dates = st.dates(min_value=dt.date(1940, 1, 1), max_value=dt.date(2020, 12, 31))
birth_dates = st.one_of(
    dates.map(dt.date.isoformat), dates.map(lambda d: d.strftime("%d-%m-%Y"))
)
regions = st.sampled_from(["360405", "360406", "360105", "320101", "KAB SERANG"])
addresses = st.sampled_from(
    ["Jl. Merdeka 5", "Jalan Merdeka No 5 RT 1", "Gg. Mawar", "Kp. Sukamaju"]
)
sexes = st.sampled_from(["L", "P", "M", "F"])
STRATEGIES = {
    "nik": niks,
    "name": names,
    "birth_date": birth_dates,
    "sex": sexes,
    "region": regions,
    "address": addresses,
}
records = st.fixed_dictionaries({}, optional=STRATEGIES)
PLACEHOLDERS = st.one_of(
    st.just(""),
    st.just(None),
    st.text(alphabet="0", min_size=1, max_size=16),
    st.from_regex(r"0[0-9]{5,15}", fullmatch=True),
    st.floats(allow_nan=False),
    st.sampled_from(["3.6E+15", "  ", "-"]),
)


@settings(max_examples=150, deadline=None)
@given(records, records)
def test_score_symmetric(a: dict, b: dict) -> None:
    assert MODEL.score(a, b).weight == MODEL.score(b, a).weight


@settings(max_examples=100, deadline=None)
@given(records, records)
def test_score_symmetric_with_frequencies(a: dict, b: dict) -> None:
    assert TF_MODEL.score(a, b).weight == TF_MODEL.score(b, a).weight


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(records, records, st.sampled_from(FIELDS))
def test_agreeing_evidence_never_lowers(a: dict, b: dict, field: str) -> None:
    if field not in a:
        return
    without = {k: v for k, v in b.items() if k != field}
    with_field = {**without, field: a[field]}
    assert MODEL.score(a, with_field).weight >= MODEL.score(a, without).weight


@settings(max_examples=200, deadline=None)
@given(PLACEHOLDERS, PLACEHOLDERS)
def test_placeholders_never_match(a: object, b: object) -> None:
    comparison = NikComparison()
    index = np.array([0], dtype=np.intp)
    level = comparison.compare(
        comparison.prepare([a]), comparison.prepare([b]), index, index
    )
    assert comparison.levels[int(level[0])].key == "both_missing"


@settings(max_examples=100, deadline=None)
@given(PLACEHOLDERS, names)
def test_placeholder_nik_weight_zero(nik: object, name: str) -> None:
    score = MODEL.score({"nik": nik, "name": name}, {"nik": nik, "name": name})
    assert score["nik"].weight == 0.0


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(records, min_size=2, max_size=8))
def test_batch_weights_equal_pair_scores(rows: list[dict]) -> None:
    model = MODEL.with_prior(0.01)
    result = dedupe(rows, model=model, threshold=0.0)
    for k in range(len(result.candidates)):
        a, b = rows[result.candidates.left[k]], rows[result.candidates.right[k]]
        assert abs(result.weights[k] - model.score(a, b).weight) < 1e-9


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_name_key_any_text(text: str) -> None:
    key = parse_name(text).key
    assert set(key) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ ")


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="latin-1")))
def test_name_key_case_insensitive(text: str) -> None:
    assert parse_name(text.upper()).key == parse_name(text.lower()).key
