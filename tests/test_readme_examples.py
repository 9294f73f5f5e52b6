"""The README's query examples are true on a fresh clone: every ``curl`` and
``.venv/bin/sqlite-utils`` command of "Store and query" is run, as written, against
``corpus/texts`` ingested and served by real ``cchc`` processes (``served_corpus``), and
must return at least one row; every URL of the section must answer.

Only the port changes (the README's 8001 → the test server's free port). ``curl`` runs
as itself where it is installed (with ``--fail`` so an HTTP error is a failure) and is
read with urllib otherwise; ``sqlite-utils`` runs in a folder laid out like a clone after
``make run`` (``outputs/cchc.db``, ``.venv/bin``)."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import urllib.request
import xml.etree.ElementTree as ET

import pytest

from tests.conftest import REPO

pytestmark = pytest.mark.slow

README = (REPO / "README.md").read_text(encoding="utf-8")
SECTION = README.split("## Store and query", 1)[1].split("\n## ", 1)[0]
README_BASE = "http://127.0.0.1:8001"
ATOM = "{http://www.w3.org/2005/Atom}"


def commands(markdown: str) -> list[str]:
    """The shell commands of every ``sh`` block, a command continued over lines while a
    quote is open ("select …\\n  from …")."""
    out = []
    for block in re.findall(r"```sh\n(.*?)```", markdown, re.S):
        pending = ""
        for line in block.splitlines():
            pending = f"{pending}\n{line}" if pending else line
            try:
                shlex.split(pending, comments=True)
            except ValueError:  # "No closing quotation": the command goes on
                continue
            if pending.strip():
                out.append(pending)
            pending = ""
    return out


EXAMPLES = [c for c in commands(SECTION)
            if c.startswith(("curl ", ".venv/bin/sqlite-utils "))]
#: Every served URL the README shows, but for a pattern with a placeholder ("…/<id>").
URLS = sorted({m.group(0) for m in re.finditer(r"http://127\.0\.0\.1:8001[^\s'`)<>\]]*", SECTION)
               if not SECTION.startswith("<", m.end())})


def test_the_readme_has_examples_of_each_kind():
    kinds = {c.split()[0] for c in EXAMPLES}
    assert kinds == {"curl", ".venv/bin/sqlite-utils"}, EXAMPLES
    assert any(".atom" in c for c in EXAMPLES) and any("Q%C4%90" in c for c in EXAMPLES)


def run_curl(args: list[str], base: str) -> str:
    args = [a.replace(README_BASE, base) for a in args]
    url = next(a for a in args if a.startswith("http"))
    if shutil.which("curl") is None:
        with urllib.request.urlopen(url, timeout=60) as r:
            return r.read().decode("utf-8")
    done = subprocess.run(["curl", "--fail", "--silent", "--show-error", *args[1:]],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"{url}: {done.stderr}"
    return done.stdout


def rows_of(command: list[str], output: str) -> int:
    """How many rows ``output`` holds: JSON rows (an array, or ``rows`` of an object),
    Atom entries (a feed's "nothing yet" entry is no row), table lines below the header
    (``--table``) or JSON lines (``--nl``)."""
    text = output.strip()
    if text.startswith("<?xml"):
        entries = ET.fromstring(text).findall(f"{ATOM}entry")
        return sum(":none:" not in e.findtext(f"{ATOM}id", "") for e in entries)
    if "--table" in command:
        return max(0, len(text.splitlines()) - 2)
    if "--nl" in command:
        return len([line for line in text.splitlines() if line.strip()])
    data = json.loads(text)
    return len(data["rows"] if isinstance(data, dict) else data)


@pytest.mark.parametrize("example", EXAMPLES, ids=[c[:70] for c in EXAMPLES])
def test_readme_example_returns_rows(served_corpus, example):
    args = shlex.split(example, comments=True)
    if args[0] == "curl":
        output = run_curl(args, served_corpus.base)
    else:
        done = subprocess.run(args, cwd=served_corpus.home, capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 0, done.stderr
        output = done.stdout
    assert rows_of(args, output) >= 1, f"{example}\n→ {output[:1000]}"


@pytest.mark.parametrize("url", URLS)
def test_readme_url_answers(served_corpus, url):
    with urllib.request.urlopen(url.replace(README_BASE, served_corpus.base),
                                timeout=60) as r:
        assert r.status == 200
