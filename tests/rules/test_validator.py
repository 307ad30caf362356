"""The programme-file validator: each finding as a table row, and all at once."""

from __future__ import annotations

import copy
import datetime
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from niklib.exceptions import Severity
from niklib.rules import ProgrammeError, check_data, check_file, load, load_data

D = datetime.date
ERROR, WARNING = Severity.ERROR, Severity.WARNING


def _label() -> dict[str, str]:
    return {"id": "Contoh", "en": "Example"}


def _sourced(**values: Any) -> dict[str, Any]:
    return {"citation": "Example source", "confidence": "confirmed", **values}


def minimal() -> dict[str, Any]:
    """A small valid programme: one elderly member in Banten gets a flat amount."""
    return {
        "programme": {"id": "demo", "name": "Demo"},
        "switches": {"local_only": _sourced(label=_label(), default=True)},
        "parameters": {
            "amount": {
                "label": _label(),
                "unit": "IDR",
                "values": [_sourced(**{"from": D(2020, 1, 1), "value": 1000})],
            },
            "min_age": {
                "label": _label(),
                "unit": "years",
                "values": [_sourced(**{"from": D(2020, 1, 1), "value": 60})],
            },
        },
        "rules": {
            "old": _sourced(label=_label(), fact="age", op=">=", param="min_age"),
            "has_old": _sourced(label=_label(), any_member="old"),
            "local": _sourced(
                label=_label(),
                fact="domicile_province",
                op="==",
                value="36",
                switch="local_only",
            ),
            "eligible": _sourced(label=_label(), all=["has_old", "local"]),
        },
        "benefits": {"flat": {"mode": "flat", "amount": "amount"}},
        "versions": [
            _sourced(
                id="v1",
                instrument="Perda 1/2020",
                in_force=D(2020, 1, 1),
                eligibility="eligible",
                benefit="flat",
            )
        ],
    }


Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        target: Any = data
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        target[last] = value

    return mutate


def _delete(path: str) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        *parents, last = path.split("/")
        target: Any = data
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        del target[last]

    return mutate


def _add_value(entry: dict[str, Any], parameter: str = "amount") -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        data["parameters"][parameter]["values"].append(_sourced(**entry))

    return mutate


def _add_version(**fields: Any) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        data["versions"].append(
            _sourced(
                instrument="Perda 2/2022",
                eligibility="eligible",
                benefit="flat",
                **fields,
            )
        )

    return mutate


def _both(*mutations: Mutation) -> Mutation:
    def mutate(data: dict[str, Any]) -> None:
        for mutation in mutations:
            mutation(data)

    return mutate


def _tranches(split: list[int]) -> Mutation:
    return _both(
        _set(
            "parameters/split",
            {
                "label": _label(),
                "unit": "IDR",
                "values": [_sourced(**{"from": D(2020, 1, 1), "value": split})],
            },
        ),
        _set("benefits/flat/tranches", "split"),
    )


def _allocation(*, late: bool = False, **fields: Any) -> Mutation:
    """Add an allocation for 2020, starting in June when `late`."""

    def mutate(data: dict[str, Any]) -> None:
        entry = {
            "from": D(2020, 6, 1) if late else D(2020, 1, 1),
            "until": D(2020, 12, 31),
            "region": "36",
            "households": 100,
            **fields,
        }
        data.setdefault("allocations", []).append(_sourced(**entry))

    return mutate


# case, mutation, severity, code, location
FINDINGS: list[tuple[str, Mutation, Severity, str, str]] = [
    ("no programme table", _delete("programme"), ERROR, "missing-key", "programme"),
    (
        "bad programme id",
        _set("programme/id", "Demo X"),
        ERROR,
        "invalid-id",
        "programme.id",
    ),
    ("unknown top-level key", _set("extra", 1), WARNING, "unknown-key", "file.extra"),
    (
        "switch default not bool",
        _set("switches/local_only/default", "yes"),
        ERROR,
        "wrong-type",
        "switches.local_only.default",
    ),
    (
        "value without citation",
        _delete("parameters/amount/values/0/citation"),
        ERROR,
        "missing-citation",
        "parameters.amount.values[0].citation",
    ),
    (
        "empty citation",
        _set("rules/old/citation", " "),
        ERROR,
        "missing-citation",
        "rules.old.citation",
    ),
    (
        "unknown confidence",
        _set("rules/old/confidence", "probable"),
        ERROR,
        "invalid-confidence",
        "rules.old.confidence",
    ),
    (
        "until before from",
        _set("parameters/amount/values/0/until", D(2019, 1, 1)),
        ERROR,
        "invalid-date-range",
        "parameters.amount.values[0].until",
    ),
    (
        "values overlap",
        _both(
            _set("parameters/amount/values/0/until", D(2020, 12, 31)),
            _add_value({"from": D(2020, 6, 1), "value": 2000}),
        ),
        ERROR,
        "value-overlap",
        "parameters.amount.values[1]",
    ),
    (
        "values out of order",
        _add_value({"from": D(2019, 1, 1), "value": 2000}),
        ERROR,
        "value-order",
        "parameters.amount.values[1]",
    ),
    (
        "unknown value with value",
        _set("parameters/amount/values/0/known", False),
        ERROR,
        "invalid-value",
        "parameters.amount.values[0].value",
    ),
    (
        "value missing",
        _delete("parameters/amount/values/0/value"),
        ERROR,
        "missing-key",
        "parameters.amount.values[0].value",
    ),
    (
        "mixed value types",
        _add_value({"from": D(2021, 1, 1), "value": "high"}, "min_age"),
        WARNING,
        "mixed-types",
        "parameters.min_age.values",
    ),
    (
        "datetime for a date",
        _set("parameters/amount/values/0/from", datetime.datetime(2020, 1, 1, 8)),
        ERROR,
        "wrong-type",
        "parameters.amount.values[0].from",
    ),
    (
        "two rule kinds",
        _set("rules/eligible/any", ["local"]),
        ERROR,
        "rule-kind",
        "rules.eligible",
    ),
    (
        "unknown fact",
        _set("rules/old/fact", "income"),
        ERROR,
        "unknown-fact",
        "rules.old.fact",
    ),
    (
        "unknown operator",
        _set("rules/old/op", "=~"),
        ERROR,
        "unknown-operator",
        "rules.old.op",
    ),
    (
        "value and param",
        _set("rules/old/value", 60),
        ERROR,
        "condition-operand",
        "rules.old",
    ),
    (
        "literal of wrong type",
        _set("rules/local/value", 36),
        ERROR,
        "invalid-value",
        "rules.local.value",
    ),
    (
        "bool literal for a number",
        _both(_delete("rules/old/param"), _set("rules/old/value", True)),
        ERROR,
        "invalid-value",
        "rules.old.value",
    ),
    (
        "unknown child rule",
        _set("rules/eligible/all", ["has_old", "ghost"]),
        ERROR,
        "unknown-reference",
        "rules.eligible",
    ),
    (
        "rule cycle",
        _both(
            _set("rules/eligible/all", ["has_old", "loop"]),
            _set("rules/loop", _sourced(label=_label(), any=["eligible"])),
        ),
        ERROR,
        "rule-cycle",
        "rules.eligible",
    ),
    (
        "member rule in household rule",
        _set("rules/eligible/all", ["old", "local"]),
        ERROR,
        "scope-mismatch",
        "rules.eligible",
    ),
    (
        "quantifier over household rule",
        _set("rules/has_old/any_member", "local"),
        ERROR,
        "scope-mismatch",
        "rules.has_old.any_member",
    ),
    (
        "unknown switch",
        _set("rules/local/switch", "ghost"),
        ERROR,
        "unknown-reference",
        "rules.local.switch",
    ),
    (
        "unknown parameter",
        _set("rules/old/param", "ghost"),
        ERROR,
        "unknown-reference",
        "rules.old.param",
    ),
    (
        "parameter of wrong type",
        _set("parameters/min_age/values/0/value", "sixty"),
        ERROR,
        "invalid-value",
        "parameters.min_age",
    ),
    (
        "missing label",
        _delete("rules/old/label"),
        ERROR,
        "missing-label",
        "rules.old.label",
    ),
    (
        "label without English",
        _delete("rules/old/label/en"),
        ERROR,
        "missing-key",
        "rules.old.label.en",
    ),
    (
        "unknown benefit mode",
        _set("benefits/flat/mode", "weekly"),
        ERROR,
        "invalid-value",
        "benefits.flat.mode",
    ),
    (
        "flat without amount",
        _delete("benefits/flat/amount"),
        ERROR,
        "missing-key",
        "benefits.flat.amount",
    ),
    (
        "amount not whole",
        _set("parameters/amount/values/0/value", 99.5),
        ERROR,
        "invalid-value",
        "parameters.amount",
    ),
    (
        "tranches do not add up",
        _tranches([400, 500]),
        WARNING,
        "tranche-sum",
        "parameters.split",
    ),
    (
        "unknown eligibility rule",
        _set("versions/0/eligibility", "ghost"),
        ERROR,
        "unknown-reference",
        "versions[0].eligibility",
    ),
    (
        "member rule as eligibility",
        _set("versions/0/eligibility", "old"),
        ERROR,
        "scope-mismatch",
        "versions[0].eligibility",
    ),
    (
        "unknown benefit",
        _set("versions/0/benefit", "ghost"),
        ERROR,
        "unknown-reference",
        "versions[0].benefit",
    ),
    ("no versions", _set("versions", []), ERROR, "missing-key", "versions"),
    (
        "version without date",
        _delete("versions/0/in_force"),
        ERROR,
        "missing-key",
        "versions[0].in_force",
    ),
    (
        "versions overlap",
        _add_version(id="v2", in_force=D(2022, 1, 1)),
        ERROR,
        "version-overlap",
        "versions[1]",
    ),
    (
        "versions gap",
        _both(
            _set("versions/0/until", D(2020, 12, 31)),
            _add_version(id="v2", in_force=D(2022, 1, 1)),
        ),
        WARNING,
        "version-gap",
        "versions[1]",
    ),
    (
        "duplicate version id",
        _both(
            _set("versions/0/until", D(2021, 12, 31)),
            _add_version(id="v1", in_force=D(2022, 1, 1)),
        ),
        ERROR,
        "duplicate-id",
        "versions[1].id",
    ),
    (
        "amends unknown version",
        _set("versions/0/amends", "v0"),
        ERROR,
        "unknown-reference",
        "versions[0].amends",
    ),
    (
        "allocation region invalid",
        _allocation(region="36.01"),
        ERROR,
        "invalid-value",
        "allocations[0].region",
    ),
    (
        "allocation count negative",
        _allocation(households=-5),
        ERROR,
        "invalid-value",
        "allocations[0].households",
    ),
    (
        "allocation without end",
        _allocation(until=None),
        ERROR,
        "missing-key",
        "allocations[0].until",
    ),
    (
        "allocations overlap",
        _both(_allocation(), _allocation(late=True)),
        ERROR,
        "allocation-overlap",
        "allocations[1]",
    ),
    (
        "allocations do not add up",
        _both(
            _allocation(households=100),
            _allocation(region="3601", households=60),
            _allocation(region="3602", households=30),
        ),
        WARNING,
        "allocation-sum",
        "allocations",
    ),
    (
        "failed label not a table",
        _set("rules/old/failed_label", "too young"),
        ERROR,
        "missing-label",
        "rules.old.failed_label",
    ),
    (
        "failed label without English",
        _set("rules/old/failed_label", {"id": "Terlalu muda"}),
        ERROR,
        "missing-key",
        "rules.old.failed_label.en",
    ),
    (
        "parameter gap",
        _set("parameters/amount/values/0/until", D(2020, 12, 31)),
        WARNING,
        "parameter-gap",
        "parameters.amount",
    ),
    (
        "unused parameter",
        _set(
            "parameters/spare",
            {
                "label": _label(),
                "unit": "x",
                "values": [_sourced(**{"from": D(2020, 1, 1), "value": 1})],
            },
        ),
        WARNING,
        "unused",
        "parameters.spare",
    ),
]


def test_minimal_is_valid() -> None:
    report = check_data(minimal())
    assert report.problems == ()


@pytest.mark.parametrize(
    ("case", "mutation", "severity", "code", "location"),
    FINDINGS,
    ids=[row[0] for row in FINDINGS],
)
def test_finding(
    case: str, mutation: Mutation, severity: Severity, code: str, location: str
) -> None:
    data = copy.deepcopy(minimal())
    mutation(data)
    report = check_data(data)
    found = {(p.severity, p.code, p.location) for p in report.problems}
    assert (severity, code, location) in found


def test_all_problems_at_once() -> None:
    data = copy.deepcopy(minimal())
    rows = [
        row
        for row in FINDINGS
        if row[0]
        in {
            "unknown confidence",
            "value without citation",
            "unknown benefit mode",
            "unknown switch",
            "parameter gap",
        }
    ]
    for _, mutation, _, _, _ in rows:
        mutation(data)
    report = check_data(data)
    found = {(p.code, p.location) for p in report.problems}
    for _, _, _, code, location in rows:
        assert (code, location) in found


def test_table_rendering() -> None:
    data = copy.deepcopy(minimal())
    _set("rules/old/confidence", "probable")(data)
    table = check_data(data).to_table().splitlines()
    assert table[0].split() == ["severity", "code", "location", "message"]
    assert table[1].startswith("error")
    assert "rules.old.confidence" in table[1]


def test_load_data_raises_with_all_errors() -> None:
    data = copy.deepcopy(minimal())
    _set("rules/old/confidence", "probable")(data)
    _set("benefits/flat/mode", "weekly")(data)
    with pytest.raises(ProgrammeError) as raised:
        load_data(data, source="demo.toml")
    codes = {problem.code for problem in raised.value.problems}
    assert codes == {"invalid-confidence", "invalid-value"}
    assert "demo.toml" in str(raised.value)


def test_warnings_kept_on_programme() -> None:
    data = copy.deepcopy(minimal())
    _set("parameters/amount/values/0/until", D(2020, 12, 31))(data)
    programme = load_data(data)
    assert [problem.code for problem in programme.problems] == ["parameter-gap"]


@pytest.mark.parametrize("name", ["jamsosratu", "pkh"])
def test_shipped_files_valid(name: str) -> None:
    path = Path(__file__).parents[2] / "src/niklib/rules/programmes" / f"{name}.toml"
    report = check_file(path)
    assert report.errors == ()
    assert {problem.code for problem in report.warnings} == {"parameter-gap"}


def test_syntax_error_reported(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[programme\nid = 1\n", encoding="utf-8")
    report = check_file(path)
    assert [problem.code for problem in report.problems] == ["toml-syntax"]


def test_load_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("[programme\n", encoding="utf-8")
    with pytest.raises(ProgrammeError, match="invalid TOML"):
        load(path)


def test_load_missing_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="shipped programmes are"):
        load(tmp_path / "absent.toml")


def test_unreadable_reported(tmp_path: Path) -> None:
    report = check_file(tmp_path / "absent.toml")
    assert [problem.code for problem in report.problems] == ["unreadable"]


def test_user_file_loads(tmp_path: Path) -> None:
    path = tmp_path / "demo.toml"
    path.write_text(DEMO_TOML, encoding="utf-8")
    programme = load(path)
    from niklib.rules import Household, Member

    home = Household(domicile="3601", members=[Member(age=70)])
    decision = programme.evaluate(home, as_of=D(2021, 1, 1))
    assert decision.amount == 1000
    assert decision.version_chain == ("Perda 1/2020",)


DEMO_TOML = """
[programme]
id = "demo"
name = "Demo"

[parameters.amount]
label = { id = "Besaran", en = "Amount" }
unit = "IDR"
[[parameters.amount.values]]
from = 2020-01-01
value = 1000
citation = "Perda 1/2020"
confidence = "confirmed"

[rules.old]
label = { id = "Lansia", en = "Elderly" }
fact = "age"
op = ">="
value = 60
citation = "Perda 1/2020"
confidence = "confirmed"

[rules.eligible]
label = { id = "Layak", en = "Eligible" }
any_member = "old"
citation = "Perda 1/2020"
confidence = "confirmed"

[benefits.flat]
mode = "flat"
amount = "amount"

[[versions]]
id = "2020"
instrument = "Perda 1/2020"
in_force = 2020-01-01
citation = "Perda 1/2020"
confidence = "confirmed"
eligibility = "eligible"
benefit = "flat"
"""


def test_report_html() -> None:
    data = copy.deepcopy(minimal())
    _set("rules/old/citation", "<b>")(data)
    _set("rules/old/confidence", "probable")(data)
    html = check_data(data, source="demo & co.toml")._repr_html_()
    assert html.startswith("<p>demo &amp; co.toml: 1 error(s), 0 warning(s)</p>")
    assert "<td>invalid-confidence</td>" in html


@pytest.mark.parametrize(
    ("section", "noun"),
    [
        ("switches", "switch"),
        ("parameters", "parameter"),
        ("rules", "rule"),
        ("benefits", "benefit"),
    ],
)
def test_unused_message_singular(section: str, noun: str) -> None:
    data = copy.deepcopy(minimal())
    spare = {
        "switches": _sourced(label=_label(), default=True),
        "parameters": {
            "label": _label(),
            "unit": "x",
            "values": [_sourced(**{"from": D(2020, 1, 1), "value": 1})],
        },
        "rules": _sourced(label=_label(), fact="age", op=">=", value=1),
        "benefits": {"mode": "flat", "amount": "amount"},
    }[section]
    data[section]["spare"] = spare
    messages = [
        problem.message
        for problem in check_data(data).problems
        if problem.location == f"{section}.spare"
    ]
    assert messages == [f"{noun} 'spare' is not used by any version"]
