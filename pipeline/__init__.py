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

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
from collections.abc import Sequence
from types import ModuleType

#: Packages ``sqlite_utils`` imports when they are installed, only to map their scalar
#: types (``numpy.int64``, ``pandas.Timestamp``) to column types. We never hand it one:
#: every cell is made by ``pipeline.store.schema``. numpy alone is ~0.12 s of CPU in each
#: process that writes or screens against the database (see ``SqliteUtilsWithout``).
SQLITE_UTILS_EXTRAS = ("numpy", "pandas")


class SqliteUtilsWithout(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Loads ``sqlite_utils.db`` as if numpy and pandas were not installed, unless they
    are loaded already (a process that uses them anyway keeps sqlite_utils' mapping).

    ``cchc ingest``'s writer and each of its workers (the worker reads the database to
    skip a stored text) imported numpy through ``sqlite_utils`` alone: 0.12 s of CPU
    twice a run, a sixth of its start-up. Nothing else changes: ``import numpy`` works
    as before anywhere else (OCR, for one), before and after. Installed once, on the
    import path, by this package; it steps aside after its one module."""

    def __init__(self) -> None:
        self._real: importlib.abc.Loader | None = None

    def find_spec(self, name: str, path: Sequence[str] | None,
                  target: ModuleType | None = None) -> importlib.machinery.ModuleSpec | None:
        if name != "sqlite_utils.db":
            return None
        sys.meta_path.remove(self)
        spec = importlib.machinery.PathFinder.find_spec(name, path)
        if spec is None or spec.loader is None:
            return spec
        self._real, spec.loader = spec.loader, self
        return spec

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> ModuleType | None:
        assert self._real is not None
        return self._real.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        assert self._real is not None
        hidden = [name for name in SQLITE_UTILS_EXTRAS if name not in sys.modules]
        for name in hidden:
            sys.modules[name] = None  # type: ignore[assignment]  # import → ImportError
        try:
            self._real.exec_module(module)
        finally:
            for name in hidden:
                if sys.modules.get(name, ...) is None:
                    del sys.modules[name]


if "sqlite_utils.db" not in sys.modules and not any(
        isinstance(f, SqliteUtilsWithout) for f in sys.meta_path):
    sys.meta_path.insert(0, SqliteUtilsWithout())
