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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

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
_DIGIT_L = re.compile(r"(?<=\d)[lI](?=\d)")


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


def _tsv_to_page(tsv: str) -> OcrPage:
    """Rebuild text from Tesseract TSV: words → lines, paragraphs apart by a blank line."""
    lines: dict[tuple[int, int, int], list[str]] = {}
    confs: list[float] = []
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        word = (row.get("text") or "").strip()
        if row.get("level") != "5" or not word:
            continue
        key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        lines.setdefault(key, []).append(word)
        conf = float(row["conf"])
        if conf >= 0:
            confs.append(conf)
    out: list[str] = []
    last_par: tuple[int, int] | None = None
    for (block, par, _line), words in lines.items():
        if last_par is not None and (block, par) != last_par:
            out.append("")
        out.append(" ".join(words))
        last_par = (block, par)
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


def ocr_pages(images: list[bytes], source: str) -> list[OcrPage]:
    """OCR page images in parallel, results in page order."""
    tesseract_path(source)
    if len(images) == 1:
        return [ocr_image(images[0], source)]
    with ThreadPoolExecutor(max_workers=min(workers(), len(images))) as pool:
        futures = [pool.submit(ocr_image, png, source, i + 1) for i, png in enumerate(images)]
        return [f.result() for f in futures]


def mean_confidence(pages: list[OcrPage]) -> float | None:
    """Word-weighted mean confidence over pages (a blank page does not pull it down)."""
    words = sum(p.words for p in pages if p.confidence is not None)
    if not words:
        return None
    total = sum(p.confidence * p.words for p in pages if p.confidence is not None)
    return round(total / words, 1)
