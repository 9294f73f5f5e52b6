"""Files that are not regular files (issue 17, item 6): a named pipe, a device, a socket.

Opening a FIFO for reading waits for a writer that never comes, and ``/dev/zero`` never
ends; each is refused by its type, by name, whether it is given directly or found inside
a folder (a failure of its own, never skipped without a word). Each test is bounded: a
hang would fail by its timeout, not block the suite.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import store
from pipeline.convert import convert_path, read_file
from pipeline.errors import FileTooLarge, NotRegularFile, UnreadableFile
from pipeline.ingest import expand, ingest
from pipeline.process import Failure, process

REPO = Path(__file__).resolve().parent.parent
TEXT = "Kế hoạch cải cách hành chính năm 2024 của Sở Nội vụ tỉnh Lạng Sơn."


@pytest.fixture
def fifo(tmp_path: Path) -> Path:
    path = tmp_path / "ong.txt"
    os.mkfifo(path)
    return path


@pytest.fixture
def unix_socket(tmp_path: Path):
    path = tmp_path / "s.sock"
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    yield path
    server.close()


def test_a_fifo_given_directly_is_refused(fifo: Path) -> None:
    with pytest.raises(NotRegularFile, match=r"ong.txt: is a named pipe \(FIFO\), not a regul"):
        convert_path(fifo)
    result = process(fifo)
    assert isinstance(result, Failure) and result.kind is NotRegularFile


def test_a_device_is_refused_not_read_forever() -> None:
    with pytest.raises(NotRegularFile, match="a character device"):
        convert_path("/dev/zero")


def test_a_socket_is_refused(unix_socket: Path) -> None:
    with pytest.raises(NotRegularFile, match=r"s\.sock: is not a regular file"):
        convert_path(unix_socket)


def test_a_directory_and_a_missing_file_say_so(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="is a directory"):
        convert_path(tmp_path)
    with pytest.raises(UnreadableFile, match="no such file"):
        convert_path(tmp_path / "khong-co.txt")


def test_a_fifo_in_a_folder_is_a_failure_of_its_own(tmp_path: Path, fifo: Path) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "treo").symlink_to(fifo)
    (tmp_path / ".an").symlink_to(fifo)  # hidden: skipped, as before
    assert [p.name for p in expand([tmp_path])] == ["a.txt", "ong.txt", "treo"]
    report = ingest([tmp_path], store.open_db(tmp_path.parent / f"{tmp_path.name}.db"))
    assert report.outcomes["stored"] == 1
    assert [(Path(src).name, problem) for src, problem in report.failures] == [
        ("ong.txt", "is a named pipe (FIFO), not a regular file, so it is not read"),
        ("treo", "is a named pipe (FIFO), not a regular file, so it is not read")]


def test_a_file_growing_past_the_limit_is_cut_off(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CCHC_MAX_BYTES", "100")
    path = tmp_path / "lon.txt"
    path.write_text(TEXT * 3, encoding="utf-8")
    with pytest.raises(FileTooLarge, match=r"over the limit of 100 bytes \(CCHC_MAX_BYTES\)"):
        convert_path(path)


CMDLINE = Path("/proc/self/cmdline")  # a regular file whose stat size is 0


@pytest.mark.skipif(not CMDLINE.exists(), reason="no /proc (Linux only)")
def test_a_file_longer_than_its_stat_size_is_read_to_its_end(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """read_file reads the size fstat gave and a byte more, and on only when that byte
    came: a file that grew since (here: one whose size fstat does not know) is read
    whole, or refused past the limit."""
    assert CMDLINE.stat().st_size == 0
    assert read_file(CMDLINE) == CMDLINE.read_bytes() != b""
    monkeypatch.setenv("CCHC_MAX_BYTES", "10")
    with pytest.raises(FileTooLarge, match=r"more than 10 bytes, over the limit"):
        read_file(CMDLINE)


@pytest.mark.parametrize("command", ["extract", "convert"])
def test_the_cli_does_not_hang_on_a_fifo(command: str, fifo: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "pipeline", command, str(fifo)],
                          capture_output=True, text=True, cwd=REPO, timeout=60)
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == (
        f"error: {fifo}: is a named pipe (FIFO), not a regular file, so it is not read")
