"""What a process loads is what its work needs (issue 19, start-up of ``cchc ingest``).

The process that only writes the database imports the CLI, the ingest loop and the store
(which keys names and numbers as the extractors do), not the extractors' rules (every
stage's patterns, ~0.4 s of CPU) or a PDF, Word or image engine; a worker converting
Unicode text files loads no PDF, Word or image engine either, nor viparse (legacy fonts).
Each case runs in a fresh interpreter and lists the modules it must not have loaded.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.conftest import REPO

ENGINES = ["pypdfium2", "pdfplumber", "docx", "PIL", "numpy", "trafilatura"]


def loaded(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running ``code``."""
    out = subprocess.run([sys.executable, "-c", f"{code}\nimport sys, json\n"
                          "print(json.dumps(sorted(sys.modules)))"],
                         capture_output=True, text=True, cwd=REPO, check=True, timeout=120)
    return set(json.loads(out.stdout.splitlines()[-1]))


@pytest.mark.parametrize(("code", "absent"), [
    # the ingest command's own process: it reads the limits, walks, sends, writes (and
    # no numpy, which sqlite_utils imports when it is installed: ``pipeline``'s
    # ``SqliteUtilsWithout``)
    ("import pipeline.cli, pipeline.ingest",
     ["extractors.runner", "extractors.references.find", "extractors.units.find",
      *ENGINES]),
    # a worker's "already stored?" screen opens the database through sqlite_utils too
    ("import pipeline.process.worker\nfrom pipeline.ingest import StoredScreen", ENGINES),
    # what it asks the extractors for: the version stored beside the facts
    ("from extractors import EXTRACTOR_VERSION", ["extractors.runner"]),
    # a worker converting a text file in Unicode: no legacy font to read with viparse
    ("from pipeline.convert import convert_bytes\n"
     "convert_bytes('Cộng hòa xã hội chủ nghĩa Việt Nam'.encode(), 'a.txt')",
     [*ENGINES, "viparse"]),
])
def test_a_process_loads_only_what_its_work_needs(code: str, absent: list[str]) -> None:
    assert sorted(loaded(code) & set(absent)) == []


@pytest.mark.parametrize(("code", "mapped"), [
    # sqlite_utils loaded through ``pipeline``: numpy stays out, and loads when asked
    ("import pipeline.store.db, sqlite_utils.db as s, numpy\n"
     "print(s.np is None, numpy.int64(2) + 1 == 3)", "True True"),
    # a process that loaded numpy first keeps sqlite_utils' numpy column types
    ("import numpy, pipeline.store.db, sqlite_utils.db as s\n"
     "print(s.np is numpy, s.COLUMN_TYPE_MAPPING[numpy.int64])", "True INTEGER"),
])
def test_sqlite_utils_without_numpy_unless_loaded(code: str, mapped: str) -> None:
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO, check=True, timeout=120)
    assert out.stdout.split("\n")[0] == mapped


def test_the_lazy_names_are_the_modules_own() -> None:
    from extractors import EXTRACTOR_VERSION, STAGES, extract, references, units
    from extractors.references import find as references_find
    from extractors.references.keys import number_key
    from extractors.runner import STAGES as runner_stages
    from extractors.runner import extract as runner_extract
    from extractors.units import find as units_find
    from extractors.version import EXTRACTOR_VERSION as version

    assert (extract, STAGES, EXTRACTOR_VERSION) == (runner_extract, runner_stages, version)
    assert (references.extract, references.drop_own_number, references.number_key) == (
        references_find.extract, references_find.drop_own_number, number_key)
    assert units.extract is units_find.extract
    with pytest.raises(AttributeError):
        _ = references.nothing
