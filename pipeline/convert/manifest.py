"""Where a file came from, for files ingested by hand: a ``sources.yaml`` manifest.

A crawled page knows its URL, and the document stage reads the province from it
(``baolamdong.vn`` is Lâm Đồng's paper). A file saved by hand does not, and a news item
that writes "toàn tỉnh" and never the province's name then answers for no province. A
folder of files may carry a ``sources.yaml`` (beside the files, or one folder up, as
``corpus/sources.yaml`` is for ``corpus/texts/``) that maps each file's stem to where it
came from::

    lamdong_2020_q1_hoso_cac_cap:
      url: https://baolamdong.vn/doi-song/202003/tren-7600-ho-so-bi-qua-han-trong-quy-i-2993657/
      publisher: Báo Lâm Đồng

The ``url`` becomes the document's ``url`` hint, exactly what a crawl would have given; a
file the manifest does not name, or a folder without one, is read as before.
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

import yaml

from pipeline.errors import CorruptFile
from schemas import Document

NAME = "sources.yaml"
#: What a manifest entry may lend a document, as the metadata key it becomes.
LENT = {"url": "url", "publisher": "publisher"}


def annotate(doc: Document, path: str | Path) -> Document:
    """``doc`` with what the nearest manifest says of ``path`` (its URL, publisher); the
    document's own metadata wins where both say something."""
    entry = entry_for(Path(path))
    if not entry:
        return doc
    meta = dict(doc.metadata)
    for key, as_key in LENT.items():
        value = entry.get(key)
        if isinstance(value, str) and value and not meta.get(as_key):
            meta[as_key] = value
    return doc.model_copy(update={"metadata": meta})


def entry_for(path: Path) -> dict | None:
    """The manifest entry of a file: its stem in ``sources.yaml`` beside it or one up."""
    stem = path.stem
    for manifest in _manifests_near(path.parent):
        if manifest and stem in manifest:
            entry = manifest[stem]
            return entry if isinstance(entry, dict) else None
    return None


#: ``_manifests_near`` of each absolute folder asked about.
_NEAR: dict[str, tuple[dict, dict]] = {}


def _manifests_near(folder: Path) -> tuple[dict, dict]:
    """The manifests of ``folder`` and of the folder above it, looked up once for an
    absolute folder (an ingest's files are in a few): finding both folders' absolute
    paths again at every file cost ~0.02 ms of a worker's CPU. A relative folder
    depends on the working directory, and is looked up each time."""
    key = str(folder)
    near = _NEAR.get(key)
    if near is None:
        near = (_manifest_in(os.path.abspath(folder)),
                _manifest_in(os.path.abspath(folder.parent)))
        if folder.is_absolute():
            _NEAR[key] = near
    return near


@cache
def _manifest_in(folder: str) -> dict:
    """The manifest of an absolute ``folder``, looked up once a folder: resolving its
    path (a system call a path component) at every file of an ingest cost ~0.03 ms."""
    return _load(str((Path(folder) / NAME).resolve()))


@cache
def _load(where: str) -> dict:
    path = Path(where)
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as e:
        raise CorruptFile(where, f"not a readable sources manifest ({e})") from e
    return data if isinstance(data, dict) else {}
