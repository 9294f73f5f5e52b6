"""Serving the store to readers: Datasette over the database, read-only.

The store (``pipeline.store``) keeps the database; this package shows it. It reads the
store's schema, views and canned queries, and writes nothing but the generated
``outputs/metadata.yml``.

Public API:

- ``serve(db_path, ServeOptions(port=8001))``: ``cchc serve``; Datasette on 127.0.0.1,
  live over a database ingests write to, no arbitrary SQL unless asked (``server.py``).
- ``datasette_metadata(db_name)``: the Datasette metadata, from the schema models, with
  facets, canned queries and the dashboard (``metadata.py``).
- ``plugin``: our Datasette plugin, the SQL functions ``cchc_fold`` and ``cchc_match``
  ("so cong thuong" finds "Sở Công Thương"); ``serve`` registers it.
"""

from pipeline.serve.metadata import build as datasette_metadata
from pipeline.serve.server import ServeOptions, datasette_args, serve

__all__ = ["ServeOptions", "datasette_args", "datasette_metadata", "serve"]
