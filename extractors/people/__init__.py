"""People: named persons and their positions ("Ông Nguyễn Bá Chính, Giám đốc Sở Công
Thương"). Rules find where a name can be (``rules``, ``runs``); underthesea's tagger
(``ner``) decides where one is.
"""

from extractors.people.find import extract

__all__ = ["extract"]
