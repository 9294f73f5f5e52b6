"""One key for a document's number: two ways of typing one number get the same key.

A number and symbol ("số và ký hiệu", Nghị định 30/2020/NĐ-CP) is typed many ways for the
same document. In the bundled corpus alone Nghị định 61/2018/NĐ-CP is cited as
"61/2018/NĐ-CP" and as "61/2018/NĐCP", and Kiên Giang's own Quyết định is headed
"1961/QĐUBND"; elsewhere a Latin eth stands for Đ ("2813/QÐ-UBND"), a Russian keyboard
leaves Cyrillic look-alikes ("30/2020/NĐ-СР"), a line break or a stray space splits it
("2768/UBND -TH"), and a reader types it without accents or in lower case
("61/2018/nd-cp"). Every place that asks "is this the same number?" — the document's own
number dropped from its references, a later mention lending its date to an earlier one,
the store's ``number_key`` columns that ``citations`` and ``documents_citing`` match on —
asks :func:`number_key`, so they cannot disagree.

>>> number_key("61/2018/NĐ-CP") == number_key("61/2018/NĐCP") == number_key("61/2018/nd-cp")
True
>>> number_key("1009 / QÐ - UBND")
'1009/QDUBND'

What the key equates:

- capitals and lower case; NFC, NFD and compatibility forms (NFKC: a full-width "／");
- the characters :func:`extractors.text.view.fold` unifies (the contract's look-alikes):
  "Ð" (eth) and "Ɖ" with "Đ", Cyrillic А В С Е Н К М О Р Т Х У with the Latin letters,
  dashes and the minus sign with "-", odd spaces with " "; and a few more look-alikes
  that :func:`fold` need not know because no rule runs on them (Cyrillic І Ј Ѕ, Greek
  capitals Α Β Ε Ζ Η Ι Κ Μ Ν Ο Ρ Τ Υ Χ);
- "Đ" and "D", and every other mark ("QĐ" = "QD", "BCĐ" = "BCD"): a reader searching a
  number may type it without accents, and no two symbols differ by a mark alone;
- spaces, line breaks, hyphens and soft hyphens anywhere ("NĐ-CP" = "NĐCP" = "NĐ - CP").

What it keeps apart: the digits, the slashes and every letter ("47/BC-UBND" ≠
"47/BC-UBND-VP", "25/2018" ≠ "25/2019", "35-CT/TU" ≠ "35/CT-TU").
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

import regex

from extractors.text.view import fold

#: Look-alike capitals beyond :func:`fold`'s, written as the Latin letter (the key is
#: upper-cased first, so "к", "н", "р" typed in lower case become capitals fold knows).
_MORE_LOOKALIKES = str.maketrans({
    "\u0406": "I", "\u0408": "J", "\u0405": "S",
    "\u0391": "A", "\u0392": "B", "\u0395": "E", "\u0396": "Z", "\u0397": "H",
    "\u0399": "I", "\u039a": "K", "\u039c": "M", "\u039d": "N", "\u039f": "O",
    "\u03a1": "P", "\u03a4": "T", "\u03a5": "Y", "\u03a7": "X",
    "\u0110": "D",  # Đ: not a letter with a mark, so NFD would keep it
})
#: What never tells two numbers apart: white space, hyphens (after ``fold``), soft hyphens.
_NOT_SIGNIFICANT = regex.compile(r"[\s\-\u00ad]+")


@lru_cache(maxsize=8192)
def number_key(number: str) -> str:
    """The key a cited or own number is compared and stored by: upper case, no marks,
    no spaces or hyphens, look-alike letters as Latin ones (see the module docstring).

    Remembered per number: a page cites "61/2018/NĐ-CP" again and again, and each key
    costs two normal forms and a fold (~10 µs), asked twice per reference.

    >>> number_key("2813/QÐ-UBND"), number_key("30/2020/NĐ-СР"), number_key("35-CT/TU")
    ('2813/QDUBND', '30/2020/NDCP', '35CT/TU')
    """
    plain = number.translate(_D_AS_LATIN)
    if plain.isascii():  # "1009/QĐ-UBND": no form, fold or mark changes an ASCII letter
        return _NOT_SIGNIFICANT.sub("", plain.upper())
    return full_key(number)


#: "Đ" and "đ" as the key writes them: with them so, most numbers are ASCII.
_D_AS_LATIN = str.maketrans("Đđ", "DD")


def full_key(number: str) -> str:
    """:func:`number_key` by every step: the normal forms, ``fold``, the look-alikes,
    the marks. An ASCII number (once "Đ" is "D") comes out of them upper-cased alone
    (``fold`` changes only a tab among ASCII characters, to a space the key drops), so
    :func:`number_key` upper-cases it without them (~10 µs a new number, ~1 µs so); the
    test compares both on the corpus's numbers."""
    text = fold(unicodedata.normalize("NFKC", number).upper()).translate(_MORE_LOOKALIKES)
    bare = "".join(c for c in unicodedata.normalize("NFD", text)
                   if not unicodedata.combining(c))
    return _NOT_SIGNIFICANT.sub("", bare)
