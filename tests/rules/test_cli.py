"""The ``niklib rules check`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from niklib.rules.cli import main_rules, main_rules_check

BROKEN = """
[programme]
id = "demo"
name = "Demo"

[rules.eligible]
label = { id = "Layak", en = "Eligible" }
fact = "income"
op = "<"
value = 10
confidence = "probable"

[[versions]]
id = "1"
instrument = "Perda 1/2020"
in_force = 2020-01-01
citation = "Perda 1/2020"
confidence = "confirmed"
eligibility = "eligible"
benefit = "flat"
"""


@pytest.mark.parametrize("name", ["jamsosratu", "pkh"])
def test_shipped_ok(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main_rules_check([name]) == 0
    output = capsys.readouterr().out
    assert f"niklib:{name}: 0 error(s)" in output


def test_strict_fails_on_warnings(capsys: pytest.CaptureFixture[str]) -> None:
    assert main_rules_check(["--strict", "jamsosratu"]) == 1


def test_broken_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(BROKEN, encoding="utf-8")
    assert main_rules_check([str(path)]) == 1
    output = capsys.readouterr().out
    assert "unknown-fact" in output
    assert "missing-citation" in output
    assert "invalid-confidence" in output
    assert "unknown-reference" in output


def test_json_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(BROKEN, encoding="utf-8")
    assert main_rules_check(["--format", "json", str(path), "pkh"]) == 1
    reports = json.loads(capsys.readouterr().out)
    assert [report["ok"] for report in reports] == [False, True]
    assert reports[0]["problems"][0]["severity"] == "error"


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main_rules_check([str(tmp_path / "absent.toml")]) == 1
    assert "unreadable" in capsys.readouterr().out


def test_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main_rules_check([]) == 2
    assert "FILE" in capsys.readouterr().err


def test_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main_rules_check(["--help"]) == 0
    assert "--strict" in capsys.readouterr().out


@pytest.mark.parametrize("name", ["PKH", "Jamsosratu", " pkh "])
def test_shipped_name_any_case(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main_rules_check([name]) == 0
    output = capsys.readouterr().out
    assert f"niklib:{name.strip().lower()}: 0 error(s)" in output


def test_rules_without_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    assert main_rules([]) == 2
    captured = capsys.readouterr()
    assert "missing subcommand" in captured.err
    assert "check" in captured.err
    assert captured.out == ""


def test_rules_help_lists_subcommands(capsys: pytest.CaptureFixture[str]) -> None:
    assert main_rules(["--help"]) == 0
    output = capsys.readouterr().out
    assert "subcommands:" in output
    assert "check" in output


def test_rules_unknown_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    assert main_rules(["lint"]) == 2
    assert "unknown subcommand 'lint'" in capsys.readouterr().err


def test_rules_dispatches_check(capsys: pytest.CaptureFixture[str]) -> None:
    assert main_rules(["check", "pkh"]) == 0
    assert "niklib:pkh: 0 error(s)" in capsys.readouterr().out
