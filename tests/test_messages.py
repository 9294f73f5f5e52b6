"""Every error message is one harmless line, however the file is named (issue 17, item 7).

A name may hold a newline, a terminal escape ("\x1b[31m" turns the terminal red,
"\x1b[2J" clears it), other C0/C1 controls, a line separator or a bidirectional
override; each is written as an escape in the message, and the name itself is kept as
given (it identifies the document).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.errors import CchcError, EmptyFile, InternalError, safe_text
from pipeline.process import Failure, process

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(("name", "shown"), [
    ("bao-cao.pdf", "bao-cao.pdf"),
    ("Báo cáo quý I.pdf", "Báo cáo quý I.pdf"),
    ("bao\ncao.pdf", "bao\\ncao.pdf"),
    ("do\x1b[31m.pdf", "do\\x1b[31m.pdf"),
    ("xoa\x1b[2J\r.txt", "xoa\\x1b[2J\\r.txt"),
    ("bell\x07\x00\x7f.txt", "bell\\x07\\x00\\x7f.txt"),
    ("c1\x9b31m.txt", "c1\\x9b31m.txt"),
    ("dong\u2028moi.txt", "dong\\u2028moi.txt"),
    ("fdp\u202eexe.txt", "fdp\\u202eexe.txt"),
    ("tab\there.txt", "tab\\there.txt"),
    ("not-utf8-\udcff.txt", "not-utf8-\\xff.txt"),
])
def test_names_print_as_one_safe_line(name: str, shown: str) -> None:
    error = EmptyFile(name, "the file has no bytes")
    assert str(error) == f"{shown}: the file has no bytes"
    assert error.source == name
    assert str(error).isprintable()
    assert safe_text(safe_text(name)) == safe_text(name)


def test_a_problem_quoting_a_name_is_escaped_too() -> None:
    error = CchcError("a.docx", "word/\nevil\x1b[0m.xml unpacks to more than it claims")
    assert "\n" not in str(error) and "\x1b" not in error.problem


def test_an_internal_error_message_is_one_line() -> None:
    error = InternalError.wrap("a\nb.txt", ValueError("line one\nline two"))
    assert str(error) == "a\\nb.txt: internal error (ValueError: line one\\nline two)"


def test_a_failure_prints_one_line(tmp_path: Path) -> None:
    path = tmp_path / "rỗng\n\x1b[31m.txt"
    path.write_bytes(b"")
    result = process(path)
    assert isinstance(result, Failure) and result.source == str(path)
    assert "\n" not in str(result) and "\x1b" not in str(result)
    assert str(result) == str(result.error())


def test_cli_errors_are_one_line_each(tmp_path: Path) -> None:
    """``cchc extract`` and ``cchc convert`` print one escaped line a failed file."""
    bad = tmp_path / "xấu\n\x1b[31m.txt"
    bad.write_bytes(b"")
    for command in ("extract", "convert"):
        done = subprocess.run([sys.executable, "-m", "pipeline", command, str(bad)],
                              capture_output=True, text=True, cwd=REPO, timeout=120)
        lines = done.stderr.splitlines()
        assert done.returncode == 1 and "\x1b" not in done.stderr
        assert lines[0] == f"error: {safe_text(str(bad))}: the file has no bytes", lines
