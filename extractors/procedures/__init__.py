"""Procedures: counts of administrative procedures (TTHC) by metric ("có 122 TTHC")."""

from extractors.procedures.find import extract

__all__ = ["extract"]
