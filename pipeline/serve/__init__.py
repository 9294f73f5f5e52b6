"""Serving the store to readers: Datasette over the database, read-only.

The store (``pipeline.store``) keeps the database; this package shows it. It reads the
store's schema, views and canned queries, and writes nothing but the generated
``outputs/metadata.yml``.

Public API:

- ``serve(db_path, port=8001)``: ``cchc serve``; Datasette on 127.0.0.1 (``server.py``).
- ``datasette_metadata(db_name)``: the Datasette metadata, from the schema models, with
  facets, canned queries, the dashboard (``metadata.py``) and links to the Atom feeds
  (``feed_links.py``; datasette-atom renders them at ``<query>.atom``).
- ``plugin``: our Datasette plugin, the SQL functions ``cchc_fold`` and ``cchc_match``
  ("so cong thuong" finds "Sở Công Thương"); ``serve`` registers it.
"""

from pipeline.serve.metadata import build as datasette_metadata
from pipeline.serve.server import datasette_args, serve

__all__ = ["datasette_args", "datasette_metadata", "serve"]
