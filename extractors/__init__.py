"""cchc's extractors: rules over Vietnamese official text, one module per category.

Public API:

- ``extract(text_or_document) -> Extraction``: every category of the contract.
- ``nlp()``: the same extractors as a spaCy ``Language``, facts in ``doc.spans``.
- ``EXTRACTOR_VERSION``: digest of the rules, stored beside every document's facts.
"""

from extractors.core import STAGES, extract
from extractors.version import EXTRACTOR_VERSION


def nlp(with_people: bool = True):
    """A spaCy ``Language`` whose components put each category's facts in ``doc.spans``."""
    from extractors.spacy_pipeline import nlp as _nlp

    return _nlp(with_people)


__all__ = ["EXTRACTOR_VERSION", "STAGES", "extract", "nlp"]
