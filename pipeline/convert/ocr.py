"""OCR with Tesseract and its Vietnamese model, page images in parallel.

Provincial offices publish signed and stamped documents as scans: a PDF of page images
with no text layer, or a JPEG of each page. Tesseract (Debian ``tesseract-ocr`` and
``tesseract-ocr-vie``) reads them; each page is one ``tesseract`` process with one
thread, and ``max_workers`` pages run at once (the cores this machine has). Word
confidences come from Tesseract's TSV output, and the page text is rebuilt from it
(block → paragraph → line), so one call gives both.

Tesseract's Vietnamese model makes a few systematic slips that the extractors would
otherwise trip on: "Ð" (Icelandic eth) for "Đ" in "QÐ-UBND", caron letters ("ǎ") for
breve ones ("ă"), and the letter O inside a number ("1O/KH"). ``fix_ocr_confusions``
repairs exactly those, nothing dictionary-based.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
import shutil
import subprocess
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass

from pipeline.convert.safety import OCR_SECONDS, allow_time
from pipeline.errors import MissingTool, OcrFailed

log = logging.getLogger(__name__)

#: Default language(s); "vie" alone reads Vietnamese official texts best (English words
#: in them are rare and mostly proper names that "vie" still reads).
LANG = os.environ.get("CCHC_OCR_LANG", "vie")
#: Seconds one page may take before it is reported as failed.
PAGE_TIMEOUT = 120

# Letters Tesseract puts out that are not Vietnamese, and the Vietnamese letter meant.
_CONFUSIONS = str.maketrans({
    "Ð": "Đ", "ð": "đ", "Ɖ": "Đ", "ɗ": "đ",
    "ǎ": "ă", "Ǎ": "Ă", "ŏ": "ơ", "ŭ": "ư",
    "ı": "i", "ﬁ": "fi", "ﬂ": "fl",
})
# O/o and l/I between digits are zero and one: "1O/KH-UBND" → "10/KH-UBND".
_DIGIT_O = re.compile(r"(?<=\d)[Oo](?=\d)|(?<=\d)[Oo](?=/)")
_DIGIT_L = re.compile(r"(?<=\d)[lI](?=[\d/])")


def fix_ocr_confusions(text: str) -> str:
    """Repair Tesseract's systematic Vietnamese slips (same length, so offsets hold).

    >>> fix_ocr_confusions("Quyết định số 1O/QÐ-UBND ngày 2l/5/2024")
    'Quyết định số 10/QĐ-UBND ngày 21/5/2024'
    """
    text = text.translate(_CONFUSIONS)
    text = _DIGIT_O.sub("0", text)
    return _DIGIT_L.sub("1", text)


@dataclass(frozen=True)
class OcrPage:
    """One page read by OCR: its text and Tesseract's mean word confidence (0–100)."""

    text: str
    confidence: float | None
    words: int


def tesseract_path(source: str) -> str:
    """The ``tesseract`` binary with its Vietnamese model, or ``MissingTool``."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise MissingTool(source, "OCR needs tesseract (apt-get install tesseract-ocr "
                                  "tesseract-ocr-vie; `make system-deps` does it)")
    return exe


def _is_noise(word: str, conf: float) -> bool:
    """Specks, underlines and stamp edges that Tesseract reads as "¬", "va", ":"."""
    letters = sum(ch.isalnum() for ch in word)
    return (letters == 0 and conf < 60) or (len(word) <= 2 and conf < 30)


@dataclass
class _Seg:
    """Words on one OCR line with no wide gap between them."""

    left: float
    right: float
    top: float
    height: float
    par: tuple[int, int]
    words: list[str]


def _line_segments(words: list[tuple[float, float, float, float, str]],
                   par: tuple[int, int]) -> list[_Seg]:
    """Split one Tesseract line at gaps wider than 1.5 word heights (a column gutter)."""
    words = sorted(words)
    height = sorted(w[3] for w in words)[len(words) // 2]
    segs: list[_Seg] = []
    for left, top, width, _h, text in words:
        if segs and left - segs[-1].right <= 1.5 * height:
            segs[-1].words.append(text)
            segs[-1].right = left + width
        else:
            segs.append(_Seg(left, left + width, top, height, par, [text]))
    return segs


def _rows(segments: list[_Seg]) -> list[list[_Seg]]:
    """Segments that share a baseline band form one row, left to right (Tesseract puts
    the two columns of a header on separate lines of separate blocks)."""
    rows: list[list[_Seg]] = []
    for seg in sorted(segments, key=lambda s: s.top):
        if rows and abs(seg.top - rows[-1][0].top) <= 0.5 * seg.height:
            rows[-1].append(seg)
        else:
            rows.append([seg])
    return [sorted(row, key=lambda s: s.left) for row in rows]


def _zone_end(rows: list[list[_Seg]], start: int, split: float) -> int:
    """Index after the two-column zone that starts at ``start``: it runs until a row
    crosses the gutter (body text) or a gap of over three lines opens."""
    end = start + 1
    for j in range(start + 1, len(rows)):
        crosses = not all(s.right <= split or s.left >= split for s in rows[j])
        gap = rows[j][0].top - rows[j - 1][0].top
        if crosses or gap > 3.5 * rows[j][0].height:
            break
        end = j + 1
    return end


def _reading_order(rows: list[list[_Seg]]) -> list[list[_Seg]]:
    """Two-column zones (the NĐ 30 header) read left column first, then right column."""
    out: list[list[_Seg]] = []
    i = 0
    while i < len(rows):
        if len(rows[i]) < 2:
            out.append(rows[i])
            i += 1
            continue
        split = rows[i][1].left - rows[i][1].height  # a column's lines wobble a little
        end = _zone_end(rows, i, split)
        zone = rows[i:end]
        out.extend([s] for row in zone for s in row if s.right <= split)
        out.extend([s] for row in zone for s in row if s.left >= split)
        i = end
    return out


def _tsv_to_page(tsv: str) -> OcrPage:
    """Rebuild text from Tesseract TSV: words → lines in reading order, paragraphs apart."""
    lines: dict[tuple[int, int, int], list[tuple[float, float, float, float, str]]] = {}
    confs: list[float] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        word = (row.get("text") or "").strip()
        if row.get("level") != "5" or not word or _is_noise(word, float(row["conf"])):
            continue
        key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        box = (float(row["left"]), float(row["top"]), float(row["width"]), float(row["height"]))
        lines.setdefault(key, []).append((*box, word))
        if float(row["conf"]) >= 0:
            confs.append(float(row["conf"]))
    segments = [seg for key, words in lines.items() for seg in _line_segments(words, key[:2])]
    rows = _rows(segments)
    out: list[str] = []
    last_par: tuple[int, int] | None = None
    for segs in _reading_order(rows):
        if last_par is not None and segs[0].par != last_par:
            out.append("")
        out.append(" ".join(w for s in segs for w in s.words))
        last_par = segs[0].par
    text = fix_ocr_confusions("\n".join(out))
    mean = sum(confs) / len(confs) if confs else None
    return OcrPage(text=text, confidence=mean, words=len(confs))


def ocr_image(png: bytes, source: str, page: int = 1) -> OcrPage:
    """OCR one page image (PNG/JPEG/TIFF bytes) with one single-threaded Tesseract."""
    exe = tesseract_path(source)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run([exe, "-", "-", "-l", LANG, "--psm", "3", "tsv"], input=png,
                              capture_output=True, timeout=PAGE_TIMEOUT, env=env, check=False)
    except subprocess.TimeoutExpired as e:
        raise OcrFailed(source, f"OCR of page {page} took over {PAGE_TIMEOUT} s") from e
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrFailed(source, f"tesseract failed on page {page}: {err[-1] if err else '?'}")
    return _tsv_to_page(done.stdout.decode("utf-8", "replace"))


def workers() -> int:
    """Pages OCR'd at once: the cores available (``CCHC_OCR_WORKERS`` overrides)."""
    default = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2
    return max(1, int(os.environ.get("CCHC_OCR_WORKERS", default)))


def read_pages(pages: list[int], render: Callable[[int], bytes], source: str
               ) -> list[OcrPage]:
    """OCR ``pages`` (0-based numbers), each rendered by ``render`` just before it is
    read: rendering stays on this thread (pdfium is not thread-safe) and at most
    ``workers()`` images wait in memory, however many pages there are. Each page adds
    ``CCHC_OCR_SECONDS`` to the document's time limit."""
    tesseract_path(source)
    if not pages:
        return []
    allow_time(len(pages) * OCR_SECONDS.value())
    if len(pages) == 1:
        return [ocr_image(render(pages[0]), source, pages[0] + 1)]
    size = min(workers(), len(pages))
    futures: list[Future[OcrPage]] = []
    with ThreadPoolExecutor(max_workers=size) as pool:
        for i, page in enumerate(pages):
            if i >= size:
                futures[i - size].result()  # wait for a free worker before rendering more
            futures.append(pool.submit(ocr_image, render(page), source, page + 1))
        return [f.result() for f in futures]


def mean_confidence(pages: list[OcrPage]) -> float | None:
    """Word-weighted mean confidence over pages (a blank page does not pull it down)."""
    words = sum(p.words for p in pages if p.confidence is not None)
    if not words:
        return None
    total = sum(p.confidence * p.words for p in pages if p.confidence is not None)
    return round(total / words, 1)
