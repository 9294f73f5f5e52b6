"""cchc's pipeline: crawl → fetch → convert → extract → store → serve, and the ``cchc`` CLI.

Stages pass plain data (URLs, bytes, ``schemas.Document``, lists of facts) and no stage
imports a later one (``tests/test_import_direction.py`` checks every import):

- crawl: ``sites/`` (the registry, one adapter per CMS: what a site lists);
- fetch: ``fetch.py`` (polite HTTP), ``raw.py`` (bodies by hash), ``attachments.py``,
  ``crawl.py`` (walks a site's pages, fetches what the adapters list);
- convert: ``convert/`` (bytes → ``Document``); extract: the ``extractors`` package, and
  ``process.py``: one document converted and extracted, the only place a document's
  failure is caught (a ``Failure`` naming it, so one bad file never stops a batch);
- store: ``store/`` (SQLite and nothing else); serve: ``serve/`` (Datasette).

``errors.py`` (typed errors for broken input) and ``detect.py`` (what bytes are) are
shared by every stage. Only orchestrators tie stages together, and so may import any of
them: ``ingest.py`` (files → process → store), ``reextract.py`` (stored text → process →
store), ``harvest.py`` (crawled sites → process → store), ``cli/``, ``orchestrate.py``
and ``flows.py``.
"""
