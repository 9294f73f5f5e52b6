"""What cchc knows about names: provinces and their 2025 successors (``gazetteer``), state
bodies and their abbreviations (``bodies``: "Sở KH&ĐT" → "Sở Kế hoạch và Đầu tư"),
districts and communes (``districts``, ``places``), and the casing of names set in
capitals (``casing``: "SỞ NỘI VỤ" → "Sở Nội vụ").

No fact category lives here; units, document, dossiers and the assessments all look names
up through it, and compare names through its one key, :func:`name_key` (``names``):
"UBND TP. Huế" and "Uỷ ban nhân dân thành phố Huế" are one name. The converters repair
OCR's tone marks against :func:`known_spellings` (``spellings``).
"""

from extractors.lexicon.names import name_key
from extractors.lexicon.spellings import known_spellings

__all__ = ["known_spellings", "name_key"]
