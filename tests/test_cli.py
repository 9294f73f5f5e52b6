"""The ``cchc`` command as a user runs it: real process, real files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, assert_spans

TEXT = (
    "UBND TỈNH ĐẮK LẮK\nSỞ KẾ HOẠCH VÀ ĐẦU TƯ\n\nSố: 1688 /SKHĐT-VP\n\n"
    "Căn cứ Quyết định số 1009/QĐ-UBND ngày 04/5/2019 của UBND tỉnh.\n"
)


def cchc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True,
                          text=True, cwd=REPO, timeout=120)


def test_extract_one_file_prints_contract_json(tmp_path: Path) -> None:
    f = tmp_path / "cong-van.txt"
    f.write_text(TEXT, encoding="utf-8")
    out = cchc("extract", str(f), "--json")
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["source"] == "cong-van.txt"
    assert data["text"].startswith("UBND TỈNH")
    for key in ("document", "references", "dates", "scores", "rankings", "dossiers",
                "procedures", "rates", "units", "people"):
        assert key in data
    assert_spans(data)


def test_extract_reads_utf16_and_bom(tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_bytes(TEXT.encode("utf-16"))
    b = tmp_path / "b.txt"
    b.write_bytes(TEXT.encode("utf-8-sig"))
    out = cchc("extract", str(a), str(b), "--jsonl")
    assert out.returncode == 0, out.stderr
    texts = [json.loads(line)["text"] for line in out.stdout.splitlines()]
    assert texts == [TEXT, TEXT]


def test_bad_files_are_named_and_others_still_processed(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(TEXT, encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp_path / "junk.txt"
    binary.write_bytes(bytes(range(128, 256)) * 4)
    outdir = tmp_path / "out"
    out = cchc("extract", str(empty), str(good), str(binary), str(tmp_path / "nope.txt"),
               "-o", str(outdir))
    assert out.returncode == 1
    assert "empty.txt" in out.stderr and "no bytes" in out.stderr
    assert "junk.txt" in out.stderr
    assert "nope.txt" in out.stderr and "no such file" in out.stderr
    assert [p.name for p in outdir.iterdir()] == ["good.json"]


def test_schema_is_json_schema() -> None:
    out = cchc("schema")
    assert out.returncode == 0, out.stderr
    schema = json.loads(out.stdout)
    assert schema["title"] == "cchc extraction"
    assert {"references", "dossiers", "units"} <= set(schema["properties"])
