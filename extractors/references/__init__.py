"""References: other documents cited by number ("Quyết định số 1009/QĐ-UBND ngày 04/5/2019").

Public: ``extract`` (the stage), ``drop_own_number`` (the document's own number is no
reference) and ``number_key`` (the one key two spellings of a number share: "61/2018/NĐCP"
= "61/2018/NĐ-CP" = "61/2018/nd-cp"; the store's ``number_key`` columns are filled by it).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extractors.references.find import drop_own_number, extract
    from extractors.references.keys import number_key

#: Where each public name lives, imported on first use (PEP 562): the store's writer
#: keys numbers (``extractors.references.keys``) and never extracts, so it does not load
#: the stage's patterns.
_LAZY = {"drop_own_number": "extractors.references.find",
         "extract": "extractors.references.find", "number_key": "extractors.references.keys"}


def __getattr__(name: str) -> Any:
    """A name of ``_LAZY`` from its module, e.g. ``references.extract`` for the runner."""
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(_LAZY[name]), name)


__all__ = ["drop_own_number", "extract", "number_key"]
