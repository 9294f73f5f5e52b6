"""A figure's metric phrases found at the first words of ``dossier.metric`` only
(``find.metric_phrases``, issue 19): what the overlapped scan of every character finds."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.dossiers.find import metric_phrases
from extractors.text.patterns import patterns
from extractors.text.view import fold

CORPUS = sorted((Path(__file__).resolve().parents[3] / "corpus" / "texts").glob("*.txt"))


@pytest.mark.parametrize("text", [
    # phrases inside phrases: each place where one begins has its own
    "hồ sơ đã trả kết quả nhưng chậm hạn và hồ sơ quá hạn giải quyết nhưng chưa có kết "
    "quả là 12",
    "được tiếp nhận và 87.939 hồ sơ đang xử lý quá hạn",
    "Số hồ sơ đã giải quyết đúng hạn là 15.706",
    # case aside
    "Trung tâm … TIẾP NHẬN 5,65 ngàn hồ sơ",
])
def test_metric_phrases_are_the_overlapped_scan(text: str) -> None:
    rx = patterns("dossiers")["dossier.metric"].regex
    assert [m.span() for m in metric_phrases(text)] == [
        m.span() for m in rx.finditer(text, overlapped=True)]


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_metric_phrases_in_every_window_of_the_corpus(path: Path) -> None:
    """Each 150 characters of a corpus text (a figure's window), every 50."""
    rx = patterns("dossiers")["dossier.metric"].regex
    text = fold(path.read_text(encoding="utf-8"))
    for lo in range(0, len(text), 50):
        window = text[lo:lo + 150]
        assert [m.span() for m in metric_phrases(window)] == [
            m.span() for m in rx.finditer(window, overlapped=True)], lo
