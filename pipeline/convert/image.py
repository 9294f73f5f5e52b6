"""Images (JPEG, PNG, multi-page TIFF) → text by OCR, one page per frame.

Commune offices often post a phone photo or a scanner's TIFF of a signed notice instead
of a PDF. Each frame is normalised to a PNG, in colour if it has colour (``ocr_prep``
paints a red seal or a blue signature white before the page is binarised), and OCR'd in
parallel like the pages of a scanned PDF, a few frames in memory at a time.
A frame over ``CCHC_MAX_PIXELS`` is shrunk to it (a 100-megapixel photo reads as well at
25); one over four times that is refused before it is decoded; frames past
``CCHC_MAX_OCR_PAGES`` are left out with a warning.
"""

from __future__ import annotations

import io
import math

from PIL import Image, ImageSequence, UnidentifiedImageError

from pipeline.convert import ocr, ocr_prep
from pipeline.convert.clean import assemble
from pipeline.convert.safety import MAX_OCR_PAGES, MAX_PIXELS
from pipeline.errors import CorruptFile, EmptyFile, UnsafeFile
from schemas import Conversion, Document

#: Most frames one image file may hold (a TIFF of a whole dossier is still a document).
MAX_FRAMES = 500


def frame_png(frame: Image.Image, source: str, number: int) -> bytes:
    """One frame as PNG bytes (RGB if it has coloured ink, a seal or a signature, else
    grayscale), shrunk to ``CCHC_MAX_PIXELS``."""
    limit = MAX_PIXELS.value()
    width, height = frame.size
    if width * height > 4 * limit:
        raise UnsafeFile(source, f"frame {number} is {width} × {height} pixels, over four "
                                 f"times {MAX_PIXELS.shown(limit)}")
    page = frame.convert("RGB") if frame.mode not in ("1", "L", "LA", "I", "I;16", "F") \
        else frame.convert("L")
    if page.mode == "RGB" and not ocr_prep.has_colour(page):
        page = page.convert("L")
    if width * height > limit:
        shrink = math.sqrt(limit / (width * height))
        page = page.resize((max(1, int(width * shrink)), max(1, int(height * shrink))))
    buf = io.BytesIO()
    page.save(buf, format="PNG", compress_level=1)
    return buf.getvalue()


def read_frames(data: bytes, source: str) -> tuple[list[ocr.OcrPage], list[str]]:
    """OCR every frame (up to ``CCHC_MAX_OCR_PAGES``); broken or huge images raise."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            count = getattr(image, "n_frames", 1)
            if count > MAX_FRAMES:
                raise UnsafeFile(source, f"more than {MAX_FRAMES} frames")
            limit = MAX_OCR_PAGES.value()
            warnings = [f"{count - limit} more frame(s) not read by OCR, from frame "
                        f"{limit + 1}: over {MAX_OCR_PAGES.shown(limit)}"] if count > limit else []

            def render(index: int) -> bytes:
                frame = ImageSequence.Iterator(image)[index]
                return frame_png(frame, source, index + 1)

            return ocr.read_pages(list(range(min(count, limit))), render, source), warnings
    except Image.DecompressionBombError as e:
        raise UnsafeFile(source, f"image too large to open safely ({e})") from e
    except (UnidentifiedImageError, OSError, SyntaxError, EOFError) as e:
        raise CorruptFile(source, f"not a readable image ({e})") from e


def convert(data: bytes, source: str) -> Document:
    """An image file's bytes → ``Document`` by OCR, each frame a page."""
    pages, warnings = read_frames(data, source)
    warnings = [*warnings, *ocr.warnings(pages)]
    text, starts = assemble([p.text for p in pages])
    if not text.strip():
        raise EmptyFile(source, "OCR found no text in the image")
    return Document(source=source, format="image", text=text, pages=starts,
                    conversion=Conversion(converter="tesseract", ocr=True,
                                          ocr_engine=f"tesseract {ocr.LANG}",
                                          ocr_confidence=ocr.mean_confidence(pages),
                                          warnings=warnings))
