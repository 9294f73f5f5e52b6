"""Make a page image what Tesseract reads best: seal-free, level, at its size, black on white.

A scan of a signed provincial letter is not a clean page. The red seal pressed over the
signer's title and the blue signature across it come out as "_—_—ƒ—_ỚPỚỚŸ" and can hide
"GIÁM ĐỐC" itself; a phone photo is tilted a degree or two, darker at one edge, at
150 dpi where Tesseract's Vietnamese model misreads "Lăk" as "Lãk". So before OCR:

1. ink of a colour (red and blue stamps, seals and signatures; official text is black) is
   painted white, while the page still has its colours;
2. the background is flattened (each pixel divided by the paper's local brightness), so
   one threshold fits the whole page;
3. the skew is measured (the angle whose row profile of ink is sharpest) and undone;
4. a page whose text is small (an x-height under 16 pixels: 12-point type at 150 dpi is
   13) is scaled up to an x-height of 20, one whose text is very large scaled down
   (Tesseract's LSTM reads about 16–36 px well; 12-point type at 300 dpi is about 24);
5. it is binarised with Otsu's threshold.

:func:`prepare` does all of it with numpy and Pillow and says what it measured.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageFilter

#: X-heights (pixels) Tesseract's LSTM reads well, and the one a page of smaller text is
#: scaled up to. Measured on the scan fixtures (whole page, PSM 3): the 150 dpi photo
#: (x-height 13) read with 1.0 % CER as it is and 0.13–0.26 % scaled 1.3–1.6 times (to
#: 17–21); the sealed page (x-height 17) with 0.2 % as it is and 1.2 % scaled 1.9 times;
#: the faded page (18) with 0.16 % as it is and 2.7 % scaled 1.6 times.
GOOD_X_HEIGHT = (16, 36)
TARGET_X_HEIGHT = 20
#: Ink whose channels differ by more than this (0–255) is a colour: a seal, a signature.
CHROMA = 70
#: Skew angles tried, in degrees either way (a scanner tilts a page a few degrees at most).
MAX_SKEW = 5.0


@dataclass(frozen=True)
class Prepared:
    """A page ready for OCR, and what was measured on the way."""

    image: Image.Image  # mode "L", 0 ink / 255 paper
    skew: float  # degrees the page was rotated back by
    scale: float  # factor the page was resized by
    x_height: float | None  # of the text before scaling, in pixels
    colour_pixels: int  # pixels of coloured ink removed
    gray: Image.Image | None = None  # the levelled, scaled page before binarisation

    def without_gray_seal(self, box: tuple[int, int, int, int]) -> Image.Image:
        """The binarised ``box`` of the page, with a seal scanned in gray left out if
        one lies there (see :func:`seal_threshold`); else the box as binarised."""
        crop = self.image.crop(box)
        if self.gray is None:
            return crop
        gray = np.asarray(self.gray.crop(box))
        cut = seal_threshold(gray)
        if cut is None:
            return crop
        return Image.fromarray(np.where(majority3(gray < cut), 0, 255).astype(np.uint8))


def seal_threshold(gray: np.ndarray) -> int | None:
    """The cut between black print and a seal scanned in gray, or None if no seal shows.

    A red seal scanned in grayscale is a mid gray (~120 of 255, the print ~20): Otsu
    makes both ink, and the ring, its lettering and its star go to Tesseract as letters.
    In a signature block the seal is a large part of all that is not paper, so a mass of
    mid-gray pixels larger than the black ones is a seal; the cut is the emptiest gray
    level between the print and it.

    >>> block = np.full((10, 100), 255, dtype=np.uint8); block[0, :10] = 20
    >>> block[1:4, :] = 125; seal_threshold(block) is not None, seal_threshold(block[4:])
    (True, None)
    """
    hist = np.bincount(gray.ravel(), minlength=256)[:256].astype(np.float64)
    dark, mid = hist[:80].sum(), hist[96:176].sum()
    if mid < 1.5 * dark or mid < 0.01 * gray.size:
        return None
    peak = 96 + int(np.argmax(hist[96:176]))
    smooth = np.convolve(hist, np.ones(9) / 9, mode="same")
    return 40 + int(np.argmin(smooth[40:peak]))


def drop_colour(image: Image.Image) -> tuple[Image.Image, int]:
    """Grayscale of ``image`` with its coloured ink painted white (seals are red, signatures
    blue; a black letter under a red seal stays dark, so it stays).

    >>> page = Image.new("RGB", (4, 1), "white"); page.putpixel((0, 0), (215, 30, 40))
    >>> page.putpixel((1, 0), (10, 10, 10)); gray, dropped = drop_colour(page)
    >>> np.asarray(gray).tolist(), dropped
    ([[255, 10, 255, 255]], 1)
    """
    if image.mode in ("L", "1", "I", "F", "I;16", "LA"):
        return image.convert("L"), 0
    image = image.convert("RGB")
    if not has_colour(image):
        return image.convert("L"), 0  # a gray page rendered in RGB: nothing to drop
    gray = np.asarray(image.convert("L")).copy()
    coloured = _colour(image)
    # JPEG blurs a stroke's edge into pale, less coloured pixels: take those beside a
    # coloured one too, unless they are dark (a black letter the seal lies on).
    coloured |= _dilate(coloured, 2) & (gray > 110)
    coloured &= gray < 255
    gray[coloured] = 255
    return Image.fromarray(gray), int(coloured.sum())


def has_colour(image: Image.Image) -> bool:
    """Whether an RGB page has coloured ink anywhere (looked for on a quarter-size copy,
    with a lower bar: a thin stroke pales when shrunk). A page without is sent gray."""
    small = image.reduce(4) if min(image.size) >= 64 else image
    return bool(_colour(small, CHROMA // 3).any())


def _colour(image: Image.Image, chroma: int = CHROMA) -> np.ndarray:
    """Pixels whose chroma (max − min of the channels: saturation × value) is over
    ``chroma``; Pillow's HSV conversion does the per-pixel work in C."""
    hsv = np.asarray(image.convert("HSV"))
    return hsv[..., 1].astype(np.uint16) * hsv[..., 2] > chroma * 255


def _dilate(mask: np.ndarray, radius: int) -> np.ndarray:
    """``mask`` grown by ``radius`` pixels each way (a square), by shifted ORs."""
    out = mask.copy()
    for d in range(1, radius + 1):
        out[:, d:] |= mask[:, :-d]
        out[:, :-d] |= mask[:, d:]
    grown = out.copy()
    for d in range(1, radius + 1):
        grown[d:] |= out[:-d]
        grown[:-d] |= out[d:]
    return grown


def flatten(gray: Image.Image) -> np.ndarray:
    """The page divided by its paper's brightness (a shadow or a yellowed edge goes white),
    8-bit. The paper is the brightest pixel near each point, smoothed."""
    small = gray.reduce(8) if min(gray.size) >= 64 else gray
    paper = small.filter(ImageFilter.MaxFilter(5)).filter(ImageFilter.GaussianBlur(4))
    paper = paper.resize(gray.size, Image.BILINEAR)
    page = np.asarray(gray, dtype=np.float32)
    page *= 255.0 / np.maximum(np.asarray(paper, dtype=np.float32), 32.0)
    return np.clip(page, 0, 255).astype(np.uint8)


def otsu(image: Image.Image) -> int:
    """Otsu's threshold of an 8-bit image: the cut that best separates ink from paper
    (a value below it is ink). Pillow counts the histogram in C."""
    hist = np.array(image.histogram()[:256], dtype=np.float64)
    weight = np.cumsum(hist)
    total = weight[-1]
    if total == 0:
        return 128
    means = np.cumsum(hist * np.arange(256))
    between = (means[-1] * weight - means * total) ** 2 / np.maximum(weight * (total - weight), 1)
    return int(np.argmax(between)) + 1


def _ink_points(ink: np.ndarray, most: int | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Rows and columns (from the page's centre line) of the ink, ``most`` of them at most."""
    ys, xs = np.nonzero(ink)
    if most is not None and len(ys) > most:
        pick = np.random.default_rng(0).choice(len(ys), most, replace=False)
        ys, xs = ys[pick], xs[pick]
    return ys.astype(np.float64), xs.astype(np.float64) - ink.shape[1] / 2


def _rows_at(ys: np.ndarray, xs: np.ndarray, degrees: float) -> np.ndarray:
    """Ink per row once the page is turned back by ``degrees`` (a shear: for a few
    degrees, as good as a rotation for counting rows, and no image is rotated)."""
    rows = np.round(ys + xs * math.tan(math.radians(degrees))).astype(np.int64)
    return np.bincount(rows - rows.min())


def skew_angle(ink: np.ndarray) -> float:
    """Degrees the text lines rise to the right (counter-clockwise positive): the angle at
    which the ink's row profile is sharpest, searched coarse then fine."""
    ys, xs = _ink_points(ink, 200_000)
    if len(ys) < 200:
        return 0.0

    def sharpness(degrees: float) -> float:
        hist = _rows_at(ys, xs, degrees)
        return float(np.dot(hist, hist))

    best = max(np.arange(-MAX_SKEW, MAX_SKEW + 0.01, 0.5), key=sharpness)
    best = max(np.arange(best - 0.5, best + 0.51, 0.1), key=sharpness)
    best = max(np.arange(best - 0.1, best + 0.101, 0.02), key=sharpness)
    return round(float(best), 2)


def x_height(ink: np.ndarray) -> float | None:
    """The x-height of the text, in pixels: the commonest length of the vertical runs of
    ink longer than a stroke is thick, which are the stems of the lower-case letters
    ("n", "m", "u", "i": most letters of a Vietnamese text; ascenders, capitals and
    descenders are longer and fewer). Weighted by length, so that the many short runs of
    horizontal strokes and tone marks do not outvote them. A tilt of a few degrees does
    not change a stem's length, so the page need not be levelled first."""
    columns = np.zeros((ink.shape[1], ink.shape[0] + 2), dtype=np.int8)
    columns[:, 1:-1] = ink.T
    edges = np.diff(columns, axis=1)
    lengths = np.nonzero(edges == -1)[1] - np.nonzero(edges == 1)[1]
    if len(lengths) < 500:
        return None
    stroke = int(np.argmax(np.bincount(lengths[lengths <= 60])))
    stems = lengths[(lengths >= max(4, 2.5 * stroke)) & (lengths <= 200)]
    if len(stems) < 200:
        return None
    weight = np.convolve(np.bincount(stems, weights=stems), np.ones(3) / 3, mode="same")
    return float(np.argmax(weight))


def majority3(ink: np.ndarray) -> np.ndarray:
    """A 3 × 3 median of a black-and-white page: ink where 5 of the 9 pixels around are
    ink (box sums by shifted adds, far cheaper than Pillow's general rank filter).

    >>> majority3(np.array([[0, 0, 0, 0], [0, 1, 0, 1], [0, 0, 1, 1]], dtype=bool)).tolist()
    [[False, False, False, False], [False, False, False, False], [False, False, False, False]]
    >>> majority3(np.ones((3, 3), dtype=bool))[1, 1]
    np.True_
    """
    counts = ink.astype(np.uint8)
    rows = counts.copy()
    rows[:, 1:] += counts[:, :-1]
    rows[:, :-1] += counts[:, 1:]
    box = rows.copy()
    box[1:] += rows[:-1]
    box[:-1] += rows[1:]
    return box >= 5


def prepare(image: Image.Image, max_pixels: int) -> Prepared:
    """The page ready for Tesseract (see the module's steps); never over ``max_pixels``."""
    gray, coloured = drop_colour(image)
    flat = flatten(gray)
    page = Image.fromarray(flat)
    ink = flat < otsu(page)
    if ink.mean() < 0.0005:  # a blank page: nothing to level or to scale
        return Prepared(page, 0.0, 1.0, None, coloured)
    angle = skew_angle(ink)
    height = x_height(ink)
    scale = 1.0
    if height is not None and height < GOOD_X_HEIGHT[0]:
        scale = min(3.0, TARGET_X_HEIGHT / height)
    elif height is not None and height > GOOD_X_HEIGHT[1]:
        scale = max(0.5, GOOD_X_HEIGHT[1] / height)
    width, tall = gray.size
    scale = min(scale, math.sqrt(max_pixels / max(1, width * tall)))
    del flat, ink
    if abs(angle) >= 0.05:  # turned before scaling up: fewer pixels to turn
        page = page.rotate(-angle, Image.BICUBIC, fillcolor=255)
    if abs(scale - 1.0) > 0.1:
        page = page.resize((max(1, round(width * scale)), max(1, round(tall * scale))),
                           Image.LANCZOS)
    else:
        scale = 1.0
    ink = np.asarray(page) < otsu(page)
    # Dust and sensor noise are single dots; a 3 × 3 median takes them and leaves strokes
    # (at the target size a stroke is 3 px or more; a 5 × 5 one ate tone marks: CER on
    # the sealed scan 1.2 % → 1.75 %).
    clean = Image.fromarray(np.where(majority3(ink), 0, 255).astype(np.uint8))
    return Prepared(clean, angle, round(scale, 3), height, coloured, gray=page)
