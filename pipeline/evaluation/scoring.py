"""The contract's scoring rules, as a library: match predictions to gold per category.

The contract (``../shared/contract/README.md``) fixes how quality is measured, and its
``score.py`` is the reference; ``tests/test_eval.py`` checks that this module gives the
same numbers on the same files. It is a library here because ``cchc eval`` also needs
what the reference script does not give: for every miss, the nearest prediction and the
rule that fired, so a developer sees *why* "Sở Giao thông – Vận tải" was not matched.

Names are compared the contract's way: NFC, casefolded, old tone placement folded
("Uỷ ban" = "Ủy ban"), "UBND" = "Ủy ban nhân dân", a trailing place qualifier ignored.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

CATEGORIES = ("references", "dates", "scores", "rankings", "dossiers", "procedures",
              "rates", "units", "people")
CORE = ("references", "dates", "scores", "dossiers", "units")
DOC_FIELDS = ("kind", "number", "issued_date", "issuer", "province", "title", "signer",
              "signer_position")
MULTISET = frozenset({"dossiers", "procedures"})

_ABBREVIATIONS = (
    (r"\bubnd\b", "ủy ban nhân dân"), (r"\bhđnd\b", "hội đồng nhân dân"),
    (r"\btthc\b", "thủ tục hành chính"), (r"\bcchc\b", "cải cách hành chính"),
    (r"\btp\.?\s", "thành phố "), (r"\bsở tttt\b", "sở thông tin và truyền thông"),
)
_PLACE = r"(tỉnh|thành phố|huyện|quận|thị xã|xã|phường|thị trấn)"


# Old tone placement at the end of a word → new: "hoà" → "hòa", "Uỷ" → "Ủy" (not after q/g).
_OLD_TONE = {
    first + unicodedata.normalize("NFC", second + mark):
        unicodedata.normalize("NFC", first + mark) + second
    for first, second in (("o", "a"), ("o", "e"), ("u", "y"))
    for mark in ("\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
}


def _retone(word: str) -> str:
    low = word.lower()
    if len(low) >= 3 and low[-3] in "qg":
        return word
    new = _OLD_TONE.get(low[-2:])
    if new is None:
        return word
    first = new[0].upper() if word[-2].isupper() else new[0]
    second = new[1].upper() if word[-1].isupper() else new[1]
    return word[:-2] + first + second


def norm_text(value: object) -> str:
    """Compare-form of a string: "Uỷ ban  Nhân dân." → "ủy ban nhân dân"."""
    if value is None:
        return ""
    s = unicodedata.normalize("NFC", str(value))
    s = s.replace("\u00d0", "\u0110").replace("\u00f0", "\u0111")  # eth → Đ/đ
    s = re.sub(r"[\u2010-\u2015\u2212]", "-", s)
    s = " ".join(_retone(w) for w in s.split())
    s = s.casefold().strip(" .,;:")
    s = re.sub(r"\s*-\s*", " - ", s)
    return re.sub(r"\s+", " ", s)


def norm_unit(value: object) -> str:
    """A unit name with its standard abbreviations spelled out."""
    s = norm_text(value)
    for pattern, full in _ABBREVIATIONS:
        s = re.sub(pattern, full, s)
    return re.sub(r"\s+", " ", s).strip()


def unit_match(pred: object, gold: object) -> bool:
    """Equal, or equal but for a trailing place qualifier on one side.

    >>> unit_match("UBND tỉnh Đắk Lắk", "Ủy ban nhân dân tỉnh")
    True
    """
    p, g = norm_unit(pred), norm_unit(gold)
    if not p or not g:
        return False
    if p == g:
        return True
    short, long_ = (p, g) if len(p) < len(g) else (g, p)
    if not long_.startswith(short + " "):
        return False
    rest = long_[len(short) + 1:]
    if re.match(_PLACE + r"\b", rest) and len(rest.split()) <= 5:
        return True
    return bool(re.search(r"\b" + _PLACE + r"$", short)) and len(rest.split()) <= 4


def norm_number(value: object) -> str:
    return re.sub(r"\s+", "", norm_text(value)).upper()


def num(value: object) -> float | None:
    if value is None or value == "":
        return None
    try:
        return round(float(value), 3)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None


def as_list(value: object) -> list[Any]:
    if isinstance(value, list):
        return value
    return [] if value is None else [value]


def key_of(category: str, item: Any) -> Any:
    """The identity of a fact for matching (a set or multiset key)."""
    if category == "dates":
        value = item.get("value") if isinstance(item, dict) else item
        return str(value) if value else None
    if category == "references":
        return norm_number(item.get("number")) or None
    if category == "scores":
        return (num(item.get("value")), num(item.get("max")))
    if category == "rankings":
        return (num(item.get("rank")), num(item.get("of")))
    if category in MULTISET:
        return (str(item.get("metric")), num(item.get("count")))
    if category == "rates":
        return num(item.get("percent"))
    if category == "people":
        return norm_text(item.get("name")) or None
    raise KeyError(category)


@dataclass
class CategoryResult:
    """Counts for one category in one document, and which gold items matched what."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    pairs: list[tuple[Any, Any]] = field(default_factory=list)
    missed: list[Any] = field(default_factory=list)
    spurious: list[Any] = field(default_factory=list)


def _split_optional(gold_items: Iterable[Any]) -> tuple[list[Any], list[Any]]:
    required, optional = [], []
    for g in gold_items:
        (optional if isinstance(g, dict) and g.get("optional") else required).append(g)
    return required, optional


def _unit_names(g: dict[str, Any]) -> list[Any]:
    return [g.get("name"), *as_list(g.get("aliases"))]


def match_units(gold_items: list[Any], pred_items: list[Any]) -> CategoryResult:
    """Units: a set of names, each gold unit matched at most once, aliases allowed."""
    required, optional = _split_optional(gold_items)
    res = CategoryResult()
    matched = [False] * len(required)
    seen: set[str] = set()
    for p in pred_items:
        name = p.get("name") if isinstance(p, dict) else p
        if norm_unit(name) in seen:
            continue
        seen.add(norm_unit(name))
        hit = next((i for i, g in enumerate(required) if not matched[i]
                    and any(unit_match(name, n) for n in _unit_names(g))), None)
        if hit is not None:
            matched[hit] = True
            res.pairs.append((required[hit], p))
        elif not any(any(unit_match(name, n) for n in _unit_names(g))
                     for g in required + optional):
            res.fp += 1
            res.spurious.append(p)
    res.tp = sum(matched)
    res.fn = len(required) - res.tp
    res.missed = [g for g, ok in zip(required, matched, strict=True) if not ok]
    return res


def match_category(category: str, gold_items: list[Any], pred_items: list[Any]
                   ) -> CategoryResult:
    """Match one category of one document the contract's way."""
    if category == "units":
        return match_units(gold_items, pred_items)
    required, optional = _split_optional(gold_items)
    optional_keys = {key_of(category, g) for g in optional}
    keyed = [(key_of(category, p), p) for p in pred_items]
    keyed = [(k, p) for k, p in keyed if k is not None]
    res = CategoryResult()
    if category not in MULTISET:
        gold_by_key: dict[Any, Any] = {}
        for g in required:
            gold_by_key.setdefault(key_of(category, g), g)
        seen: set[Any] = set()
        for k, p in keyed:
            if k in seen:
                continue
            seen.add(k)
            if k in gold_by_key:
                res.pairs.append((gold_by_key[k], p))
            elif k not in optional_keys:
                res.spurious.append(p)
        matched_keys = {key_of(category, g) for g, _ in res.pairs}
        res.missed = [g for k, g in gold_by_key.items() if k not in matched_keys]
    else:
        free: dict[Any, list[Any]] = {}
        for g in required:
            free.setdefault(key_of(category, g), []).append(g)
        for k, p in keyed:
            candidates = free.get(k) or []
            if not candidates:
                if k not in optional_keys:
                    res.spurious.append(p)
                continue
            agency = p.get("agency") if isinstance(p, dict) else None
            pick = next((g for g in candidates if agency and g.get("agency")
                         and unit_match(agency, g["agency"])), candidates[0])
            candidates.remove(pick)
            res.pairs.append((pick, p))
        res.missed = [g for items in free.values() for g in items]
    res.tp, res.fp, res.fn = len(res.pairs), len(res.spurious), len(res.missed)
    return res


def attribute_checks(category: str, pairs: list[tuple[Any, Any]]) -> Iterator[tuple[str, bool]]:
    """``(attribute, correct)`` for each attribute the gold item states."""
    for g, p in pairs:
        if not isinstance(g, dict) or not isinstance(p, dict):
            continue
        if category == "references":
            if g.get("kind"):
                yield "kind", norm_text(g["kind"]) == norm_text(p.get("kind"))
            if "date" in g:
                yield "date", (g.get("date") or None) == (p.get("date") or None)
        elif category == "scores":
            if "criterion" in g:
                yield "criterion", criterion_match(p.get("criterion"), g.get("criterion"))
            if g.get("percent") is not None:
                yield "percent", num(g["percent"]) == num(p.get("percent"))
            yield from assessment_checks(g, p, ("subject", "index", "year", "stage"))
        elif category == "rankings":
            yield from assessment_checks(g, p, ("subject", "index", "year"))
            if "criterion" in g:
                yield "criterion", criterion_match(p.get("criterion"), g.get("criterion"))
        elif category == "rates":
            yield from assessment_checks(g, p, ("subject", "index"))
        elif category == "dossiers":
            if g.get("agency"):
                yield "agency", bool(p.get("agency")) and unit_match(p["agency"], g["agency"])
            if "level" in g:
                yield "level", (g.get("level") or None) == (p.get("level") or None)
        elif category == "units" and g.get("role"):
            yield "role", any(r in as_list(g["role"]) for r in as_list(p.get("role")))


_PROVINCE_PREFIX = re.compile(
    r"^((ủy ban nhân dân|uỷ ban nhân dân|ubnd)\s+)?(tỉnh|thành phố|tp\.?)\s+")


def subject_match(pred: object, gold: object) -> bool:
    """A subject is a unit name, or a province with or without "tỉnh"/"thành phố":
    "UBND tỉnh An Giang" = "An Giang"."""
    if not pred or not gold:
        return False
    a, b = (_PROVINCE_PREFIX.sub("", norm_text(x)) for x in (pred, gold))
    return a == b or unit_match(str(pred), str(gold))


def criterion_match(pred: object, gold: object) -> bool:
    """A code ("3.2.1") exactly; a name with its wording, or one within the other (a name
    cut at "(", ":" or a number reads the same); null (the overall result) only as null."""
    a, b = norm_text(pred), norm_text(gold)
    if not a or not b:
        return not a and not b
    if re.fullmatch(r"[\d.]+", b) or re.fullmatch(r"[\d.]+", a):
        return a.strip(".") == b.strip(".")
    return a == b or (min(len(a), len(b)) >= 8 and (a in b or b in a))


def assessment_checks(g: dict[str, Any], p: dict[str, Any], fields: Iterable[str]
                      ) -> Iterator[tuple[str, bool]]:
    """subject / index / year / stage of a score, ranking or rate, where the gold gives them
    (a gold "stage" of null is stated: the published result)."""
    for name in fields:
        if name not in g or (name != "stage" and g.get(name) is None):
            continue
        if name == "subject":
            yield name, subject_match(p.get(name), g[name])
        elif name == "year":
            yield name, num(g[name]) == num(p.get(name))
        else:
            yield name, (g.get(name) or None) == (p.get(name) or None)


def norm_title(value: object) -> str:
    """A leading "V/v" / "Về việc" and quotation marks do not change a subject line."""
    s = re.sub(r"^(v/v|về việc)\s*", "", norm_text(value))
    return re.sub(r"\s+", " ", re.sub(r"[\"“”«»]", "", s)).strip()


def document_field_ok(name: str, gold: object, pred: object) -> bool:
    if name == "title":
        return norm_title(gold) == norm_title(pred)
    if name == "number":
        return norm_number(gold) == norm_number(pred)
    if name == "issuer":
        return (not gold and not pred) or (bool(gold) and bool(pred) and unit_match(pred, gold))
    return norm_text(gold) == norm_text(pred)


def provenance(pred: dict[str, Any]) -> tuple[int, int]:
    """``(ok, total)``: facts whose quote is exactly ``text[span]``."""
    text = pred.get("text")
    ok = total = 0
    for category in CATEGORIES:
        for item in as_list(pred.get(category)):
            total += 1
            if not isinstance(item, dict):
                continue
            span, quote = item.get("span"), item.get("quote")
            if (isinstance(text, str) and isinstance(span, list | tuple) and len(span) == 2
                    and isinstance(quote, str) and quote and text[span[0]:span[1]] == quote):
                ok += 1
    return ok, total


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    """Precision, recall, F1; an empty category with nothing predicted scores 1."""
    p = tp / (tp + fp) if tp + fp else (1.0 if fn == 0 else 0.0)
    r = tp / (tp + fn) if tp + fn else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f
