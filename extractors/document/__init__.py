"""The document's own metadata: kind, number, date, issuer, province, title, signer."""

from extractors.document.find import extract

__all__ = ["extract"]
