"""The text layer every extractor reads: one offset-preserving view of the NFC text
(``view``: folded spellings, "Ðà Nẵng" → "Đà Nẵng" at the same offsets), compiled data
patterns (``patterns``), literal prefix trees (``trie``) and Vietnamese numbers
(``numbers``: "8.586" → 8586, "8,75" → 8.75).

Nothing here knows a fact category; every subpackage may import it.
"""

from extractors.text.view import TextView, fold, nfc

__all__ = ["TextView", "fold", "nfc"]
