"""Site adapters, one module per site family (CMS), and the site registry.

Each adapter module has a header docstring (the CMS, who uses it, its URL shapes),
``FAMILY`` (its registry name), ``VERSION`` and two functions:

- ``parse_listing(body, url) -> Listing``: items of a listing page and the next page;
- ``parse_item(body, url) -> ItemPage``: title, date and attachments of an item page.

``adapters()`` maps family names to modules.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from types import ModuleType


@cache
def adapters() -> dict[str, ModuleType]:
    """Every adapter module of this package, by family name."""
    out = {}
    for info in pkgutil.iter_modules(__path__):
        if info.name in ("base", "registry"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        if hasattr(module, "FAMILY"):
            out[module.FAMILY] = module
    return out


def adapter(family: str) -> ModuleType:
    try:
        return adapters()[family]
    except KeyError:
        raise KeyError(f"no adapter for site family {family!r}") from None
