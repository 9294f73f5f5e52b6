"""Cut a page into the regions Nghị định 30/2020/NĐ-CP lays a document out in, for OCR.

The first page of a letter opens with two columns side by side: the issuing body and
"Số: 1688/SKHĐT-VP" on the left, the national motto and "Đăk Lăk, ngày 17 tháng 7 năm
2019" on the right. Its last page closes with two more: "Nơi nhận:" and the list of
recipients on the left, the signer's title, signature and name on the right. Read as one
block, Tesseract merges the columns line by line ("SỞ KẾ HOẠCH VÀ ĐẦU TƯ Độc lập - Tự do -
Hạnh phúc"), and the place and date come apart from "Số:". So a page is cut first:

- a *header* zone: the lines from the top that all leave one vertical gutter empty near
  the middle of the page, with ink on both sides of it; its left and right columns;
- a *signature* zone: the same, counted from the bottom;
- the *body*: everything between, full width.

Each region is read on its own (a column as one block of text, the body as a column of
lines), in reading order: left header column, right header column, body, "Nơi nhận", signer.
A page with no such zone (a middle page) is one body region.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

#: Page segmentation modes of Tesseract: 6 = one uniform block (a header column, a
#: signature column), 4 = one column of lines of varying size (the body).
PSM_BLOCK = 6
PSM_COLUMN = 4


@dataclass(frozen=True)
class Region:
    """A rectangle of the page (pixels, right and bottom exclusive) and how to read it."""

    name: str  # header-left, header-right, body, signature-left, signature-right
    box: tuple[int, int, int, int]  # left, top, right, bottom
    psm: int


def bands(ink: np.ndarray) -> list[tuple[int, int]]:
    """Rows of text: bands of rows with ink, a thin band (a line of tone marks above
    capitals) joined to the band just below it."""
    counts = ink.sum(axis=1)
    on = counts > 0
    raw: list[tuple[int, int]] = []
    start = None
    for y, lit in enumerate(on):
        if lit and start is None:
            start = y
        elif not lit and start is not None:
            raw.append((start, y))
            start = None
    if start is not None:
        raw.append((start, len(on)))
    if not raw:
        return []
    heights = sorted(b - t for t, b in raw)
    typical = heights[len(heights) * 3 // 4]
    out: list[tuple[int, int]] = []
    for top, bottom in raw:
        if out and (out[-1][1] - out[-1][0]) < 0.45 * typical and top - out[-1][1] < 0.5 * typical:
            out[-1] = (out[-1][0], bottom)
        else:
            out.append((top, bottom))
    # Specks: a band far smaller than a line, or with little ink, is not a line.
    return [(t, b) for t, b in out
            if b - t >= 0.3 * typical and ink[t:b].sum() > 0.25 * typical * typical]


def _inked_columns(ink: np.ndarray, window: int) -> np.ndarray:
    """Columns of a band that hold text: ink summed over ``window`` columns around each is
    more than a speck of dust has (dust in the gutter must not close it)."""
    per_column = ink.sum(axis=0).astype(np.int64)
    smoothed = np.convolve(per_column, np.ones(window, dtype=np.int64), mode="same")
    return smoothed > 2 * window


def _gutter(empty: np.ndarray, low: int, high: int, width: int) -> tuple[int, int] | None:
    """The widest run of empty columns within [low, high), if at least ``width`` wide."""
    best: tuple[int, int] | None = None
    start = None
    for x in range(low, high + 1):
        free = x < high and bool(empty[x])
        if free and start is None:
            start = x
        elif not free and start is not None:
            if x - start >= width and (best is None or x - start > best[1] - best[0]):
                best = (start, x)
            start = None
    return best


def _zone(ink: np.ndarray, rows: list[tuple[int, int]], span: tuple[int, int],
          min_gap: int, window: int) -> tuple[int, int] | None:
    """How many of ``rows`` (from the first) share an empty gutter with ink on both sides,
    and the gutter's middle x; None if fewer than two rows do."""
    left, right = span
    low, high = left + (right - left) * 3 // 10, left + (right - left) * 7 // 10
    empty = np.ones(ink.shape[1], dtype=bool)
    count, split = 0, 0
    for top, bottom in rows:
        trial = empty & ~_inked_columns(ink[top:bottom], window)
        gutter = _gutter(trial, low, high, min_gap)
        if gutter is None:
            break
        empty, count, split = trial, count + 1, (gutter[0] + gutter[1]) // 2
    if count < 2:
        return None
    top = min(t for t, _ in rows[:count])  # rows run upwards for a signature block
    bottom = max(b for _, b in rows[:count])
    inked = _inked_columns(ink[top:bottom], window)
    if not inked[:split].any() or not inked[split:].any():
        return None
    return count, split


def regions(ink: np.ndarray, x_height: float = 25.0) -> list[Region]:
    """The page's regions in reading order (see the module's docstring)."""
    height, width = ink.shape
    rows = bands(ink)
    if not rows:
        return [Region("body", (0, 0, width, height), PSM_COLUMN)]
    window = max(3, int(x_height))
    cols = np.nonzero(np.logical_or.reduce([_inked_columns(ink[t:b], window) for t, b in rows]))[0]
    if len(cols) == 0:
        return [Region("body", (0, 0, width, height), PSM_COLUMN)]
    span = (int(cols[0]), int(cols[-1]) + 1)
    min_gap = max(8, int(2 * x_height))
    pad = max(2, int(0.4 * x_height))
    out: list[Region] = []
    body_top, body_bottom = 0, height
    head = _zone(ink, rows, span, min_gap, window)
    if head is not None:
        count, split = head
        bottom = min(height, rows[count - 1][1] + pad)
        out += [Region("header-left", (0, 0, split, bottom), PSM_BLOCK),
                Region("header-right", (split, 0, width, bottom), PSM_BLOCK)]
        body_top = bottom
        rows = rows[count:]
    tail = _zone(ink, rows[::-1], span, min_gap, window) if len(rows) >= 2 else None
    signature: list[Region] = []
    if tail is not None:
        count, split = tail
        top = max(body_top, rows[-count][0] - pad)
        signature = [Region("signature-left", (0, top, split, height), PSM_BLOCK),
                     Region("signature-right", (split, top, width, height), PSM_BLOCK)]
        body_bottom = top
    if body_bottom > body_top and ink[body_top:body_bottom].any():
        out.append(Region("body", (0, body_top, width, body_bottom), PSM_COLUMN))
    return out + signature
