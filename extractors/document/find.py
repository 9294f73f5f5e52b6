"""The document's own metadata: kind, number, date, issuer, province, title, signer.

An administrative document says who it is in its header and signature block (Nghị định
30/2020/NĐ-CP): ``header.py`` and ``signature.py`` read those. A news article has neither:
``news.py`` reads its headline, byline and author. What the file says about itself (a
DOCX's core properties, an HTML page's ``<title>`` and meta date, a listing's title: the
context's hints) never overrides the text: a hint's title or date fills only a field the
text leaves empty (its source's rule says ``hints.title``), and a hint never names a
signer — a Word file's author is whoever owned the copy of Word ("Administrator"), not
who signed. The province comes from the
strongest evidence there is, in this order: the header's body lines ("UBND TỈNH ĐẮK
LẮK", "UBND HUYỆN LỘC BÌNH"), the place-and-date line ("Đăk Lăk, ngày …", "Buôn Ma Thuột,
ngày …"), the site it was published on (``sct.dongthap.gov.vn``), a provincial
newspaper's byline tag ("(GLO)-"), the most frequent "tỉnh X" in the body, unambiguous
districts and communes (``places.py``), a newspaper's name, then bare names; it is spelt
as it was on the day of issue (before 1 July 2025, the old province; after, its successor).

>>> from extractors.context import Context
>>> meta = extract(Context("SỞ NỘI VỤ\\nSố: 12/TB-SNV\\nThái Bình, ngày 02 tháng 3 năm 2023"
...                        "\\n\\nTHÔNG BÁO\\nKết quả kiểm tra\\n\\nNội dung."))
>>> meta.kind.value, meta.number, meta.issued_date, meta.issuer, meta.province
('thong_bao', '12/TB-SNV', '2023-03-02', 'Sở Nội vụ', 'Thái Bình')
"""

from __future__ import annotations

from collections import Counter
from functools import cache
from typing import Any

import regex

from extractors.context import Context
from extractors.layout.header import Found, Header
from extractors.lexicon.casing import canonical_body, normal_case
from extractors.lexicon.gazetteer import (
    Mention,
    Province,
    province_by_slug,
    province_mentions,
    province_on,
    strong_mentions,
)
from extractors.lexicon.places import (
    DISTRICT,
    find_places,
    old_province,
    province_from_places,
    province_from_press,
    province_of_place_name,
)
from extractors.text.patterns import load_data, patterns
from extractors.text.view import TextView, fold, squash
from schemas import DocKind, DocumentMeta, FieldSource

_CENTRAL = patterns("document")["issuer.central"].regex
_SUBJECT_LINE = patterns("document")["kind.subject_line"].regex
_NOT_A_TITLE = patterns("document")["hint.not_a_title"].regex


def extract(ctx: Context) -> DocumentMeta:
    """Read the document's metadata from its header, signature block or news byline."""
    hints = dict(ctx.hints)
    header = ctx.header
    sig = ctx.signature
    table = ctx.doc_table
    kind = _kind(ctx, header, sig, table)
    fields: dict[str, Found] = {}
    if kind is DocKind.tin_bai:
        _news_fields(ctx, fields)
    else:
        _official_fields(ctx, header, sig, fields)
        _table_fields(table, fields)
    _hint_fields(ctx, hints, fields)
    province = _province(ctx, header, hints, fields.get("issued_date"), table)
    if province:
        fields["province"] = province
    values = {k: v.value for k, v in fields.items()}
    sources = {k: FieldSource(span=(v.start, v.end), quote=ctx.text[v.start:v.end],
                              rule=v.rule) for k, v in fields.items()}
    return DocumentMeta(kind=kind, sources=sources, **values)


def _kind(view: TextView, header: Header, sig: object, table: dict[str, Found]) -> DocKind:
    """Heading first; then a republisher's "Loại văn bản: Báo cáo"; then a "V/v" subject
    line makes a công văn; then the kind letters of the number ("Số: /KH-SCT", or the
    table's "Số hiệu: 47/BC-UBND"); a number alone makes a công văn; no header, no
    signature and no table make a news article."""
    if header.kind:
        return DocKind(header.kind.value)
    if "kind" in table:
        return DocKind(table["kind"].value)
    if header.title and _SUBJECT_LINE.search(
            view.folded[max(0, header.title.start - 12):header.title.start]):
        return DocKind.cong_van  # "V/v …": Cục Thuế's "5348/CT-CS" is no chỉ thị
    symbol = header.symbol
    if not symbol and "number" in table:
        symbol = (table["number"].value or "").split("/")[-1]
    if symbol:
        letters = symbol.split("-")[0]
        by_number = load_data("document")["number_kinds"]
        if letters in by_number:
            return DocKind(by_number[letters])
    if header.number_at is not None or (header.title and header.title.rule == "header.subject"):
        return DocKind.cong_van
    if header.bodies or header.date or sig or "number" in table:
        return DocKind.khac
    return DocKind.tin_bai


def _official_fields(view: TextView, header: Header, sig: Any, fields: dict[str, Found]) -> None:
    for name, part in (("number", header.number), ("issued_date", header.date),
                       ("title", header.title)):
        if part and part.value:
            fields[name] = part
    issuer = header.issuer
    if issuer is not None:
        fields["issuer"] = Found(normal_case(issuer.value or ""), issuer.start, issuer.end,
                                 issuer.rule)
    else:
        voice = _issuer_from_voice(view, header.end)
        if voice:
            fields["issuer"] = voice
    if sig and sig.name:
        fields["signer"] = Found(sig.name, *sig.name_span, "signature.name")
        if sig.position:
            fields["signer_position"] = Found(sig.position, *sig.position_span,
                                              "signature.position")


def _table_fields(table: dict[str, Found], fields: dict[str, Found]) -> None:
    """What the header and signature did not say, from a republisher's metadata table
    ("Số hiệu: | 47/BC-UBND", "Ngày ban hành: | 30/03/2020", "Người ký: | Trần Vĩnh
    Tuyến"). The table names no position: "Người ký" alone gives a signer without one."""
    for name in ("number", "issued_date", "signer"):
        if name not in fields and name in table:
            fields[name] = table[name]


def _news_fields(view: Context, fields: dict[str, Found]) -> None:
    news = view.news
    if news.headline:
        fields["title"] = news.headline
    if news.date:
        fields["issued_date"] = news.date
    if news.author:
        fields["signer"] = news.author


def _hint_fields(view: TextView, hints: dict[str, str], fields: dict[str, Found]) -> None:
    """The file's own title and date where the text gives none; never a signer.

    A DOCX titled "Microsoft Word - 1688.doc" or "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    names the file or its template, not the document (``hint.not_a_title``)."""
    title = squash(hints.get("title") or "")
    if "title" not in fields and title and not _NOT_A_TITLE.fullmatch(fold(title)):
        fields["title"] = _locate(view, title, "hints.title")
    date = _hint_date(squash(hints.get("date") or ""))
    if "issued_date" not in fields and date:
        fields["issued_date"] = _locate(view, date, "hints.date")


#: A hint's date as a web page or a DOCX gives it (compiled once: ``regex``'s cache of
#: patterns by string costs ~15 µs a call).
_ISO_HINT = regex.compile(r"((?:19|20)\d{2})-(\d{2})-(\d{2})")
_DMY_HINT = regex.compile(r"(\d{1,2})/(\d{1,2})/((?:19|20)\d{2})")


def _hint_date(value: str) -> str | None:
    """ "2024-07-24T08:17:00+07:00" or "24/07/2024 08:17" → "2024-07-24"."""
    if not value:
        return None
    m = _ISO_HINT.match(value)
    if m:
        return "-".join(m.groups())
    m = _DMY_HINT.search(value)
    return f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" if m else None


def _locate(view: TextView, value: str, rule: str) -> Found:
    """A hint's value, with its span where the text carries the same words (else empty)."""
    at = view.folded.find(fold(value)) if not rule.endswith("date") else -1
    if at >= 0:
        return Found(value, at, at + len(value), rule)
    return Found(value, 0, 0, rule)


@cache
def _voice_res() -> list[tuple[str, regex.Pattern[str]]]:
    """The closing and the own voice (document.yaml; ``{{body_names}}`` is the lexicon's
    list of a province's own bodies, imported from bodies.yaml)."""
    return [(pid, patterns("document")[pid].regex) for pid in ("issuer.closing", "issuer.voice")]


def _issuer_from_voice(view: TextView, body_start: int) -> Found | None:
    """The issuer of a text pasted without its header, from its own voice: the closing
    "Trên đây là … của Sở Công Thương", or "Sở X thông báo / xây dựng kế hoạch"."""
    f = view.folded
    for rule, rx in _voice_res():
        start = len(f) * 3 // 5 if rule == "issuer.closing" else body_start
        end = len(f) if rule == "issuer.closing" else min(len(f), body_start + 3000)
        m = rx.search(f, start, end)
        if m:
            a, b, quote = view.span(m.start("body"), m.end("body"))
            return Found(_canonical_voice(quote), a, b, rule)
    return None


def _canonical_voice(quote: str) -> str:
    """The body's standard name ("Sở Công\nThương" → "Sở Công Thương")."""
    return canonical_body(quote) or squash(quote)


def _province(view: Context, header: Header, hints: dict[str, str],
              date: Found | None, table: dict[str, Found]) -> Found | None:
    """The province by the strongest evidence, spelt as on the issue date: the header,
    a republisher's "Nơi ban hành", the site, a newspaper's byline tag, "tỉnh X"
    mentions, districts and communes, a newspaper's name, then bare province names."""
    chosen = _from_header(view, header)
    if chosen is None and header.bodies and _CENTRAL.match(fold(header.bodies[0].value or "")):
        return None  # a ministry's document belongs to no province
    evidence = (lambda: _from_table(view, table), lambda: _from_hints(hints),
                lambda: _from_press(view, False), lambda: _from_mentions(view, strong=True),
                lambda: _from_places(view),
                lambda: _from_press(view, True), lambda: _from_bare(view))
    for source in evidence:
        if chosen is not None:
            break
        chosen = source()
    if chosen is None:
        return None
    province, where = chosen
    on = date.value if date else None
    return Found(province_on(province, on).name, where.start, where.end, where.rule)


def _from_table(view: TextView, table: dict[str, Found]) -> tuple[Province, Found] | None:
    """ "Nơi ban hành: | Thành phố Hồ Chí Minh", "Cơ quan ban hành: | Tỉnh Sơn La"."""
    place = table.get("place")
    if place is None:
        return None
    for m in province_mentions(view.folded[place.start:place.end]):
        return m.province, Found(None, place.start + m.start, place.start + m.end,
                                 "province.table")
    return None


def _from_hints(hints: dict[str, str]) -> tuple[Province, Found] | None:
    for key in ("site", "url"):
        p = province_by_slug(hints[key]) if hints.get(key) else None
        if p:
            return p, Found(None, 0, 0, f"hints.{key}")
    return None


def _from_press(view: TextView, by_name: bool) -> tuple[Province, Found] | None:
    press = province_from_press(view, by_name)
    rule = "province.press_name" if by_name else "province.press"
    return press and (press[0], Found(None, press[1], press[2], rule))


def _from_places(view: Context) -> tuple[Province, Found] | None:
    """Unambiguous districts ("huyện Lộc Bình", "TP. Buôn Ma Thuột"), then communes —
    unless a bare province name is written more often than they are ("Đề thi vào 10 Hải
    Phòng" … "Hải Phòng" beats one "huyện Bắc Yên" quoted in a reading passage)."""
    found = province_from_places(view)
    if not found:
        return None
    bare = [m for m in _mentions(view) if not m.prefix]
    top = max(Counter(m.province.name for m in bare).values(), default=0)
    if top > found[2]:
        return None
    return found[0], Found(None, found[1].start, found[1].end, "province.places")


def _from_bare(view: Context) -> tuple[Province, Found] | None:
    return _from_mentions(view, strong=False)


def _mentions(view: Context) -> list[Any]:
    return view.province_mentions


def _strong(view: Context) -> list[Mention]:
    """The mentions after a strong word ("tỉnh X", "UBND TỈNH X"): those of the page's
    mentions where a stage has read them all, else read alone (a page with any is
    decided by them, and needs not the bare names, read from every capital)."""
    if "province_mentions" in view.__dict__:
        return [m for m in view.province_mentions if m.prefix]
    return view.memo(strong_mentions)


def _from_header(view: TextView, header: Header) -> tuple[Province, Found] | None:
    parts = [(b, "province.header_body") for b in header.bodies]
    if header.place and not (header.bodies and _CENTRAL.match(fold(header.bodies[0].value or ""))):
        parts.append((header.place, "province.place_date"))
    for part, rule in parts:
        for m in province_mentions(view.folded[part.start:part.end]):
            return m.province, Found(None, part.start + m.start, part.start + m.end, rule)
        found = _district_in(view, part.start, part.end, rule)
        if found:
            return found
    return None


def _district_in(view: TextView, start: int, end: int, rule: str) -> tuple[Province, Found] | None:
    """A district-level unit that names one province: "UBND HUYỆN LỘC BÌNH" (Lạng Sơn),
    "Buôn Ma Thuột, ngày 12 tháng 3 năm 2024" (Đắk Lắk)."""
    if rule == "province.place_date":
        province = province_of_place_name(view.text[start:end])
        if province:
            return province, Found(None, start, end, "province.place_district")
    for place in find_places(view.folded[start:end]):
        if place.level == DISTRICT and len(place.provinces) == 1:
            return old_province(place.provinces[0]), Found(
                None, start + place.start, start + place.end, rule + "_district")
    return None


def _from_mentions(view: Context, strong: bool) -> tuple[Province, Found] | None:
    """The most frequent "tỉnh X" / "thành phố X" mention (``strong``), or the most
    frequent bare name; the first mention of the winner is the evidence."""
    pool = _strong(view) if strong else [m for m in _mentions(view) if not m.prefix]
    if not pool:
        return None
    counts = Counter(m.province.name for m in pool)
    best = max(counts, key=lambda n: (counts[n], -next(
        i for i, m in enumerate(pool) if m.province.name == n)))
    first = next(m for m in pool if m.province.name == best)
    rule = "province.mention" if strong else "province.bare_mention"
    return first.province, Found(None, first.start, first.end, rule)
