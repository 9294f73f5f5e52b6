"""The pieces of OCR that need no Tesseract: which words are noise, how a page is cleaned.

Words and confidences are as Tesseract reported them on scans of stamped letters.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image

from pipeline.convert import ocr_prep
from pipeline.convert.ocr import _is_noise


@pytest.mark.parametrize(("word", "conf", "noise"), [
    ("_—_—ƒ—_", 41.0, True),     # the edge of a seal
    ("ỚPỚỚŸ", 55.0, True),       # a seal's lettering: Ÿ is no Vietnamese letter
    ("|", 75.0, True),           # a ruled line's end
    ("¬", 92.0, True),
    ("Đồng", 55.0, False),       # an unsure word is still a word
    ("-", 75.0, False),          # a list dash
    ("+", 89.0, False),          # a list mark of CCHC reports
    ("27/11/2024", 40.0, False),
    ("VT,", 20.0, False),
    ("v.", 10.0, True),          # two characters at 10: a speck
])
def test_noise_words(word: str, conf: float, noise: bool) -> None:
    assert _is_noise(word, conf) is noise


def test_coloured_ink_is_painted_white_and_black_print_kept() -> None:
    page = Image.new("RGB", (40, 10), "white")
    for x in range(0, 10):
        page.putpixel((x, 5), (215, 30, 40))    # a red seal's ring
    for x in range(10, 20):
        page.putpixel((x, 5), (20, 40, 170))    # a blue signature
    for x in range(20, 30):
        page.putpixel((x, 5), (15, 5, 5))       # black print under the seal
    gray, dropped = ocr_prep.drop_colour(page)
    row = np.asarray(gray)[5]
    assert (row[:20] == 255).all() and (row[20:30] < 60).all()
    assert dropped == 20


def test_a_gray_seal_is_cut_from_the_print_only_where_it_outweighs_it() -> None:
    block = np.full((100, 100), 255, dtype=np.uint8)
    block[10:14, 10:60] = 20                    # a line of print
    block[30:60, 30:50] = 125                   # a ring of seal, scanned gray
    cut = ocr_prep.seal_threshold(block)
    assert cut is not None and 20 < cut < 125
    block[30:60, 30:50] = 255
    assert ocr_prep.seal_threshold(block) is None


def test_specks_go_and_strokes_stay() -> None:
    ink = np.zeros((20, 20), dtype=bool)
    ink[2, 2] = True                            # a speck
    ink[5:15, 8:11] = True                      # a stroke three pixels wide
    clean = ocr_prep.majority3(ink)
    assert not clean[2, 2] and clean[5:15, 9].all()


@pytest.mark.parametrize("degrees", [-3.0, -0.8, 0.0, 1.5, 4.0])
def test_skew_is_measured_from_the_lines(degrees: float) -> None:
    """Lines of dashes like words on a line, tilted; the angle comes back within 0.1°."""
    page = Image.new("L", (1200, 1200), 255)
    for y in range(200, 1000, 40):
        for x in range(150, 1050, 60):
            page.paste(0, (x, y, x + 45, y + 12))
    tilted = page.rotate(degrees, Image.BICUBIC, fillcolor=255)
    ink = np.asarray(tilted) < 128
    assert abs(ocr_prep.skew_angle(ink) - degrees) <= 0.1
