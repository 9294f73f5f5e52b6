"""Units: every named state body or internal unit ("Phòng Tổng hợp Quy hoạch"), listed once,
with its role where the text states it ("… chủ trì" → lead). The grammar of a unit name is
in ``grammar`` and ``heads``, naming and merging in ``names``, roles in ``roles``.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extractors.units.find import extract


def __getattr__(name: str) -> Any:
    """``extract`` from ``find`` on first use (PEP 562): the store's writer merges unit
    names (``extractors.units.names``) and never extracts, so it does not load the
    stage's scan."""
    if name != "extract":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return importlib.import_module("extractors.units.find").extract


__all__ = ["extract"]
