"""Serving the store to readers: Datasette over the database, read-only.

The store (``pipeline.store``) keeps the database; this package shows it. It reads the
store's schema, views and canned queries, and writes nothing but the generated
``outputs/metadata.yml``.

Public API:

- ``serve(db_path, ServeOptions(port=8001))``: ``cchc serve``; Datasette on 127.0.0.1,
  live over a database ingests write to, no arbitrary SQL unless asked (``server.py``).
- ``datasette_metadata(db_name)``: the Datasette metadata, from the schema models, with
  facets, canned queries, the dashboard (``metadata.py``) and links to the Atom feeds
  (``feed_links.py``; datasette-atom renders them at ``<query>.atom``).
- ``plugin``: our Datasette plugin (a package, with ``templates/`` and ``static/``);
  ``serve`` registers it. The SQL functions ``cchc_fold``, ``cchc_match`` and
  ``cchc_snippet`` ("so cong thuong" finds "Sở Công Thương"), a search box that takes any
  input, the document page ``/-/cchc/document/<id>`` (``document.py``, every fact
  highlighted at its span by ``annotate.py``, in the words of ``words.py``), and cells
  that link rows to it (``cells.py``).
"""

from pipeline.serve.metadata import build as datasette_metadata
from pipeline.serve.server import ServeOptions, datasette_args, serve

__all__ = ["ServeOptions", "datasette_args", "datasette_metadata", "serve"]
