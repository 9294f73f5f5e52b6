"""What cchc knows about names: provinces and their 2025 successors (``gazetteer``), state
bodies and their abbreviations (``bodies``: "Sở KH&ĐT" → "Sở Kế hoạch và Đầu tư"),
districts and communes (``districts``, ``places``), and the casing of names set in
capitals (``casing``: "SỞ NỘI VỤ" → "Sở Nội vụ").

No fact category lives here; units, document, dossiers and the assessments all look names
up through it, and compare names through its one key, :func:`name_key` (``names``):
"UBND TP. Huế" and "Uỷ ban nhân dân thành phố Huế" are one name.
"""

from extractors.lexicon.names import name_key

__all__ = ["name_key"]
