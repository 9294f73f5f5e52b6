"""References: other documents cited by number ("Quyết định số 1009/QĐ-UBND ngày 04/5/2019").

Public: ``extract`` (the stage), ``drop_own_number`` (the document's own number is no
reference) and ``number_key`` (the one key two spellings of a number share: "61/2018/NĐCP"
= "61/2018/NĐ-CP" = "61/2018/nd-cp"; the store's ``number_key`` columns are filled by it).
"""

from extractors.references.find import drop_own_number, extract
from extractors.references.keys import number_key

__all__ = ["drop_own_number", "extract", "number_key"]
