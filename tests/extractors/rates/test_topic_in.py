"""A percent's topic looked for at the first words of ``rate.topic`` only
(``find._topic_in``, issue 19): what a search of the stretch finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.rates.find import _TOPIC, _topic_in
from extractors.text.view import fold

CORPUS = sorted((Path(__file__).resolve().parents[3] / "corpus" / "texts").glob("*.txt"))


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_topic_in_every_stretch_of_the_corpus(path: Path) -> None:
    """Each stretch of 40 to 500 characters of a corpus text, every 37: the answer is the
    search's, a topic word cut by the stretch's end included."""
    text = fold(path.read_text(encoding="utf-8"))
    found = 0
    for lo in range(0, len(text), 37):
        for width in (40, 180, 500):
            want = _TOPIC.search(text, lo, lo + width) is not None
            assert _topic_in(text, lo, lo + width) == want, (lo, width)
            found += want
    assert found or len(text) < 500  # most texts name a topic somewhere
