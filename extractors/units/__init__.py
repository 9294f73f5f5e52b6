"""Units: every named state body or internal unit ("Phòng Tổng hợp Quy hoạch"), listed once,
with its role where the text states it ("… chủ trì" → lead). The grammar of a unit name is
in ``grammar`` and ``heads``, naming and merging in ``names``, roles in ``roles``.
"""

from extractors.units.find import extract

__all__ = ["extract"]
