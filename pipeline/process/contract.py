"""The extraction contract of one document as the JSON text ``cchc extract`` writes.

``cchc extract`` hands :class:`Contract` to ``process_many`` as its ``pack``: the worker
that extracted a document also writes its JSON, so a string travels back to the one
process that writes the files, instead of the pickled ``Document`` and ``Extraction``
(the text twice and every fact: ~0.17 ms of CPU a short page to pickle and unpickle),
and that writing runs on the ``--jobs`` workers. This module is all the worker imports
for it (``pipeline.cli`` would bring every command).

The text is exactly ``json.dumps(extraction.to_contract(), ensure_ascii=False)`` (with
``indent=1`` for ``-o`` and ``--json``), its ``source`` the file's name::

    >>> text = contract_json(extract("Ngày 25/10/2022, Sở Nội vụ kiểm tra."),
    ...                      "thong-bao.txt", indent=True)  # doctest: +SKIP
    >>> json.loads(text)["source"]  # doctest: +SKIP
    'thong-bao.txt'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import PurePath
from typing import get_args, get_origin

from pydantic import BaseModel

from schemas import Document, Extraction


@dataclass(frozen=True)
class Contract:
    """The ``pack`` of ``cchc extract``: a prepared document → its contract's JSON text,
    named by the file it was read from (``document.source`` is the path as given:
    "corpus/texts/thong-bao.txt" → "thong-bao.txt"). ``indent``: one key a line (``-o``,
    ``--json``), else one line (``--jsonl``)."""

    indent: bool

    def __call__(self, document: Document, extraction: Extraction) -> str:
        return contract_json(extraction, PurePath(document.source).name, self.indent)


def contract_json(extraction: Extraction, name: str, indent: bool) -> str:
    """The contract of ``extraction`` as JSON, its ``source`` set to ``name``.

    Indented, pydantic's own serialiser writes the same text as ``json.dumps`` ~5x
    faster (``json`` indents in pure Python: ~0.15 ms a short page): the same keys in
    the same order, the same escapes, the same numbers, apart from a float below 1e-4,
    which ``json`` writes ``1e-05`` and pydantic ``0.00001``; a document that holds one
    is written by ``json``. On one line the two differ in spacing (``"a": 1`` against
    ``"a":1``), so ``json`` writes it.
    """
    named = extraction.model_copy(update={"source": name})
    if indent and not tiny_floats(named):
        return named.model_dump_json(indent=1)
    return json.dumps(named.to_contract(), ensure_ascii=False, indent=1 if indent else None)


def tiny_floats(extraction: Extraction) -> bool:
    """Whether a fact holds a float that pydantic and ``json`` write apart: not zero and
    below 1e-4 in size ("tỷ lệ 0,00005%" → ``5e-05``), never a real score ("đạt
    8,75/11 điểm") or rate ("đạt 98,5%")."""
    return any(value is not None and 0 < abs(value) < 1e-4
               for category, names in float_fields()
               for fact in getattr(extraction, category)
               for value in (getattr(fact, name) for name in names))


@cache
def float_fields() -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(category, its facts' float fields) for each list of the contract whose facts
    have one: ``(("scores", ("value", "max", "percent")), ("rates", ("percent",)))``.
    Read from the models, so that a float field added to a fact is checked too; the
    test holds it to every number of the contract's JSON schema."""
    out = []
    for category, field in Extraction.model_fields.items():
        if get_origin(field.annotation) is not list:
            continue
        (model,) = get_args(field.annotation)
        if isinstance(model, type) and issubclass(model, BaseModel):
            names = tuple(name for name, f in model.model_fields.items()
                          if float in (f.annotation, *get_args(f.annotation)))
            if names:
                out.append((category, names))
    return tuple(out)


__all__ = ["Contract", "contract_json", "float_fields", "tiny_floats"]
