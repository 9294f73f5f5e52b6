"""Our Datasette plugin: SQL functions for accent-free matching.

``cchc serve`` registers it with Datasette's plugin manager, so canned queries can write
``cchc_fold(agency) like '%' || cchc_fold(:agency) || '%'`` ("so cong thuong" finds
"Sở Công Thương") and ``documents_fts match cchc_match(:q)`` ("dak lak" finds "Đắk Lắk").
"""

from __future__ import annotations

from datasette import hookimpl

from pipeline.store.db import register_functions


@hookimpl
def prepare_connection(conn) -> None:
    """Register ``cchc_fold(text)`` and ``cchc_match(query)`` on every connection."""
    register_functions(conn)
