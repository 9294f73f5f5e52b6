"""Site adapters, one module per site family (CMS), and the site registry.

Each adapter module has a header docstring (the CMS, who uses it, its URL shapes),
``FAMILY`` (its registry name), ``VERSION`` and two functions:

- ``parse_listing(body, url) -> Listing``: items of a listing page and the next page;
- ``parse_item(body, url) -> ItemPage``: title, date and attachments of an item page.

``adapters()`` maps family names to modules; ``read_listing`` reads a listing page with a
site's own selectors (registry ``selectors:``) when it has them, else with its adapter.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pipeline.sites.base import Listing
    from pipeline.sites.registry import Site


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


def read_listing(site: Site, body: bytes, url: str, module: ModuleType | None = None
                 ) -> Listing:
    """A listing page of ``site``: its own ``selectors`` when the registry gives them
    (feeds and sitemaps still go to the adapter), else its family adapter's
    ``parse_listing``."""
    from pipeline.sites import generic
    from pipeline.sites.base import listing_by_selectors

    module = module or adapter(site.family)
    if site.selectors is None or generic.is_xml(body):
        return module.parse_listing(body, url)
    chosen = site.selectors
    return listing_by_selectors(body, url, chosen.listing, chosen.date, chosen.next)
