"""underthesea, loaded once per process, and its tokens realigned to the stored text.

underthesea's ``ner`` returns words, not offsets, and it normalises what it reads (old
tone placement "Hoà" comes back as "Hòa", runs of spaces as one). To point a name back
into the text, each token is matched on the folded view (``TextView.folded``, where
tone placement is unified the same way) with any white space between its syllables, at
or just after the previous token's end: ``align`` returns the spans, and
``text[start:end]`` squashed is the token again (a test checks the round trip).

>>> from extractors.text.view import TextView
>>> v = TextView("Ông  Lê Hoà  Bình dự họp")
>>> [v.text[a:b] for a, b in align(v, 0, ["Ông", "Lê Hòa Bình", "dự", "họp"])]
['Ông', 'Lê Hoà  Bình', 'dự', 'họp']
"""

from __future__ import annotations

import logging
import threading
from functools import cache, lru_cache
from typing import Any

import regex

from extractors.text.view import TextView, fold

log = logging.getLogger(__name__)
#: underthesea loads its models lazily and is not thread-safe while it does (two threads
#: see a half-built featurizer); Prefect runs extraction batches on threads, so every call
#: into it is serialised. It is a small share of the work (most names are decided by rule).
_LOCK = threading.Lock()
_SLACK = 12  # characters a token may start after the previous one (dropped symbols)


@cache
def _ner() -> Any:
    """underthesea's NER function, imported on first use and kept for the process."""
    from underthesea import ner

    return ner


@lru_cache(maxsize=1024)
def tag(text: str) -> tuple[tuple[str, str, str, str], ...]:
    """underthesea tokens of one short text: (word, POS, chunk, NER). Cached by text: a
    site's pages repeat their boilerplate, and a tagged window costs ~6 ms."""
    with _LOCK:
        return tuple(tuple(t) for t in _ner()(text))


@cache
def _word_tokenize() -> Any:
    from underthesea import word_tokenize

    return word_tokenize


@lru_cache(maxsize=4096)
def words(text: str) -> tuple[str, ...]:
    """underthesea's word segmentation alone (~0.1 ms on a few words, against ~6 ms
    for ``tag``): "Nguyễn Tấn Dũng Lưu trữ ngày" → ("Nguyễn Tấn Dũng", "Lưu trữ",
    "ngày")."""
    with _LOCK:
        return tuple(_word_tokenize()(text))


def load() -> None:
    """Load underthesea's models now (~1 s) rather than on the first ambiguous name, so
    a long-running process pays it once, at start-up."""
    tag("Ông Nguyễn Văn An phát biểu.")


@lru_cache(maxsize=4096)
def _token_regex(tok: str) -> regex.Pattern[str] | None:
    """A token's syllables with any white space between, case-blind (None if empty)."""
    parts = fold(tok).split()
    if not parts:
        return None
    return regex.compile(r"\s+".join(regex.escape(p) for p in parts), regex.I)


def align(view: TextView, start: int, tokens: list[str]) -> list[tuple[int, int]] | None:
    """Spans of ``tokens`` in ``view`` from ``start``, or None if one cannot be found."""
    spans: list[tuple[int, int]] = []
    pos = start
    for tok in tokens:
        rx = _token_regex(tok)
        if rx is None:
            spans.append((pos, pos))
            continue
        m = rx.search(view.folded, pos, min(len(view.folded), pos + _SLACK + len(tok) * 2))
        if m is None:
            return None
        spans.append((m.start(), m.end()))
        pos = m.end()
    return spans


def proper_nouns(view: TextView, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of person-name tokens of ``text[start:end]``: runs tagged PER, or single
    proper-noun (Np) words, as underthesea segments them."""
    tokens = tag(view.text[start:end])
    spans = align(view, start, [t[0] for t in tokens])
    if spans is None:
        log.debug("underthesea tokens do not realign at %d", start)
        return []
    out: list[tuple[int, int]] = []
    run: tuple[int, int] | None = None
    for (word, pos_tag, _, ner_tag), (a, b) in zip(tokens, spans, strict=True):
        if pos_tag == "Np" and " " in word:
            out.append((a, b))  # one segmented proper noun: "Dương Xuân Huyên"
        if ner_tag.endswith("PER"):
            run = (run[0], b) if run and a - run[1] <= 2 else (a, b)
            if run not in out:
                out.append(run)  # a PER run: "Hằng" + "Nga"
        else:
            run = None
    return sorted(set(out))
