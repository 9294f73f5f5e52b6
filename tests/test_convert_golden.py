"""Normal documents convert to the same text as before the limits (issue 17, item 4).

``convert_golden.json`` holds, for every seed, ``corpus/texts`` file and fixture (but
the scan, whose OCR is checked by ``test_convert_f1``), what conversion gave before the
per-document limits and the worker process: the text's sha256 and length, the page map,
the format, converter and encoding. Each is converted again, through the worker as
``cchc convert`` does, and must match exactly. Regenerate only for an intended change
of conversion, and say so in the commit.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from pipeline.process import Failure, convert_only
from tests.conftest import SHARED

REPO = Path(__file__).resolve().parent.parent
GOLDEN = json.loads((Path(__file__).with_name("convert_golden.json")).read_text("utf-8"))


def where(name: str) -> Path:
    if name.startswith("../shared/"):
        path = SHARED / name.removeprefix("../shared/")
        if not path.exists():
            pytest.skip(f"{path} not present on this machine")
        return path
    return REPO / name


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_a_normal_document_converts_as_before(name: str) -> None:
    doc = convert_only(where(name))
    assert not isinstance(doc, Failure), str(doc)
    expected = GOLDEN[name]
    found = {"text_sha256": hashlib.sha256(doc.text.encode()).hexdigest(),
             "chars": len(doc.text), "pages": doc.pages, "format": doc.format,
             "converter": doc.conversion.converter, "encoding": doc.conversion.encoding}
    assert found == expected
