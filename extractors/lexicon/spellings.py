"""Names cchc knows the spelling of, as one list: for repairing text, not for finding facts.

OCR of a scan drops and swaps Vietnamese tone marks ("Lâm Đòng" for Lâm Đồng, "GIÁM ĐÓC"
for GIÁM ĐỐC); the converters restore them by comparing a phrase, marks aside, with the
names the lexicon already lists: the provinces of both generations and their variants, the
state bodies with their short forms and the offices named by level, and the positions that
head a body. Each list stays where it is maintained (``provinces.yaml``, ``bodies.yaml``).

>>> "Lâm Đồng" in known_spellings() and "Giám đốc" in known_spellings()
True
"""

from __future__ import annotations

from functools import cache

from extractors.lexicon import bodies, gazetteer


@cache
def known_spellings() -> tuple[str, ...]:
    """Every listed spelling of a province, a body or a leader's position, sorted."""
    names: set[str] = set()
    for province in gazetteer.provinces():
        names.add(province.name)
        names.update(province.variants)
    for body in bodies.bodies():
        names.add(body.name)
        names.update(body.short)
    names.update(bodies.standard_names())
    names.update(bodies.unit_words().get("leader_positions", ()))
    return tuple(sorted(names))
