"""The words before a head: a window is searched for the cues only where it holds a word
one of them needs (``text.prefilter``), and every answer is the patterns' own."""

from __future__ import annotations

import pytest

from extractors.units import find

#: Windows of the few characters before a head, as the scan cuts them from real pages:
#: cues over a line break and runs of spaces ("một\nsố"), in capitals, after a dot
#: ("tp."), and words that only hold a cue's letters ("công", "thành", "ban").
WINDOWS = [
    ("chỉ đạo các ", find._PLURAL_OR_TITLE),
    ("phối hợp với một\nsố  ", find._PLURAL_OR_TITLE),
    ("giao CÁC ", find._PLURAL_OR_TITLE),
    ("do ông ", find._PLURAL_OR_TITLE),
    ("Đồng\nchí ", find._PLURAL_OR_TITLE),
    ("tại UBND xã ", find._PLACE_WORD),
    ("của TP. ", find._PLACE_WORD),
    ("THÀNH PHỐ\n", find._PLACE_WORD),
    ("công tác ", 0),
    ("thành lập ", 0),
    ("ban hành ", 0),
    ("không ", 0),
    ("Cuba ", find._PLURAL_OR_TITLE),  # "ba " ends it: the pattern has no edge before
    ("", 0),
]


@pytest.mark.parametrize(("before", "cue"), WINDOWS)
def test_cue_before(before: str, cue: int) -> None:
    assert find._cue_before.__wrapped__(before) == cue
    plural = bool(find._PLURAL.search(before) or find._TITLE.search(before))
    place = bool(find._place_word_regex().search(before))
    assert cue == (find._PLURAL_OR_TITLE if plural else find._PLACE_WORD if place else 0)


@pytest.mark.parametrize(("before", "start"), [
    ("gồm các ", 4),
    ("các\n", 0),
    ("NHỮNG  ", 0),
    ("gồm ", -1),
    ("cácphòng ", -1),
    ("khác ", -1),
])
def test_plural_end(before: str, start: int) -> None:
    m = find._PLURAL_END.search(before)
    assert find._plural_end.__wrapped__(before) == start == (m.start() if m else -1)


@pytest.mark.parametrize(("before", "leader"), [
    ("Giám đốc ", True),
    ("Phó Chủ tịch\n", True),
    ("Trưởng ", True),
    ("phối hợp với ", False),
    ("trưởng thành ", False),
    ("", False),
])
def test_leader_before(before: str, leader: bool) -> None:
    """"Giám đốc Sở": a leader's position is the pattern's own answer."""
    assert find._leader_before.__wrapped__(before) == leader == bool(
        find._leader_regex().search(before))
