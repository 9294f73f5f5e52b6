"""Character error rate of OCR against a gold transcript, the measure of ``bench_convert``
and of the tests that hold OCR to a quality floor.

    >>> cer("Lâm Đòng, ngày 27/ 11/2024", "Lâm Đồng, ngày 27/11/2024")
    0.08

White space is collapsed first (a line broken elsewhere is layout, not a reading error);
every other character counts: a lost tone mark ("Đòng" for "Đồng") is one error, as a
lost digit is.
"""

from __future__ import annotations

import re

import numpy as np


def levenshtein(a: str, b: str) -> int:
    """Edit distance, one row at a time with numpy: the insertions along a row are a
    running minimum (``np.minimum.accumulate``), so a page of 3,000 characters takes
    milliseconds, not the seconds of a Python double loop."""
    if len(a) < len(b):
        a, b = b, a
    if not b:
        return len(a)
    codes_b = np.array([ord(c) for c in b], dtype=np.int64)
    steps = np.arange(len(b) + 1, dtype=np.int64)
    previous = steps.copy()
    for i, ch in enumerate(a, 1):
        substitute = previous[:-1] + (codes_b != ord(ch))
        row = np.empty_like(previous)
        row[0] = i
        row[1:] = np.minimum(previous[1:] + 1, substitute)
        # row[j] = min(row[j], row[k] + (j - k)) for k < j: a running minimum of row - j.
        row = np.minimum.accumulate(row - steps) + steps
        previous = row
    return int(previous[-1])


def squashed(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def cer(hypothesis: str, reference: str) -> float:
    """Edits to turn ``hypothesis`` into ``reference``, per reference character."""
    hyp, ref = squashed(hypothesis), squashed(reference)
    return round(levenshtein(hyp, ref) / max(1, len(ref)), 4)
