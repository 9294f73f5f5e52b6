"""Images (JPEG, PNG, multi-page TIFF) → text by OCR, one page per frame.

Commune offices often post a phone photo or a scanner's TIFF of a signed notice instead
of a PDF. Each frame is normalised to a grayscale PNG (Tesseract reads those fastest)
and OCR'd in parallel like the pages of a scanned PDF.
"""

from __future__ import annotations

import io

from PIL import Image, ImageSequence, UnidentifiedImageError

from pipeline.convert import ocr
from pipeline.convert.clean import assemble
from pipeline.errors import CorruptFile, EmptyFile, UnsafeFile
from schemas import Conversion, Document

#: Most frames one image file may hold (a TIFF of a whole dossier is still a document).
MAX_FRAMES = 500


def frames_as_png(data: bytes, source: str) -> list[bytes]:
    """Every frame of the image as grayscale PNG bytes; broken or huge images raise."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            out = []
            for i, frame in enumerate(ImageSequence.Iterator(image)):
                if i >= MAX_FRAMES:
                    raise UnsafeFile(source, f"more than {MAX_FRAMES} frames")
                buf = io.BytesIO()
                frame.convert("L").save(buf, format="PNG")
                out.append(buf.getvalue())
            return out
    except Image.DecompressionBombError as e:
        raise UnsafeFile(source, f"image too large to open safely ({e})") from e
    except (UnidentifiedImageError, OSError, SyntaxError) as e:
        raise CorruptFile(source, f"not a readable image ({e})") from e


def convert(data: bytes, source: str) -> Document:
    """An image file's bytes → ``Document`` by OCR, each frame a page."""
    pages = ocr.ocr_pages(frames_as_png(data, source), source)
    text, starts = assemble([p.text for p in pages])
    if not text.strip():
        raise EmptyFile(source, "OCR found no text in the image")
    return Document(source=source, format="image", text=text, pages=starts,
                    conversion=Conversion(converter="tesseract", ocr=True,
                                          ocr_engine=f"tesseract {ocr.LANG}",
                                          ocr_confidence=ocr.mean_confidence(pages)))
