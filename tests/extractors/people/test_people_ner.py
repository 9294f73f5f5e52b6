"""``people_ner.tag`` is underthesea's ``ner``, with the CRF features built by our
``Featurizer``: the same features, so the same tags, on real sentences (names, numbers,
brackets and dashes, whose ``istitle`` underthesea_core's Rust featurizer reads
differently from the Python one the POS, chunk and NER models were trained with)."""

from __future__ import annotations

import pytest
from underthesea import ner

from extractors.people.ner import Featurizer, align, plain_end, tag, words
from extractors.text.view import TextView

SENTENCES = [
    "Ông Nguyễn Bá Chính, Giám đốc Sở Công Thương, nhấn mạnh: Chúng",
    "Chị Đỗ Thị Thu Nga, chuyên viên Văn phòng Sở Công Thương,",
    "Phó Chủ tịch UBND tỉnh Lạng Sơn Dương Xuân Huyên chủ trì hội nghị.",
    "Chủ đề công tác năm 2020: \"Huyện Đầm Hà tự hào tiến bước dưới cờ Đảng\" - Chào mừng "
    "kỷ niệm 90 năm Ngày thành lập Đảng Cộng Sản Việt Nam (03/02/1930 - 03/02/2020)",
    "Theo kết quả công bố, Chỉ số cải cách hành chính (PAR Index) năm 2022, Trà Vinh đứng "
    "thứ hạng 50/63 tỉnh, thành phố, với tổng số 83,00/100 điểm.",
    "Nhóm A là những địa phương có chỉ số từ 90% trở lên, gồm Quảng Ninh và Hải Phòng.",
    "Ông",
    "",
]


@pytest.mark.parametrize("text", SENTENCES)
def test_tag_is_underthesea_ner(text: str) -> None:
    assert tag(text) == tuple(tuple(t) for t in ner(text))


ROWS = [("Ông", "Nc"), ("Lê Văn", "Np"), ("10", "M")]

FEATURES = [
    # one word, before the sentence is BOS, after it EOS
    ("T[-2]", ["T[-2]=BOS", "T[-2]=BOS", "T[-2]=Ông"]),
    ("T[1]", ["T[1]=Lê Văn", "T[1]=10", "T[1]=EOS"]),
    # words joined by a space; a run reaching past the end is EOS
    ("T[-1,0]", ["T[-1,0]=BOS", "T[-1,0]=Ông Lê Văn", "T[-1,0]=Lê Văn 10"]),
    ("T[1,2]", ["T[1,2]=Lê Văn 10", "T[1,2]=EOS", "T[1,2]=EOS"]),
    # another column (the POS tag), and the functions
    ("T[0,1][1]", ["T[0,1][1]=Nc Np", "T[0,1][1]=Np M", "T[0,1][1]=EOS"]),
    ("T[0].lower", ["T[0].lower=ông", "T[0].lower=lê văn", "T[0].lower=10"]),
    ("T[0].istitle", ["T[0].istitle=True", "T[0].istitle=True", "T[0].istitle=False"]),
]


@pytest.mark.parametrize(("template", "expected"), FEATURES)
def test_featurizer(template: str, expected: list[str]) -> None:
    assert [f for f, in Featurizer([template])(ROWS)] == expected


@pytest.mark.parametrize("text", SENTENCES)
def test_featurizer_is_underthesea_word2features(text: str) -> None:
    """Every template of the POS, chunk and NER CRFs on underthesea's own rows of real
    sentences, one word to sixty: the strings its ``word2features`` builds, word by word
    (a run reaching before the first word BOS, past the last EOS)."""
    from underthesea.pipeline.ner.tagged_feature import word2features

    from extractors.people.ner import _taggers

    rows = [tuple(r) for r in ner(text)]
    for _, featurize in _taggers():
        template = [prefix[:-1] for prefix, *_ in featurize.parts]
        assert featurize(rows) == [word2features(rows, i, template) for i in range(len(rows))]


def test_featurizer_refuses_what_it_cannot_read() -> None:
    with pytest.raises(ValueError, match="not understood"):
        Featurizer(["T[0].is_in_dict"])


# Windows of real pages (seeds, and bulk pages quoted as inputs only: the expected end
# is underthesea's own, realigned), the window all of the text unless a "¦" marks its end.
PLAIN = [
    # syllables one space apart or right after a comma, nothing repeated: known
    ("Ông Nguyễn Bá Chính, Giám đốc Sở Công Thương, nhấn mạnh: Chúng", True),
    ("Chị Đỗ Thị Thu Nga, chuyên viên Văn phòng Sở Công Thương,", True),
    ("Từ Thái Lan, ông vừa vận động nhiều thanh niên Việt", True),
    ("Ông  Lê Hoà  Bình, Giám đốc", True),
    # a table's rows, one a line: a word across a line break is found in place, even
    # where its syllables come again further on ("1955 -\nGiám đốc", twice)
    ("Nguyễn Đức Nhanh\n1952 -\nGiám đốc Công an thành phố Hà Nội\n27\nTô Thường\n"
     "1955 -\nGiám đốc Công an tỉnh Hà Tây\n28\nVõ Trọng Thanh", True),
    # "|---|": "---" and "|" with no space between, "--- |" nowhere further on
    ("STT | Họ và tên | Nghề nghiệp |\n|---|---|---|\n| 01 | Trần Bá Dương |", True),
    ("**ĐỀ THI lớp 10 môn Tiếng Anh tại Phú Thọ 2025**", True),
    # the same window on its page: "*" and "*" again after white space ("**\n\n*Lưu
    # ý"), so a word "* *" could be found there: not shown
    ("**ĐỀ THI lớp 10 môn Tiếng Anh tại Phú Thọ 2025**¦\n\n*Lưu ý: Thông tin về", False),
    # "°", "′": not read case-blind by lower case
    ("Bí thư Tỉnh ủy | Lê Minh Ngân | ||\n| Địa lý | |||\nTọa độ: 22°21′46″B 103°15′58″Đ",
     False),
]


@pytest.mark.parametrize(("text", "known"), PLAIN)
def test_plain_end_is_where_the_words_end(text: str, known: bool) -> None:
    window, _, after = text.partition("¦")
    view = TextView(window + after)
    spans = align(view, 0, list(words(window)))
    end = plain_end(view, 0, len(window))
    assert (end is not None) == known
    if known and spans is not None:
        assert end == spans[-1][1]
