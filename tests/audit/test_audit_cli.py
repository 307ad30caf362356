"""``niklib audit`` arguments: repeated --exclude names and the demo's inputs."""

import subprocess
import sys
from pathlib import Path

import pytest

from niklib.audit.cli import main_audit

NIK = "3604054107990003"
LIST = f"NIK;NAMA;TGL_LAHIR\n{NIK};SITI AMINAH;01-07-1999\n"


def write(tmp_path: Path, name: str, data: str | bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def run_audit(tmp_path: Path, *arguments: str) -> int:
    return main_audit(
        [*arguments, "--as-of", "2020-06-01", "--out", str(tmp_path / "out"), "--quiet"]
    )


# --exclude


def test_exclude_same_name_twice_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    recipients = write(tmp_path, "list.csv", LIST)
    first = write(tmp_path, "a.csv", LIST)
    second = write(tmp_path, "b.csv", LIST)
    status = run_audit(
        tmp_path,
        str(recipients),
        "--exclude",
        f"pkh={first}",
        "--exclude",
        f"PKH={second}",
    )
    error = capsys.readouterr().err
    assert status == 2
    assert "'pkh' is given twice" in error
    assert "give each list its own name" in error
    assert "merge the files" in error


def test_exclude_distinct_names_accepted(tmp_path: Path) -> None:
    recipients = write(tmp_path, "list.csv", LIST)
    first = write(tmp_path, "a.csv", LIST)
    second = write(tmp_path, "b.csv", LIST)
    status = run_audit(
        tmp_path,
        str(recipients),
        "--exclude",
        f"pkh={first}",
        "--exclude",
        f"bpnt={second}",
    )
    assert status == 0


# The demo


def test_demo_inputs_kept_in_out(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import niklib.audit.cli as cli

    monkeypatch.setattr(cli, "DEMO_SIZE", 5_000)
    out = tmp_path / "out"
    assert main_audit(["--demo", "--out", str(out)]) == 0
    inputs = out / "demo-inputs"
    assert (inputs / "jamsosratu.csv").is_file()
    assert (inputs / "registry.csv").is_file()
    assert str(inputs / "jamsosratu.csv") in capsys.readouterr().out


# Logged warnings


def run_command(*arguments: str) -> subprocess.CompletedProcess[str]:
    """Run ``niklib`` in a separate process, where pytest adds no log handlers."""
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from niklib.cli import main; sys.exit(main(sys.argv[1:]))",
            *arguments,
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_warnings_printed_on_stderr(tmp_path: Path) -> None:
    recipients = write(tmp_path, "two.csv", f"NIK,NIK,NAMA\n{NIK},{NIK},Siti\n")
    completed = run_command(
        "audit", str(recipients),
        "--as-of", "2020-06-01", "--out", str(tmp_path / "out"), "--quiet",
    )  # fmt: skip
    assert completed.returncode == 0, completed.stderr
    assert "niklib audit: warning: " in completed.stderr
    assert "all fit field 'nik'" in completed.stderr
    assert NIK not in completed.stderr


def test_note_not_repeated_as_warning(tmp_path: Path) -> None:
    # In 2026 Jamsosratu's amount is carried forward from 2021: a note that
    # the summary prints, and that the warnings on stderr leave out.
    recipients = write(tmp_path, "list.csv", LIST)
    completed = run_command(
        "audit",
        str(recipients),
        "--as-of",
        "2026-01-01",
        "--out",
        str(tmp_path / "out"),
    )
    assert completed.returncode == 0, completed.stderr
    output = completed.stdout + completed.stderr
    assert output.count("latest earlier value") == 1
    assert "note: " in completed.stdout
