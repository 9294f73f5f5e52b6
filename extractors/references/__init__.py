"""References: other documents cited by number ("Quyết định số 1009/QĐ-UBND ngày 04/5/2019")."""

from extractors.references.find import drop_own_number, extract

__all__ = ["drop_own_number", "extract"]
