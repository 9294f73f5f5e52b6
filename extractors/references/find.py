"""Documents cited by number: "Quyết định số 1009/QĐ-UBND ngày 04/5/2019 của UBND tỉnh
Đăk Lăk" → ``Reference(kind="Quyết định", number="1009/QĐ-UBND", date="2019-05-04",
issuer="UBND tỉnh Đăk Lăk")``.

Numbers follow Nghị định 30/2020/NĐ-CP: "N/KIND-ISSUER" ("86/QĐ-SCT"), "N/YYYY/KIND-ISSUER"
for normative documents ("30/2020/NĐ-CP"), "N/ISSUER-UNIT" for công văn ("1820/SCT-VP"),
and "N-KIND/ISSUER" for Party documents ("35-CT/TU"). The patterns are data
(``data/references.yaml``, kinds in ``data/doc_kinds.yaml``) run as one alternation.

- ``kind``: the abbreviation inside the number when it names a kind ("QĐ" → Quyết định),
  because the issuer typed it as the document's own kind; else the kind word written
  before the number ("công văn số", "Luật số"); else "Công văn" for the công văn shape.
  "văn bản số 12/KH-UBND" is therefore a Kế hoạch, "Thông báo kết luận số 5/TB-VPCP" a
  Thông báo.
- ``date``: the date directly after the number ("… số 86/QĐ-SCT ngày 18/8/2021"), read
  from ``found["dates"]``; a later mention's date fills an earlier mention's blank.
- ``issuer``: a bounded phrase after "của" ("… của Sở Công Thương về việc …").

The document's own number ("Số: 1688 /SKHĐT-VP" in the header) is not a reference, nor
anywhere else it reappears (a republisher's page title, a metadata table, an appendix
heading): :func:`drop_own_number` removes it once the ``document`` stage has read it.
"""

from __future__ import annotations

import bisect
from functools import cache, lru_cache
from typing import Any, NamedTuple

import regex

from extractors.context import Context
from extractors.lexicon.places import is_commune_2025
from extractors.references.keys import number_key
from extractors.text.patterns import load_data, patterns, word_lists
from extractors.text.view import TextView, squash
from schemas import DateFact, Reference

#: "Số:" this close to the start, or at a line start, introduces the document's own number.
HEADER_CHARS = 2000

_OWN_NUMBER = patterns("references")["ref.own_number"].regex  # "Số: 1688 /…"
_OWN_NUMBER_LINE = patterns("references")["ref.own_number_line"].regex  # a header line "Số 1688/…"
#: The letter both own-number patterns hold ("Số", "SỐ", matched case-sensitively).
OWN_NUMBER_LETTER = "S"
_DATE_GAP = patterns("references")["ref.date_gap"].regex
_ISSUER_LEAD = patterns("references")["ref.issuer_lead"].regex
#: a word ("D'Ran": an apostrophe between letters stays inside, as in unit.name_word), or
#: one other character
_TOKEN = regex.compile(r"[\p{L}\d&]+(?:'(?=\p{L})[\p{L}\d&]+)*|[^\s\p{L}\d&]")
_PLACE_NAME_WORD = regex.compile(r"\p{Lu}|\d")
MAX_ISSUER_WORDS = 12
#: How far before a number its kind word may start ("Luật Tổ chức chính quyền địa phương số").
KIND_WINDOW = 90
NUMBER_RULES = ("ref.party", "ref.symbol", "ref.year_only")
_NUMBER_PATTERNS = {pid: patterns("references")[pid].regex for pid in NUMBER_RULES}


@cache
def _tables() -> dict[str, Any]:
    kinds = load_data("doc_kinds")
    refs = word_lists(load_data("references"))
    return {
        "kinds": {k: str(v) for k, v in kinds["kinds"].items()},
        "abbr": {k: str(v) for k, v in kinds["abbreviations"].items()},
        "party": {k: str(v) for k, v in kinds["party_abbreviations"].items()},
        "issuer_kinds": {k: str(v) for k, v in kinds["issuer_kinds"].items()},
        "stop": set(refs["issuer_stop"]),
        "places": {p.split()[-1]: p for p in refs["place_words"]},
    }


def extract(ctx: Context) -> list[Reference]:
    """Every citation of a document by number, in text order, own number excluded.

    >>> from extractors.runner import run, select
    >>> v = Context("Thực hiện Kế hoạch số 2532/KH-SCT ngày 31/12/2020 của Sở Công Thương về …")
    >>> [(r.kind, r.number, r.date, r.issuer)
    ...  for r in run(v, stages=select("dates", "references")).references]
    [('Kế hoạch', '2532/KH-SCT', '2020-12-31', 'Sở Công Thương')]
    """
    if "/" not in ctx.folded:
        return []
    dates: list[DateFact] = ctx.need("dates")
    edges = _Edges([d.start for d in dates], [d.end for d in dates])  # once, not per number
    refs: list[Reference] = []
    for m, rule in _numbers(ctx):
        ref = _reference(ctx, m, rule, dates, edges)
        if ref is not None:
            refs.append(ref)
    return _fill_from_other_mentions(refs)


def _numbers(view: TextView) -> list[tuple[regex.Match[str], str]]:
    """Every number of every shape, in text order (one scan per shape: faster than one
    alternation); a shape's match inside an earlier shape's is dropped.

    The page is not asked for the shapes' words first (``Pattern.scan``): every bulk page
    with a "/" has one of the Party kinds' 18 two-letter words ("kl", "nq" … "kh", "ct")
    and "19" or "20", and finding the first of them cost more than a scan (0.034 ms a
    page against 0.021)."""
    folded = view.folded
    found = sorted(((m, pid) for pid in NUMBER_RULES
                    for m in _NUMBER_PATTERNS[pid].finditer(folded)),
                   key=lambda x: (x[0].start(), -x[0].end()))
    out: list[tuple[regex.Match[str], str]] = []
    for m, pid in found:
        if not out or m.start() >= out[-1][0].end():
            out.append((m, pid))
    return out


class _Edges(NamedTuple):
    """Where the page's dates start and end (sorted, as ``dates`` is, for ``bisect``):
    listed once per page, not once per number."""

    starts: list[int]
    ends: list[int]


def _reference(
    view: TextView, m: regex.Match[str], rule: str, dates: list[DateFact],
    edges: _Edges | None = None,
) -> Reference | None:
    num_start, num_end = m.span()
    if _is_own_number(view, num_start):
        return None
    if _window_match(view, "ref.not_document", num_start):
        return None  # "Mẫu số 11/ĐK": a form, not a document
    before = _window_match(view, "ref.kind_before", num_start)
    kind_word = _kind_word(view, before)
    has_so = before is not None and before.group("so") is not None
    if rule == "ref.year_only" and (kind_word is None or "số" not in before.group(0).casefold()):
        return None  # "25/2018" is a reference only as "Quyết định số 25/2018"
    number = "".join(m.group(0).split())
    kind = kind_of(number, kind_word, rule)
    if kind_word is None and not has_so and not _is_full_symbol(number, rule):
        return None  # "12/SNV" alone, with neither a kind word nor "số": too weak
    start = before.start("kind") if kind_word else num_start
    a, b, quote = view.span(start, num_end)
    date, after = date_after(view, dates, num_end, starts=edges and edges.starts)
    issuer = issuer_after(view, after)
    if date is None:
        date, issuer_before = date_before(view, dates, start, ends=edges and edges.ends)
        issuer = issuer or issuer_before
    return Reference(kind=kind, number=number, date=date, issuer=issuer,
                     span=(a, b), quote=quote, rule=rule)


def _window_match(view: TextView, pid: str, start: int) -> regex.Match[str] | None:
    """What is written right before a number ("Quyết định số ", "Mẫu số "), by pattern.

    The window patterns end in ``\\Z`` and their data declares ``REVERSE``: searched right
    to left, one attempt at the window's end instead of one per position (7x faster, same
    matches on the bulk pages)."""
    return _WINDOWS[pid].search(view.folded, max(0, start - KIND_WINDOW), start)


_WINDOWS = {pid: patterns("references")[pid].regex
            for pid in ("ref.not_document", "ref.kind_before")}


def _is_own_number(view: TextView, start: int) -> bool:
    """"Số: 1688 /SKHĐT-VP" heading the document (or "Số hiệu: …" on a legal database
    page) is the document's own number: "Số" with a capital and a colon right before the
    number, or a line opening with "Số" in the header. Citations write "… số 1688/…"
    (a wrapped line may open with "số", in lower case).
    """
    window = view.folded[max(0, start - 40):start]
    if OWN_NUMBER_LETTER not in window:
        return False  # most citations: no "Số" or "SỐ" before them, no search
    before = "\n" + window
    return bool(_OWN_NUMBER.search(before)) or (
        start < HEADER_CHARS and bool(_OWN_NUMBER_LINE.search(before)))


def _kind_word(view: TextView, m: regex.Match[str] | None) -> str | None:
    """The standard kind of the kind word before the number, if any ("công văn" → Công văn)."""
    if m is None:
        return None
    kind = m.group("kind")
    if kind is None:
        return None
    word = _kind_key(kind)
    if word == "luật" and view.folded[max(0, m.start("kind") - 5):m.start("kind")].casefold() \
            .rstrip().endswith("pháp"):
        return None  # "văn bản quy phạm pháp luật số …" names no law
    return _tables()["kinds"].get(word)


@lru_cache(maxsize=1024)
def _kind_key(kind: str) -> str:
    """A kind word as the table of kinds spells it: "Quyết\\nđịnh" → "quyết định" (a page
    writes the same few kinds again and again)."""
    return squash(kind).casefold()


def kind_of(number: str, kind_word: str | None, rule: str = "ref.symbol") -> str | None:
    """The standard kind of a cited number.

    >>> kind_of("86/QĐ-SCT", None), kind_of("2768/UBND-TH", None), kind_of("25/2018", "Quyết định")
    ('Quyết định', 'Công văn', 'Quyết định')
    >>> kind_of("35-TT/TU", None, "ref.party"), kind_of("47/2019/QH14", "Luật")
    ('Thông tri', 'Luật')
    """
    tables = _tables()
    if rule == "ref.party":
        abbrev = number.split("/")[0].split("-", 1)[1]
        return tables["party"].get(abbrev) or kind_word
    parts = number.split("/")
    symbol = parts[-1] if len(parts) > 1 else ""
    first = symbol.split("-")[0]
    if first in tables["abbr"] and (first != "L" or "-" in symbol):
        return tables["abbr"][first]
    if kind_word:
        return kind_word
    if rule == "ref.symbol" and len(parts) == 2 and first and not first[0].isdigit():
        return "Công văn"  # "1820/SCT-VP": ISSUER-UNIT, the shape of a công văn
    return tables["issuer_kinds"].get(first.rstrip("0123456789"))


def _is_full_symbol(number: str, rule: str) -> bool:
    """"2768/UBND-TH", "30/2020/NĐ-CP" or "35-CT/TU" stand alone; "12/SNV" does not."""
    return rule == "ref.party" or "-" in number.split("/")[-1] or number.count("/") == 2


def date_after(view: TextView, dates: list[DateFact], pos: int, *,
               starts: list[int] | None = None) -> tuple[str | None, int]:
    """The date written right after ``pos`` ("… 86/QĐ-SCT ngày 18/8/2021", "ban hành
    ngày …"), and where the citation ends; ``(None, pos)`` when none follows. ``starts``
    is ``[d.start for d in dates]`` when the caller already has it (one list per page,
    not one per number)."""
    i = bisect.bisect_left([d.start for d in dates] if starts is None else starts, pos)
    if i < len(dates):
        d = dates[i]
        # the distance first: most numbers are followed by no date for a long way
        if d.start - pos <= 40 and "-" not in d.value[8:] and _DATE_GAP.fullmatch(
                view.folded, pos, d.start):
            return d.value, d.end
    return None, pos


_NGAY_BEFORE = patterns("references")["ref.ngay_before"].regex


def date_before(view: TextView, dates: list[DateFact], start: int, *,
                ends: list[int] | None = None) -> tuple[str | None, str | None]:
    """The date and issuer of news phrasing "Ngày 28/3/2025, Bộ Nội vụ ban hành Quyết định
    số 268/QĐ-BNV": ``(date, issuer)`` when the citation at ``start`` is so introduced
    (``ends``: ``[d.end for d in dates]``, as ``starts`` of :func:`date_after`)."""
    i = bisect.bisect_right([d.end for d in dates] if ends is None else ends, start) - 1
    if i < 0 or start - dates[i].end > 90:
        return None, None
    d = dates[i]
    gap = patterns("references")["ref.date_before"].regex.match(view.folded, d.end, start)
    introduced = d.quote[:4].casefold() == "ngày" or _NGAY_BEFORE.search(
        view.folded, max(0, d.start - 6), d.start)
    if not gap or not introduced or "-" in d.value[8:]:
        return None, None
    return d.value, squash(view.text[gap.start("issuer"):gap.end("issuer")])


def issuer_after(view: TextView, pos: int) -> str | None:
    """The body named after "của": "của UBND tỉnh Đăk Lăk v/v …" → "UBND tỉnh Đăk Lăk".

    >>> issuer_after(TextView(" của Thanh tra tỉnh chỉ ra sai phạm"), 0)
    'Thanh tra tỉnh'
    >>> issuer_after(TextView(", của Ủy ban nhân dân tỉnh ban hành Quy chế"), 0)
    'Ủy ban nhân dân tỉnh'

    A place name keeps its apostrophe and a 2025 commune its number:

    >>> issuer_after(TextView(" của UBND huyện Ea H’leo về việc"), 0)
    'UBND huyện Ea H’leo'
    >>> issuer_after(TextView(" của UBND xã Đam Rông 3 về việc"), 0)
    'UBND xã Đam Rông 3'
    """
    if not _may_lead(view, pos):
        return None
    lead = _ISSUER_LEAD.match(view.folded, pos)
    if not lead:
        return None
    tables = _tables()
    end = min(len(view.folded), lead.end() + 160)
    tokens = _TOKEN.finditer(view.folded, lead.end(), end)  # read as far as the issuer goes
    words: list[regex.Match[str]] = []
    in_place = False
    after = next(tokens, None)
    while after is not None:
        tok, after = after, next(tokens, None)
        nxt = after.group(0).casefold() if after is not None else ""
        if _ends_issuer(view, tok, nxt, words, in_place, tables):
            break
        low = tok.group(0).casefold()
        if low in tables["places"] or (words and f"{words[-1].group(0).casefold()} {low}"
                                       in tables["places"].values()):
            in_place = True
        words.append(tok)
        if len(words) >= MAX_ISSUER_WORDS:
            break
    while words and words[-1].group(0).casefold() in {"-", "và", "&"}:
        words.pop()
    if not words:
        return None
    return squash(view.text[words[0].start():words[-1].end()])


def _may_lead(view: TextView, pos: int) -> bool:
    """Whether "của" opens the text at ``pos`` after spaces, commas and brackets, as it
    must for ``ref.issuer_lead`` to match (``folded_lower``: any case). Most citations
    are followed by no "của"; ``regex`` would look for the word through the rest of the
    page before failing (~8 µs a number)."""
    low = view.folded_lower
    if low is None:
        return True
    end = len(low)
    while pos < end and (low[pos].isspace() or low[pos] in ",)"):
        pos += 1
    return low.startswith("của", pos)


def _ends_issuer(view: TextView, tok: regex.Match[str], nxt: str, words: list,
                 in_place: bool, tables: dict[str, Any]) -> bool:
    word = tok.group(0)
    low = word.casefold()
    gap = view.folded[words[-1].end():tok.start()] if words else ""
    if "\n\n" in gap or (not word[0].isalnum() and word not in {"-", "&"}):
        return True  # punctuation: "," ";" "(" "." end the phrase
    stop, pair = tables["stop"], f"{low} {nxt}"
    if words and pair in stop:
        return True  # two-word stops in any case: "… Chính phủ Quy định chi tiết"
    if words and low in stop and (word == low or low in {"v", "về"}):
        return True
    if in_place and low not in tables["places"] and not _PLACE_NAME_WORD.match(word):
        return True  # "UBND tỉnh Đăk Lăk" + lower-case word: the name is over
    if low == "và" and not _starts_capital(view, tok.end()):
        return True
    if word.isdigit() and in_place and _numbered_commune(words, word, tables):
        return False  # "của UBND xã Đam Rông 3 về …": a 2025 commune's number
    return low in {"số", "ngày"} or word.isdigit()


def _numbered_commune(words: list[regex.Match[str]], number: str,
                      tables: dict[str, Any]) -> bool:
    """Whether the place name read so far and ``number`` name a commune since 2025."""
    name: list[str] = []
    for w in reversed(words):
        if w.group(0).casefold() in tables["places"]:
            break
        name.insert(0, w.group(0))
    return bool(name) and is_commune_2025(" ".join([*name, number]))


def _starts_capital(view: TextView, pos: int) -> bool:
    rest = view.folded[pos:pos + 40].lstrip()
    return bool(rest) and rest[0].isupper() and not _starts_kind_word(rest)


def _starts_kind_word(rest: str) -> bool:
    low = rest.casefold()
    return any(low.startswith(k + " ") for k in _tables()["kinds"] if len(k) > 3)


def _fill_from_other_mentions(refs: list[Reference]) -> list[Reference]:
    """A document cited twice keeps one date and issuer: a mention without them takes
    them from another mention of the same number, however typed ("61/2018/NĐ-CP ngày
    23/4/2018" lends its date to a later "61/2018/NĐCP")."""
    known: dict[str, dict[str, str]] = {}
    for r in refs:
        slot = known.setdefault(number_key(r.number), {})
        for attr in ("date", "issuer", "kind"):
            value = getattr(r, attr)
            if value and attr not in slot:
                slot[attr] = value
    out = []
    for r in refs:
        slot = known[number_key(r.number)]
        update = {a: slot[a] for a in ("date", "issuer", "kind") if not getattr(r, a) and a in slot}
        out.append(r.model_copy(update=update) if update else r)
    return out


def drop_own_number(refs: list[Reference], own: str | None) -> list[Reference]:
    """``refs`` without the document's own number, wherever it was written.

    The header's "Số: 47/BC-UBND" is skipped while reading, but the same number comes back
    where no header rule can see it: a republisher's page title ("Báo cáo 47/BC-UBND 2020
    kết quả …"), its metadata table ("Số hiệu: | 47/BC-UBND"), an appendix heading ("Phụ
    lục … kèm theo Quyết định số 2813/QĐ-UBND"). None of these cites another document, so
    once the ``document`` stage knows the number, the ``own_number`` stage
    (``extractors.runner``) drops every reference to it.
    """
    if not own:
        return refs
    key = number_key(own)
    return [r for r in refs if number_key(r.number) != key]
