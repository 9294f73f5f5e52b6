"""Read the signature block at the end of an administrative document.

Nghị định 30/2020/NĐ-CP puts the signer's authority and position above the name: a
deputy signs "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Nguyễn Văn Luận" (ký thay), a chief of staff
"TL. GIÁM ĐỐC / CHÁNH VĂN PHÒNG" (thừa lệnh), a collective body "TM. ỦY BAN NHÂN DÂN /
KT. CHỦ TỊCH / PHÓ CHỦ TỊCH". The position that counts is the signer's own (the last
line), without "KT."/"TL."/"TM."/"TUQ.". Between position and name come blank lines, a
"(Đã ký)" or markdown bold; the "Nơi nhận:" list sits before or beside the block, and
converted files often flatten it all onto one line.

The people extractor reuses this: the extraction context reads the block once
(``Context.signature``) for both.

>>> s = parse_signature(TextView("…./.\\n\\nKT. GIÁM ĐỐC\\nPHÓ GIÁM ĐỐC\\n\\nNguyễn Văn Luận"))
>>> s.name, s.position
('Nguyễn Văn Luận', 'Phó Giám đốc')
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import cache

import regex

from extractors.text.patterns import load_data, patterns
from extractors.text.prefilter import (
    case_blind,
    matches_from,
    openers,
    page_case_blind,
    starts_of,
)
from extractors.text.view import TextView, squash

TAIL_CHARS = 3000  # with no "Nơi nhận:", the block is within the last 3000 characters
_MANDATE = r"(?:(?P<mandate>KT|TL|TUQ|TM|Q|QUYỀN)\s*\.\s*)"
# Between position and name: blank lines, "(Đã ký)", a signature image, and in flattened
# blocks the rest of the "Nơi nhận:" list ("- Lưu: VT, VP.").
_SKIP = (r"(?:[\s*#_|]|\((?i:đã\s+ký[^)\n]{0,30}|ký[^)\n]{0,30})\)|(?i:đã\s+ký)"
         r"|!\[[^\]\n]*\]\([^)\n]*\)|\[(?i:daky|chữ\s+ký)\]|(?<=\n)[ \t]*[-+•][^\n]{0,120})*")
# "GIÁM ĐỐC SỞ NỘI VỤ": a position may name its body; that is not the signer's name.
_QUALIFIER = (r"(?:[ ]+(?:SỞ|UBND|ỦY\s+BAN|BAN|PHÒNG|CHI\s+CỤC|CỤC|TRUNG\s+TÂM|VĂN\s+PHÒNG"
              r"|HỘI\s+ĐỒNG|BỘ)(?:[ ]+[\p{Lu}&-]+)*)?")
# A name is one line, or two when a narrow cell or a PDF broke it ("**Trần" / "Chí Hùng**",
# "Nguyễn Văn" / "Luận"): one or two words, one line break, the rest of the name.
_BREAK = r"[ \t*_]*\n[ \t*_]*"
_NAME = (r"(?P<name>\p{Lu}\p{Ll}+(?:[ ]+\p{Lu}\p{Ll}*)?" + _BREAK
         + r"\p{Lu}\p{Ll}*(?:[ ]+\p{Lu}\p{Ll}*){0,2}"
         r"|\p{Lu}{2,}(?:[ ]+\p{Lu}{2,})?" + _BREAK + r"\p{Lu}{2,}(?:[ ]+\p{Lu}{2,}){0,2}"
         r"|\p{Lu}\p{Ll}+(?:[ ]+\p{Lu}\p{Ll}*){1,4}"
         r"|\p{Lu}{2,}(?:[ ]+\p{Lu}{1,}){1,4})(?=[ \t*_|]*(?:\n|$))")


@dataclass(frozen=True)
class Signature:
    """Who signed and as what, with the spans they were read from."""

    name: str | None
    name_span: tuple[int, int] | None
    position: str | None
    position_span: tuple[int, int] | None
    mandate: str | None = None  # "KT", "TL", "TM", "TUQ" or None


@cache
def _positions() -> dict[str, str]:
    """UPPER CASE position → normal case ("CHÁNH VĂN PHÒNG" → "Chánh Văn phòng")."""
    return {p.upper(): p for p in load_data("document")["words"]["positions"]}


@cache
def _item_res() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """Position items: upper case anywhere (flattened lines), any case alone on a line."""
    alt = "|".join(regex.escape(p).replace(r"\ ", r"\s+")
                   for p in sorted(_positions(), key=len, reverse=True))
    pos = rf"(?P<pos>(?:PHÓ\s+)?(?:{alt}))(?![\p{{L}}])"
    upper = regex.compile(rf"(?<![\p{{L}}]){_MANDATE}?{pos}{_QUALIFIER}")
    line = regex.compile(rf"(?<![^\n])[ \t*#_]*(?i:{_MANDATE}?{pos}){_QUALIFIER}[ \t*#_]*(?=\n|$)")
    return upper, line


@cache
def _flat_res() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """A block in title case flattened onto one line ("KT. Giám đốc Phó Giám đốc Nguyễn
    Văn Luận"): a position in any case right after "KT."/"TL."/"TM.", and the signer's
    own position right after that one."""
    alt = "|".join(regex.escape(p).replace(r"\ ", r"\s+")
                   for p in sorted(_positions(), key=len, reverse=True))
    pos = rf"(?P<pos>(?i:(?:PHÓ\s+)?(?:{alt})))(?![\p{{L}}])"
    after_mandate = regex.compile(rf"(?<![\p{{L}}]){_MANDATE}{pos}")
    own = regex.compile(rf"(?:[ \t*_]|\((?i:đã\s+ký)\))+(?P<mandate>(?!)x)?{pos}")
    return after_mandate, own


#: The mandates' first letters, as the items' patterns write them (``_MANDATE``).
_MANDATE_HEADS = ("KT", "TL", "TU", "TM", "Q")


def _lead(word: str) -> str:
    """What ``word`` opens with as the items' patterns write it: its first two letters,
    or its first where a space follows (``\\s+`` there) or it has one ("Q")."""
    return word[:2] if len(word) > 1 and not word[1].isspace() else word[:1]


@cache
def _starts() -> re.Pattern[str]:
    r"""Where an upper-case item can begin: the first two letters of a mandate, "PHÓ" or
    a position (one letter where a space follows it). A place inside one of these is
    after a letter, where the items' ``(?<![\p{L}])`` fails.

    A flattened block's mandate ("KT. Giám đốc …") begins at one of these places too,
    with a mandate's letters (``_MANDATE_HEADS``, heads themselves): the places of one
    scan serve both patterns.

    A lead of one letter is a word of one letter ("Q." of a mandate) or one a space
    follows: in every item it stands before a character that is no word character, so
    it is a place only there (``(?!\w)``). "Q" opens two thirds of a zone's places
    otherwise ("Quyết định", "Quy chế", "QĐ-UBND": ~4.5 a page), where each pattern
    was tried and failed; "QUYỀN" has its own lead, "QU"."""
    words = [*_MANDATE_HEADS, "QUYỀN", "PHÓ", *_positions()]
    heads = {_lead(w) for w in words}
    return re.compile("|".join(re.escape(w) + (r"(?!\w)" if len(w) == 1 else "")
                               for w in sorted(heads, key=len, reverse=True)))


def line_item_leads() -> list[str]:
    """What a line item opens with, case-blind as ``case_blind`` writes it: a mandate's,
    "PHÓ"'s or a position's first word ("kt", "phó", "giám" of "GIÁM ĐỐC"). The item
    pattern writes each word whole, so a line opening with "Theo", "Hiệu quả" or "Quy
    chế" is not tried for "THỦ TRƯỞNG", "HIỆU TRƯỞNG" or "Q." (two letters let through
    ~5 lines a zone, almost none an item)."""
    words = ["KT", "TL", "TUQ", "TM", "Q", "QUYỀN", "PHÓ", *_positions()]
    return sorted({case_blind(w.split()[0]) for w in words}, key=len, reverse=True)


@cache
def _line_item_at() -> re.Pattern[str]:
    r"""A line break, the marks a line item may open with ("**", "#", spaces), then what
    its words open with (``line_item_leads``; a word of one letter, "q" of "Q.", only
    before a character that is no word character, as ``\s*\.`` follows it in the
    pattern): in the case-blind zone, where a line item can begin."""
    leads = "|".join(re.escape(w) + (r"(?!\w)" if len(w) == 1 else "")
                     for w in line_item_leads())
    return re.compile(rf"\n[ \t*#_]*(?:{leads})")


def _line_item_starts(f: str, start: int, end: int, blind: str | None = None) -> list[int]:
    """The line starts in ``[start, end)`` where a line item can begin (``_line_item_at``):
    most lines of a block's zone ("- Như trên;", "Lưu: VT") are passed over by one scan
    in C instead of the item pattern being tried at each. ``blind`` is ``case_blind(f)``
    when the caller has it (the page's, ``page_case_blind``: lower-casing the zone here
    cost ~0.015 ms a page); the text's first line, with no break before it, is kept
    as it is."""
    if blind is None:
        blind = case_blind(f)
    found = [0] if start == 0 else []
    found += [m.start() + 1 for m in _line_item_at().finditer(blind, max(start - 1, 0), end)]
    return found


@cache
def _skip_name() -> regex.Pattern[str]:
    """What may stand between a position and its signer, then the signer's name."""
    return regex.compile(_SKIP + _NAME)


def parse_signature(view: TextView) -> Signature | None:
    """The signature block of ``view``, or None when there is none (a news article)."""
    return _parse(view)


_RECIPIENTS_LABEL = patterns("document")["signature.recipients"].regex
_RECIPIENTS = patterns("document")["signature.recipients_words"]
#: The word "Nơi nhận" opens with ("nơi"), case-blind: where the words are tried.
_RECIPIENTS_OPENERS = openers(_RECIPIENTS.source, _RECIPIENTS.regex.flags) or ()
assert _RECIPIENTS_OPENERS, "signature.recipients_words must open with a word"


def _zone(view: TextView) -> tuple[int, int]:
    f = view.folded
    # The label "Nơi nhận:" in the last three fifths; else anywhere, as a long annex (the
    # "Quy chế" a quyết định issues) puts the block early and may say "nơi nhận hồ sơ";
    # else the words without a colon, as flattened blocks write them.
    # One scan of the page, for the words: every label is the words followed by its
    # colon, and no match of either can begin inside another ("nơi" opens each), so the
    # labels are the words' places where the label matches, and those past a point are
    # what a scan from there finds. The words are tried only where "nơi" is written
    # (``starts_of``: a find in the case-blind page), not searched for through the page.
    words = list(matches_from(_RECIPIENTS.regex, f, starts_of(view, _RECIPIENTS_OPENERS)))
    labels = [m for m in (_RECIPIENTS_LABEL.match(f, w.start()) for w in words) if m]
    late = len(f) * 2 // 5
    anchors = ([m for m in labels if m.start() >= late] or labels
               or [m for m in words if m.start() >= late])
    if anchors:
        at = anchors[-1].start()
        return max(0, at - 1500), min(len(f), at + 2500)
    # No "Nơi nhận": the block follows the body's closing "./.", even when a republisher's
    # footer runs on for pages after it; else it is in the tail.
    closing = f.rfind("./.")
    if closing >= 0 and closing < len(f) - TAIL_CHARS:
        return closing, min(len(f), closing + TAIL_CHARS)
    return max(0, len(f) - TAIL_CHARS), len(f)


def _parse(view: TextView) -> Signature | None:
    start, end = _zone(view)
    f = view.folded
    upper, line = _item_res()
    # Each pattern is tried only where it can begin (``matches_from``): an upper-case
    # item at its first letters, a line item at a line start, a mandate at "KT", "TL" …
    # (those of the items' places that open with a mandate's letters).
    heads = [m.start() for m in _starts().finditer(f, start, end)]
    line_starts = _line_item_starts(f, start, end, page_case_blind(view))
    found = {(m.start(), m.end()): m for m in itertools.chain(
        matches_from(upper, f, heads, start, end),
        matches_from(line, f, line_starts, start, end))}
    after_mandate, own = _flat_res()
    mandates = [at for at in heads if f.startswith(_MANDATE_HEADS, at)]
    for m in matches_from(after_mandate, f, mandates, start, end):
        found.setdefault((m.start(), m.end()), m)
        nxt = own.match(f, m.end(), end)
        if nxt:
            found.setdefault((nxt.start("pos"), nxt.end()), nxt)
    items = sorted(found.items())
    spans = [span for span, _ in items]
    # "PHÓ CHI CỤC TRƯỞNG" also holds "CỤC TRƯỞNG": keep only the outermost items.
    matches = [m for span, m in items
               if not any(o != span and o[0] <= span[0] and span[1] <= o[1] for o in spans)]
    for i in range(len(matches) - 1, -1, -1):
        name = _skip_name().match(f, matches[i].end(), end)
        if not name or _is_position(name.group("name")):
            continue
        return _build(view, matches[: i + 1], name)
    return None


def _is_position(s: str) -> bool:
    return bool(_position_re().match(s.upper()))


@cache
def _position_re() -> regex.Pattern[str]:
    """A position at the start of an upper-cased name ("PHÓ GIÁM ĐỐC"), which is not a
    signer: compiled once (``regex.match`` of the source looked its cache up each call,
    ~10 µs)."""
    return regex.compile(r"(?:PHÓ\s+)?(?:" + "|".join(_positions()) + ")")


_MARKS = regex.compile(r"[*_]")  # markdown's bold and italics in a name ("**Trần")


def _build(view: TextView, chain: list[regex.Match[str]], name: regex.Match[str]) -> Signature:
    last = chain[-1]
    pos_upper = squash(last.group("pos")).upper()
    deputy = pos_upper.startswith("PHÓ ")
    core = _positions().get(pos_upper[4:] if deputy else pos_upper, pos_upper.capitalize())
    mandate = last.group("mandate")
    if mandate == "KT" and not deputy:
        position: str | None = f"Phó {core}"  # "KT. GIÁM ĐỐC" with no line of its own
    elif mandate in ("TL", "TUQ") :
        position = None  # signed by someone whose own position is not written
    else:
        position = f"Phó {core}" if deputy else core
    if mandate is None and len(chain) > 1:
        prev = chain[-2]
        if last.start() - prev.end() < 40 and prev.group("mandate"):
            mandate = prev.group("mandate")
    raw = squash(_MARKS.sub(" ", name.group("name")))
    value = raw if not raw.isupper() else " ".join(w.capitalize() for w in raw.split())
    pa, pb, _ = view.span(last.start("pos"), last.end("pos"))
    return Signature(
        name=value,
        name_span=(name.start("name"), name.end("name")),
        position=position,
        position_span=(pa, pb) if position else None,
        mandate=mandate,
    )
