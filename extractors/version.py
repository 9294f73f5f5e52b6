"""The extractor version: a digest of the extractor code and its data files.

The store keeps it beside each document's facts, so ``cchc reextract`` knows which
documents were read by older rules. It changes whenever a rule, a word list or the code
that applies them changes, and never otherwise, with no version number to forget to bump.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

_ROOT = Path(__file__).parent


def _digest() -> str:
    h = hashlib.sha256()
    files = sorted([*_ROOT.rglob("*.py"), *_ROOT.glob("*/data/*")])
    for path in files:
        if path.is_file():
            h.update(path.relative_to(_ROOT).as_posix().encode())
            h.update(path.read_bytes())
    return h.hexdigest()[:12]


EXTRACTOR_VERSION: str = _digest()
