"""Periods as the days they cover, so one period written two ways is one key.

Dossier counts come with periods written as days ("01/01/2024 – 22/7/2024"), months
("6 tháng đầu năm 2024": 2024-01 to 2024-06) or years; the answers compare them by the
days they cover, as the contract's questions do: a period starting "2024-01" starts on
2024-01-01, one ending "2024-06" ends on 2024-06-30.

>>> first_day("2024-01"), last_day("2024-06"), last_day("2024")
('2024-01-01', '2024-06-30', '2024-12-31')
"""

from __future__ import annotations

import calendar
import re
from functools import lru_cache

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?$")


@lru_cache(maxsize=8192)
def _parts(value: str | None) -> tuple[int, int | None, int | None] | None:
    m = _ISO.match(str(value).strip()) if value else None
    if m is None:
        return None
    year, month, day = m.groups()
    return int(year), int(month) if month else None, int(day) if day else None


def first_day(value: str | None) -> str | None:
    """The first day an ISO date, month or year covers; other text is kept as written."""
    parts = _parts(value)
    if parts is None:
        return value or None
    year, month, day = parts
    return f"{year:04d}-{month or 1:02d}-{day or 1:02d}"


def last_day(value: str | None) -> str | None:
    """The last day an ISO date, month or year covers ("2023-02" → "2023-02-28")."""
    parts = _parts(value)
    if parts is None:
        return value or None
    year, month, day = parts
    month = month or 12
    if not 1 <= month <= 12:
        return value
    return f"{year:04d}-{month:02d}-{day or calendar.monthrange(year, month)[1]:02d}"


def as_of(doc_date: str | None) -> str | None:
    """The day an open-ended figure ("từ đầu năm đến nay") runs to: its document's date
    of issue, as stored ("2024-07-24", or "2024-01" where the day is blank)."""
    return doc_date or None


def year_of(value: str | None) -> int | None:
    """The year of an ISO date, month or year; None for anything else."""
    parts = _parts(value)
    return parts[0] if parts else None
