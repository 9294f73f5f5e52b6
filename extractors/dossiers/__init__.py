"""Dossiers: one-stop-shop counts by status ("tiếp nhận 8.586 hồ sơ", "không có hồ sơ trễ
hẹn"), with agency (``agencies``), level and period, in prose, breakdowns (``breakdown``)
and tables (``tables``); metric phrases in ``metrics``.
"""

from extractors.dossiers.find import extract

__all__ = ["extract"]
