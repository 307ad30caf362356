"""``niklib check`` reads standard input exactly as it reads ``--file``."""

import io
import sys
from pathlib import Path

import pytest

from niklib.cli import main

NIK = "3604054107990003"


def check_stdin(
    data: bytes, monkeypatch: pytest.MonkeyPatch, *arguments: str
) -> tuple[int, str]:
    """Run ``niklib check`` on `data` as standard input; return status and output.

    The text layer decodes as Python's standard input does under a UTF-8
    locale, so reading it instead of its bytes shows the difference.
    """
    stdin = io.TextIOWrapper(
        io.BytesIO(data), encoding="utf-8", errors="surrogateescape"
    )
    monkeypatch.setattr(sys, "stdin", stdin)
    output = io.StringIO()
    monkeypatch.setattr(sys, "stdout", output)
    try:
        status = main(["check", *arguments])
    except SystemExit as stop:
        status = int(stop.code or 0)
    return status, output.getvalue()


def check_file(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    try:
        status = main(["check", "--file", str(path)])
    except SystemExit as stop:
        status = int(stop.code or 0)
    return status, capsys.readouterr().out


@pytest.mark.parametrize("arguments", [(), ("--file", "-")])
def test_stdin_bom_removed(
    monkeypatch: pytest.MonkeyPatch, arguments: tuple[str, ...]
) -> None:
    status, output = check_stdin(f"\ufeff{NIK}\n".encode(), monkeypatch, *arguments)
    assert status == 0
    assert "valid" in output
    assert "INVALID" not in output


def test_stdin_not_utf8_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    status, output = check_stdin(b"36040541\xff07990003\n", monkeypatch)
    assert status == 2
    assert "standard input is not UTF-8 text" in capsys.readouterr().err
    assert "\\udcff" not in output


def test_stdin_matches_file(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    data = f"\ufeff{NIK}\r\n\r\n3604054107990004\n".encode()
    path = tmp_path / "niks.txt"
    path.write_bytes(data)
    from_file = check_file(path, capsys)
    from_stdin = check_stdin(data, monkeypatch)
    assert from_stdin == from_file


def test_stdin_left_open(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(f"{NIK}\n".encode()), encoding="ascii")
    monkeypatch.setattr(sys, "stdin", stdin)
    monkeypatch.setattr(sys, "stdout", io.StringIO())
    main(["check"])
    assert not stdin.buffer.closed


@pytest.mark.parametrize("header", ["NIK", "nik", "No. NIK", "NIK KTP"])
def test_header_line_skipped(
    header: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "niks.txt"
    path.write_text(f"{header}\n{NIK}\n", encoding="utf-8")
    status = main(["check", "--file", str(path)])
    captured = capsys.readouterr()
    assert status == 0
    assert captured.out.startswith("2:")
    assert len(captured.out.splitlines()) == 1
    assert "column header; skipped" in captured.err


def test_header_word_later_is_checked(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Only the first line can be a header, and an argument never is.
    path = tmp_path / "niks.txt"
    path.write_text(f"{NIK}\nNIK\n", encoding="utf-8")
    assert main(["check", "--file", str(path)]) == 1
    assert "2:" in capsys.readouterr().out
    assert main(["check", "NIK"]) == 1


def test_kk_header_skipped_with_kk(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kks.txt"
    path.write_text("NO_KK\n3604051203150001\n", encoding="utf-8")
    assert main(["check", "--kk", "--file", str(path)]) == 0
    assert "column header; skipped" in capsys.readouterr().err


def test_kk_header_without_kk_hints(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "kks.txt"
    path.write_text("NO_KK\n3604051203150001\n", encoding="utf-8")
    main(["check", "--file", str(path)])
    assert "add --kk" in capsys.readouterr().err
