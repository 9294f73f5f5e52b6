"""Dates: calendar dates written in the text ("ngày 17 tháng 7 năm 2019" → 2019-07-17) and
the reporting periods they open and close ("từ 01/01/2021 đến 31/8/2021", "6 tháng đầu
năm 2024"), which dossier counts carry.
"""

from extractors.dates.find import extract

__all__ = ["extract"]
