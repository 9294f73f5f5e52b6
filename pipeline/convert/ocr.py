"""OCR with Tesseract and its Vietnamese model, page images in parallel.

Provincial offices publish signed and stamped documents as scans: a PDF of page images
with no text layer, or a JPEG of each page. Tesseract (Debian ``tesseract-ocr`` and
``tesseract-ocr-vie``) reads them; each page is one ``tesseract`` process with one
thread, and ``max_workers`` pages run at once (the cores this machine has). Word
confidences come from Tesseract's TSV output, and the page text is rebuilt from it
(block → paragraph → line), so one call gives both.

Before Tesseract sees a page, ``ocr_prep`` paints coloured ink (seals, signatures) white,
levels the page, scales its text to the x-height Tesseract reads best and binarises it;
``ocr_layout`` cuts it into the regions of an NĐ 30 document (the two header columns, the
body, "Nơi nhận" and the signer), each read on its own with a page segmentation mode that
suits it, in reading order. Words of low confidence that are symbols, not letters (a
seal's edge read as "_—_—ƒ—_"), are dropped.

Tesseract's Vietnamese model makes a few systematic slips that the extractors would
otherwise trip on: "Ð" (Icelandic eth) for "Đ" in "QÐ-UBND", caron letters ("ǎ") for
breve ones ("ă"), and the letter O inside a number ("1O/KH"). ``fix_ocr_confusions``
repairs exactly those; ``ocr_fix`` then rejoins split dates and numbers and restores the
tone marks of known names ("Lâm Đòng" → "Lâm Đồng") where the repair is unambiguous.

Each page runs under ``CCHC_OCR_PAGE_SECONDS`` and ``CCHC_OCR_MEMORY``; a page that
breaks them (or crashes Tesseract) is left out with a warning naming the file and the
page, and the other pages are kept.
"""

from __future__ import annotations

import csv
import io
import logging
import os
import re
import shutil
import subprocess
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field

import numpy as np
from PIL import Image, UnidentifiedImageError

from pipeline.convert import ocr_fix, ocr_layout, ocr_prep
from pipeline.convert.safety import (
    MAX_PIXELS,
    OCR_MEMORY,
    OCR_PAGE_SECONDS,
    OCR_SECONDS,
    allow_time,
)
from pipeline.convert.syllables import syllables
from pipeline.errors import MissingTool, OcrFailed, safe_text

log = logging.getLogger(__name__)

#: Default language(s); "vie" alone reads Vietnamese official texts best (English words
#: in them are rare and mostly proper names that "vie" still reads).
LANG = os.environ.get("CCHC_OCR_LANG", "vie")

#: Confidence (0–100) of a word Tesseract is sure of; a line of a signature block needs
#: one, of two letters or more, to be kept (a seal's star is read as "6" at 90).
SURE = 80

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
    """One page read by OCR: its text and Tesseract's mean word confidence (0–100); the
    repairs ``ocr_fix`` made, by kind; and, for a page that could not be read, why."""

    text: str
    confidence: float | None
    words: int
    corrections: Counter[str] = field(default_factory=Counter)
    error: str | None = None


def tesseract_path(source: str) -> str:
    """The ``tesseract`` binary with its Vietnamese model, or ``MissingTool``."""
    exe = shutil.which("tesseract")
    if exe is None:
        raise MissingTool(source, "OCR needs tesseract (apt-get install tesseract-ocr "
                                  "tesseract-ocr-vie; `make system-deps` does it)")
    return exe


#: Characters an official text is written in: Vietnamese letters, digits, punctuation.
_VIET = set("aăâbcdđeêghiklmnoôơpqrstuưvxyfjwz"
            "áàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")
_ALLOWED = (_VIET | {c.upper() for c in _VIET}
            | set("0123456789.,;:!?()[]/\\-–—%&'\"“”‘’…+*=<>§°_#@~•·▪►"))


def _is_noise(word: str, conf: float) -> bool:
    """Specks, underlines and the edge of a seal, which Tesseract reads as "¬", "va", ":",
    "_—_—ƒ—_" or "ỚPỚỚŸ": symbols alone that no Vietnamese text is written in, or symbols
    alone and unsure; a word with a character no Vietnamese text is written in and
    unsure (a surer one is kept without that character: "tỉnhŒ/c);" at 63); or a word of
    one or two characters and very unsure.

    >>> _is_noise("_—_—ƒ—_", 41.0), _is_noise("ỚPỚỚŸ", 55.0), _is_noise("Đồng", 55.0)
    (True, True, False)
    >>> _is_noise("|", 75.0), _is_noise("-", 75.0)
    (True, False)
    """
    letters = sum(ch.isalnum() for ch in word)
    if letters == 0:
        if any(ch not in _ALLOWED for ch in word):  # "|", "¬": never in a letter's text
            return True
        return conf < 60 or (len(word) >= 3 and conf < 80)
    if any(ch not in _ALLOWED for ch in word):  # kept, if sure enough, without them
        return conf < 60
    return len(word) <= 2 and conf < 30


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


def _tsv_to_page(tsv: str, columns: bool = True, seal: bool = False) -> OcrPage:
    """Rebuild text from Tesseract TSV: words → lines in reading order, paragraphs apart.
    ``columns``: the image may hold columns side by side (a whole page), so lines are
    split at wide gaps and two-column zones read column by column; a region that
    ``ocr_layout`` cut out is one column, read in Tesseract's own line order. ``seal``:
    the region is a signature block, where a seal may lie (see below)."""
    lines: dict[tuple[int, int, int], list[tuple[float, float, float, float, str]]] = {}
    confs: dict[tuple[int, int, int], list[float]] = {}
    sure: set[tuple[int, int, int]] = set()
    for row in csv.DictReader(io.StringIO(tsv), delimiter="\t", quoting=csv.QUOTE_NONE):
        # Tesseract's non-Vietnamese look-alikes ("QĐÐ" with an eth) are letters, not noise.
        word = (row.get("text") or "").strip().translate(_CONFUSIONS)
        conf = float(row["conf"]) if row.get("conf") else -1.0
        if row.get("level") != "5" or not word:
            continue
        key = (int(row["block_num"]), int(row["par_num"]), int(row["line_num"]))
        if conf >= SURE and sum(ch.isalpha() for ch in word) >= 2:
            sure.add(key)
        if _is_noise(word, conf):
            continue
        word = "".join(ch for ch in word if ch in _ALLOWED)  # "tỉnhŒ/c);" → "tỉnh/c);"
        box = (float(row["left"]), float(row["top"]), float(row["width"]), float(row["height"]))
        lines.setdefault(key, []).append((*box, word))
        if conf >= 0:
            confs.setdefault(key, []).append(conf)
    # In a signature block, a line without one sure word is the print of a seal or a
    # signature ("ZUMHI tị", "MA )", "Đk \S" from a seal scanned in gray), not text: the
    # signer's title and name are printed in bold and read surely. Elsewhere a line is
    # kept however unsure (specks can take every word of "Số: 1688/SKHĐT-VP" to 0).
    if seal:
        lines = {key: words for key, words in lines.items() if key in sure}
    kept = [c for key, cs in confs.items() if key in lines for c in cs]
    if columns:
        segments = [seg for key, words in lines.items()
                    for seg in _line_segments(words, key[:2])]
        ordered = _reading_order(_rows(segments))
    else:
        ordered = [[_Seg(0, 0, 0, 0, key[:2], [w[4] for w in sorted(words)])]
                   for key, words in lines.items()]
    out: list[str] = []
    last_par: tuple[int, int] | None = None
    for segs in ordered:
        if last_par is not None and segs[0].par != last_par:
            out.append("")
        out.append(" ".join(w for s in segs for w in s.words))
        last_par = segs[0].par
    text = fix_ocr_confusions("\n".join(out))
    mean = sum(kept) / len(kept) if kept else None
    return OcrPage(text=text, confidence=mean, words=len(kept))


def _tesseract(png: bytes, psm: int, source: str, page: int, deadline: float) -> str:
    """Tesseract's TSV of one image, one thread, under the page's time and memory limits."""
    exe = tesseract_path(source)
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    command = [exe, "-", "-", "-l", LANG, "--psm", str(psm), "tsv"]
    prlimit = shutil.which("prlimit")
    if prlimit:
        command = [prlimit, f"--as={OCR_MEMORY.value()}", "--", *command]
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise OcrFailed(source, f"page {page}: OCR took over {OCR_PAGE_SECONDS.shown()}")
    try:
        done = subprocess.run(command, input=png, capture_output=True, timeout=remaining,
                              env=env, check=False)
    except subprocess.TimeoutExpired as e:
        raise OcrFailed(source, f"page {page}: OCR took over {OCR_PAGE_SECONDS.shown()}") from e
    if done.returncode != 0:
        err = done.stderr.decode("utf-8", "replace").strip().splitlines()
        why = err[-1].strip() if err else f"exit status {done.returncode}"
        if prlimit:  # most failures on a sound image are the memory limit ("bad_alloc")
            why += f" (run with at most {OCR_MEMORY.shown()})"
        raise OcrFailed(source, f"page {page}: tesseract failed: {why}")
    return done.stdout.decode("utf-8", "replace")


def _png(image: Image.Image) -> bytes:
    buf = io.BytesIO()
    image.save(buf, format="PNG")
    return buf.getvalue()


def prepare_enabled() -> bool:
    """Whether pages are prepared and cut into regions (``CCHC_OCR_PREPARE=0`` sends the
    page as rendered, one block: the benchmark compares the two)."""
    return os.environ.get("CCHC_OCR_PREPARE", "1") != "0"


def ocr_image(png: bytes, source: str, page: int = 1) -> OcrPage:
    """OCR one page image (PNG/JPEG/TIFF bytes, colour kept so seals can be removed):
    prepared, cut into regions, each region read by one single-threaded Tesseract."""
    deadline = time.monotonic() + OCR_PAGE_SECONDS.value()
    tesseract_path(source)
    if not prepare_enabled():
        result = _tsv_to_page(_tesseract(png, 3, source, page, deadline))
        return _corrected(result)
    try:
        with Image.open(io.BytesIO(png)) as image:
            image.load()
            ready = ocr_prep.prepare(image, MAX_PIXELS.value())
    except (UnidentifiedImageError, OSError) as e:
        raise OcrFailed(source, f"page {page}: not a readable image ({e})") from e
    except MemoryError as e:  # under the worker's CCHC_MAX_MEMORY: this page only
        raise OcrFailed(source, f"page {page}: out of memory preparing the page for OCR") from e
    ink = np.asarray(ready.image) < 128
    if not ink.any():
        return OcrPage(text="", confidence=None, words=0)
    x_height = (ready.x_height or ocr_prep.TARGET_X_HEIGHT / ready.scale) * ready.scale
    texts: list[str] = []
    confs: list[tuple[float, int]] = []
    for region in ocr_layout.regions(ink, x_height):
        signature = region.name.startswith("signature")
        crop = ready.without_gray_seal(region.box) if signature else ready.image.crop(region.box)
        part = _tsv_to_page(_tesseract(_png(crop), region.psm, source, page, deadline),
                            columns=False, seal=signature)
        if part.text.strip():
            texts.append(part.text.strip())
        if part.confidence is not None:
            confs.append((part.confidence, part.words))
    words = sum(n for _, n in confs)
    mean = sum(c * n for c, n in confs) / words if words else None
    return _corrected(OcrPage(text="\n\n".join(texts), confidence=mean, words=words))


def _corrected(page: OcrPage) -> OcrPage:
    """The page after ``ocr_fix``'s repairs, which it counts: the gazetteers' names and
    phrases, and every Vietnamese syllable as a one-word spelling (a word that is none,
    "quyêt", is repaired only where one syllable alone fits its letters)."""
    text, counts = ocr_fix.correct(page.text, syllables())
    return OcrPage(text=text, confidence=page.confidence, words=page.words,
                   corrections=counts)


def _read_one(png: bytes, source: str, page: int) -> OcrPage:
    """One page, or an empty page carrying its error: a bad page must not lose the rest."""
    try:
        return ocr_image(png, source, page)
    except OcrFailed as e:
        log.warning("%s", e)
        return OcrPage(text="", confidence=None, words=0, error=str(e))


def workers() -> int:
    """Pages OCR'd at once: the cores available (``CCHC_OCR_WORKERS`` overrides)."""
    default = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else 2
    return max(1, int(os.environ.get("CCHC_OCR_WORKERS", default)))


def read_pages(pages: list[int], render: Callable[[int], bytes], source: str
               ) -> list[OcrPage]:
    """OCR ``pages`` (0-based numbers), each rendered by ``render`` just before it is
    read: rendering stays on this thread (pdfium is not thread-safe) and at most
    ``workers()`` images wait in memory, however many pages there are. Each page adds
    ``CCHC_OCR_SECONDS`` to the document's time limit. A page Tesseract cannot read comes
    back empty with its ``error`` (see :func:`warnings`); if no page can be read, the first
    page's error is raised."""
    tesseract_path(source)
    if not pages:
        return []
    allow_time(len(pages) * OCR_SECONDS.value())
    if len(pages) == 1:
        result = [_read_one(render(pages[0]), source, pages[0] + 1)]
    else:
        size = min(workers(), len(pages))
        futures: list[Future[OcrPage]] = []
        with ThreadPoolExecutor(max_workers=size) as pool:
            for i, page in enumerate(pages):
                if i >= size:
                    futures[i - size].result()  # wait for a free worker before rendering
                futures.append(pool.submit(_read_one, render(page), source, page + 1))
            result = [f.result() for f in futures]
    if all(p.error for p in result):
        first = result[0].error or ""
        raise OcrFailed(source, first.removeprefix(f"{safe_text(source)}: "))
    return result


def warnings(pages: list[OcrPage]) -> list[str]:
    """The conversion warnings OCR leaves: each page that failed, and how many repairs
    ``ocr_fix`` made ("OCR post-correction: 3 fixes (2 split date, 1 diacritics)")."""
    out = [p.error for p in pages if p.error]
    total: Counter[str] = Counter()
    for p in pages:
        total.update(p.corrections)
    if total:
        kinds = ", ".join(f"{n} {kind}" for kind, n in sorted(total.items()))
        out.append(f"OCR post-correction: {sum(total.values())} fixes ({kinds})")
    return out


def mean_confidence(pages: list[OcrPage]) -> float | None:
    """Word-weighted mean confidence over pages (a blank page does not pull it down)."""
    words = sum(p.words for p in pages if p.confidence is not None)
    if not words:
        return None
    total = sum(p.confidence * p.words for p in pages if p.confidence is not None)
    return round(total / words, 1)
