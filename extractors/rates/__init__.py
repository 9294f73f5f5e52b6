"""Rates: percentages about procedures, dossiers, satisfaction and e-government
("tỷ lệ hồ sơ giải quyết đúng hạn đạt 99,8%")."""

from extractors.rates.find import extract

__all__ = ["extract"]
