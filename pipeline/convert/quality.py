"""Is this text Vietnamese, or garbage from a wrong decoding or a broken text layer?

Three converters need the same judgement: ``text`` picks between Windows-1258 and a
legacy reading of the same bytes, ``pdf`` decides page by page whether a text layer is
used as it is, converted from a legacy encoding or replaced by OCR, and ``convert_bytes``
warns on a txt/docx/html that came out as garbage (the CLI prints the warning).

Letters alone cannot tell: a hidden OCR layer made with the wrong encoding reads
"uY BAN NgAN nAN ceNG HoA" or "56:]+9-} /TB-LIBND", almost all ASCII letters. So the
text is cut into words and each word is judged (``judge_word``): a Vietnamese syllable in
a normal case ("hòa", "Hòa", "HÒA", ``syllables.py``), a number or document number
("163/2024/QH15"), or an abbreviation or name of ``data/words.yaml`` ("UBND", "Đắk") is
good; "ceNG" (capitals inside a word), "Vfr" (no syllable), "h_a" (symbols inside a word)
and "hßa" (letters outside the alphabet) are not. The share of good words is the score
(``assess``); ``garbage_reason`` says in words why a text is refused, or None.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache
from itertools import filterfalse
from pathlib import Path

import yaml

from extractors.text import view
from pipeline.convert import legacy
from pipeline.convert.syllables import case_ok, syllables

_VOWELS = "aăâeêioôơuưy"
_TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")
_CID = re.compile(r"\(cid:\d+\)")
WORDS = Path(__file__).with_name("data") / "words.yaml"

#: Below this share of good words a text is refused (see docs/architecture.md, "Is a text
#: layer Vietnamese?", for the scores measured on real and garbled texts).
MIN_SCORE = 0.75
#: A legacy reading must make this many more words good to be believed: Unicode text with
#: a few odd words reads no better through TCVN3, a TCVN3 page goes from ~25% to ~99%.
LEGACY_GAIN = 0.05
#: A text is tried in the legacy encodings when it fails the score, or when this share of
#: its words have letters or symbols a legacy font leaves (Unicode with TCVN3 lines pasted
#: in); viparse reads ~150 k characters a second, too slow to try on every text.
LEGACY_SHARE = 0.02
#: Fewer words than this say too little to be judged by the score (a stamp, a page number).
MIN_WORDS = 8
#: How many characters of a long text are judged (beginning, middle and end).
SAMPLE = 60_000

#: Punctuation that may stand before or after a word: "(Sở", "UBND;", "“Một", "2024)".
_EDGE = "\"'“”‘’«»()[]{}<>,.;:!?…*•-–—/~+¹²³⁴⁵⁶⁷⁸⁹⁰"
#: Separators inside a compound word: "NĐ-CP", "V/v", "KH&ĐT", "TP.HCM"; and inside
#: numbers also "," and ":" ("90,35", "7:30"). Anything else inside a word is noise ("h_a").
_SPLIT = re.compile(r"[/\-–.&]")
_NUMBER_SPLIT = re.compile(r"[/\-–.&,:]")
#: A piece of a number or document number: "2024", "000đ", "12h30", "25m2", "m2", "QH15",
#: "TTg", "15A".
_NUMBER_PART = re.compile(r"\d+[a-zđ]{0,3}\d*|[kcd]?m[23]|[A-ZĐ][A-ZĐa-zđ]{0,9}\d*|\d+[A-ZĐ]+"
                          r"|\d*[a-zđ]?")
#: A token of letters, digits and its separators only: ``[^\W_]`` is ``str.isalnum``.
_PIECES = {split: re.compile(rf"(?:[^\W_]|{split.pattern})*") for split in (_SPLIT, _NUMBER_SPLIT)}
#: Digits and the separators of numbers only ("29/11/2024", "7:30", "90,35", "1.234.567"):
#: every piece is a number, so the token is good (what the pieces' tests would say).
#: (Separators, a digit, then either: one way to match, so no backtracking on a long token.)
_DIGITS = re.compile(rf"{_NUMBER_SPLIT.pattern}*\d(?:\d|{_NUMBER_SPLIT.pattern})*")
_ROMAN = re.compile(r"[IVXLC]+")
_URL = re.compile(r"(?:https?://|www\.)\S+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|[\w-]+(?:\.[\w-]+)*"
                  r"\.(?:vn|com|net|org|gov)(?:/\S*)?", re.IGNORECASE)


@cache
def vietnamese_letters() -> frozenset[str]:
    """Every non-ASCII letter of the Vietnamese alphabet, both cases, NFC (134 + đ/Đ)."""
    letters = {"đ", "Đ"}
    for vowel in _VOWELS:
        for tone in _TONES:
            for case in (vowel, vowel.upper()):
                letter = unicodedata.normalize("NFC", case + tone)
                if not letter.isascii():
                    letters.add(letter)
    return frozenset(letters)


@cache
def _not_vietnamese() -> re.Pattern[str]:
    """One character that is neither ASCII nor a letter of the Vietnamese alphabet (one,
    not a run: ``re`` scans for a single class three times as fast)."""
    letters = "".join(sorted(vietnamese_letters()))
    return re.compile(f"[^\\x00-\\x7f{letters}]")


#: Characters scanned at a time by ``_census``: a page is one piece; a text of foreign
#: letters (up to 1.5 M, ``CCHC_MAX_CHARS``) is never listed a character an object whole.
_PIECE = 1 << 16


#: A text's characters as the garbage check counts them: its ASCII characters (as
#: bytes) and how often each other character that is not a Vietnamese letter occurs.
Census = tuple[bytes, Counter[str]]


def _census(text: str) -> Census:
    """``text``'s ``Census``: all the garbage check and ``vietnamese_ratio`` count, taken
    in C by an encoding and one scan (a page has ~10,000 characters, ~2,000 of them
    Vietnamese letters, a few dozen others: "–", "“", a no-break space, "ß"), ``_PIECE``
    characters at a time. Remembered for the last text, by identity (the very object,
    kept alive): a .txt file's text is counted once for the legacy check of its decoding
    and the garbage check of its conversion. Read only: ``others`` is shared."""
    last = _LAST_CENSUS
    if last is not None and last[0] is text:
        return last[1]
    others: Counter[str] = Counter()
    find = _not_vietnamese().findall
    for start in range(0, len(text), _PIECE):
        others.update(find(text, start, start + _PIECE))
    census = text.encode("ascii", "ignore"), others
    _remember_census(text, census)
    return census


#: The text ``_census`` counted last and its census.
_LAST_CENSUS: tuple[str, Census] | None = None


def _remember_census(text: str, census: Census) -> None:
    global _LAST_CENSUS
    _LAST_CENSUS = (text, census)


def census_of(text: str) -> Census:
    """``text``'s census (see ``_census``), for ``legacy.needs_detection``."""
    return _census(text)


def _against_alphabet(ch: str) -> bool:
    """A character no Vietnamese text is written with: a foreign letter ("ß", "Ö"), a
    symbol ("°", "→"), a private-use or unassigned code, a control."""
    return ch.isalpha() or unicodedata.category(ch) in ("So", "Sm", "Co", "Cn", "Cc")


def vietnamese_ratio(text: str) -> float:
    """Share of non-ASCII letters in ``text`` that belong to the Vietnamese alphabet.

    1.0 for "Cộng hòa xã hội", near 0 for "Céng hßa X· héi"; 1.0 when there is no
    non-ASCII letter at all (plain ASCII says nothing against the decoding).

    The Vietnamese letters are counted, not listed: they are the non-ASCII characters
    (the text's length less its ASCII bytes) but for the few others a page has ("–",
    "“", "…"), which are judged each once (``_census``).

    >>> vietnamese_ratio("Cộng hòa xã hội chủ nghĩa")
    1.0
    """
    text = unicodedata.normalize("NFC", text)
    return _ratio(text, _census(text))


def _ratio(text: str, census: Census) -> float:
    """``vietnamese_ratio`` of an NFC ``text`` whose ``census`` is taken."""
    ascii_bytes, others = census
    good = len(text) - len(ascii_bytes) - others.total()
    bad = sum(n for ch, n in others.items() if _against_alphabet(ch))
    return good / (good + bad) if good + bad else 1.0


@cache
def _words() -> dict[str, frozenset[str]]:
    data = yaml.safe_load(WORDS.read_text(encoding="utf-8"))["words"]
    return {group: frozenset(unicodedata.normalize("NFC", str(w)) for w in words)
            for group, words in data.items()}


def load() -> None:
    """Build now what the garbage check builds on first use: the syllables, the word
    lists of ``data/words.yaml`` (read when a page's first word that is no syllable is
    judged, ~3 ms; a clean warm page may never ask), the character classes. The fork
    server calls it once (``forkserver.warm``), so that its workers share them."""
    syllables()
    _words()
    _not_vietnamese()
    legacy.legacy_signs()


def known_word(word: str) -> bool:
    """True for an abbreviation or unit of ``data/words.yaml`` as written ("UBND", "TTg",
    "m²"; not "ubnd"), or one of its names and loanwords in a normal case ("Đắk", "ĐẮK")."""
    words = _words()
    return (word in words["abbreviations"] or word in words["units"]
            or (case_ok(word) and word.lower() in words["names"]))


#: What is wrong with a word, in words (the keys ``judge_word`` returns).
PROBLEMS = {
    "case": "capitals inside words",
    "syllable": "words that are not Vietnamese syllables",
    "symbols": "symbols or digits inside words",
    "letters": "letters outside the Vietnamese alphabet",
}


def _good_part(part: str, *, code: bool) -> bool:
    """One piece of a compound token: a syllable, a known word, a number, or (inside a
    document number, ``code``) a code of capitals and digits ("QĐ", "QH15", "TTg")."""
    if not part:
        return code  # "Số: /QĐ-UBND", a number left blank in a draft
    if part.isdecimal():
        return True  # "2024": what ``_NUMBER_PART`` would say, asked first
    if known_word(part) or (case_ok(part) and part.lower() in syllables()):
        return True
    if code or any(ch.isdigit() for ch in part):
        return _NUMBER_PART.fullmatch(part) is not None
    return len(part) == 1 and part.isalpha()  # "V/v", "Đ/c", "v.v"


#: What ``judge_word`` remembers, by verdict: the good tokens in a set, so that
#: ``_judge_words`` sorts a page's ~2,000 tokens (~96 % of them good: "của", "UBND",
#: "Hòa,") by one membership test each; the others with their problem.
_GOOD: set[str] = set()
_PROBLEM: dict[str, str] = {}
#: Tokens remembered at most (names and numbers never end); past it memory starts anew.
_REMEMBER = 1 << 16


def judge_word(token: str) -> str | None:
    """None when a whitespace-separated ``token`` (NFC) reads as Vietnamese, else which
    problem it has (a key of ``PROBLEMS``); "" for a token with nothing to judge ("-").
    Each token is judged once and remembered (``_GOOD``, ``_PROBLEM``).

    >>> [judge_word(t) for t in ("Hòa,", "163/2024/QH15", "UBND", "ceNG", "Vfr", "56:]+9-}")]
    [None, None, None, 'case', 'syllable', 'symbols']
    """
    if token in _GOOD:
        return None
    problem = _PROBLEM.get(token)
    if problem is None:
        problem = _judge(token)
        if len(_GOOD) + len(_PROBLEM) >= _REMEMBER:
            _GOOD.clear()
            _PROBLEM.clear()
        if problem is None:
            _GOOD.add(token)
        else:
            _PROBLEM[token] = problem
    return problem


def _judge(token: str) -> str | None:
    """``judge_word`` of a token not seen before."""
    word = token.strip(_EDGE)
    if word.lower() in syllables() and case_ok(word):
        return None  # most words: one look-up
    if _DIGITS.fullmatch(word):
        return None  # a date, a time, a figure: a third of the new tokens of a page
    if not word or not any(map(str.isalnum, word)):
        return ""
    if known_word(word):
        return None
    viet = vietnamese_letters()
    if _not_vietnamese().search(word) and any(
            ch.isalpha() and not ch.isascii() and ch not in viet for ch in word):
        return "letters"
    if word.isalpha():
        if word.lower() in syllables():
            return None if case_ok(word) else "case"
        roman = _ROMAN.fullmatch(word.upper()) is not None and case_ok(word)
        if roman or (len(word) == 1 and token.endswith((")", "."))):
            return None  # "II.", "(iii)", "b)": headings and list items
        return "syllable" if case_ok(word) else "case"
    if _URL.fullmatch(word):
        return None
    number = any(map(str.isdigit, word))
    split = _NUMBER_SPLIT if number else _SPLIT
    body = word.rstrip("%")
    parts = split.split(body)
    code = number or (len(parts) > 1 and word.upper() == word)
    if _PIECES[split].fullmatch(body) and all(_good_part(p, code=code) for p in parts):
        return None
    letters_only = all(ch.isalpha() or _SPLIT.match(ch) for ch in word)
    return "syllable" if letters_only and case_ok(word.replace("-", "")) else "symbols"


@dataclass(frozen=True)
class TextQuality:
    """How Vietnamese a text reads: the score and the evidence behind it.

    ``score`` is the share of judged words that are good (1.0 when there are none);
    ``problems`` counts the bad words by problem, with up to three ``examples`` each;
    ``legacy`` names the pre-Unicode encoding its letters are in (TCVN3, VNI), if any.
    """

    score: float
    words: int
    problems: dict[str, int]
    examples: dict[str, tuple[str, ...]]
    legacy: str | None = None


def _sample(text: str) -> str:
    if len(text) <= SAMPLE:
        return text
    third = SAMPLE // 3
    middle = len(text) // 2 - third // 2
    return " ".join((text[:third], text[middle:middle + third], text[-third:]))


def assess(text: str) -> TextQuality:
    """Judge each word of ``text`` (a long text by a sample of ``SAMPLE`` characters).

    A text whose bad words have letters or symbols of a legacy encoding is named by it
    (``legacy``) only when converting it gives Vietnamese: "Céng hßa" is TCVN3, but
    "Cá»™ng hÃ²a" (UTF-8 read as Windows-1252) is no legacy font's, whatever viparse's
    detector guesses; and a short page the detector misses is still found.

    >>> assess("Ủy ban nhân dân tỉnh Đắk Lắk").score
    1.0
    >>> round(assess("uY BAN NgAN nAN ceNG HoA").score, 2)
    0.17
    >>> assess("Céng hßa x· héi chñ nghÜa ViÖt Nam").legacy
    'tcvn3'
    """
    text = unicodedata.normalize("NFC", _sample(text))
    return _assessed(text, _tokens(text))


#: A text's words (``str.split``) and those of them not yet known to be good.
Tokens = tuple[list[str], list[str]]


def _tokens(text: str) -> Tokens:
    """``text``'s words, and those not in ``_GOOD`` (one set look-up each, in C)."""
    words = text.split()
    unsure = list(filterfalse(_GOOD.__contains__, words))
    return words, unsure


def _assessed(text: str, tokens: Tokens) -> TextQuality:
    """``assess`` of an NFC sample ``text`` whose ``tokens`` are cut."""
    quality = _judged(tokens)
    odd = quality.problems.get("letters", 0) + quality.problems.get("symbols", 0)
    if (not text.isascii() and (quality.score < MIN_SCORE or odd > LEGACY_SHARE * quality.words)
            and legacy.needs_detection(text)):  # no legacy letter: nothing to convert
        detected = legacy.detect(text)
        # viparse's detector misses short texts (a 100-word TCVN3 page): try each.
        for encoding in dict.fromkeys([detected, *legacy.LEGACY]):
            if encoding is None:
                continue
            converted = _judge_words(legacy.convert(text, encoding)).score
            if converted >= MIN_SCORE and converted >= quality.score + LEGACY_GAIN:
                return replace(quality, legacy=encoding)
    return quality


def _judge_words(text: str) -> TextQuality:
    """``_judged`` of ``text``'s words."""
    return _judged(_tokens(text))


def _judged(tokens: Tokens) -> TextQuality:
    """Judge each distinct word once, counted as often as it occurs: a page of ~2,000
    words has ~700 distinct ones ("của", "UBND", "năm" recur), and a word seen on an
    earlier page is remembered (``judge_word``). The words already known to be good are
    counted by one set look-up each (``_tokens``); the rest are judged. Examples keep the
    order words first occur."""
    words, unsure = tokens
    good = len(words) - len(unsure)
    problems: Counter[str] = Counter()
    examples: dict[str, list[str]] = {}
    for token, n in Counter(unsure).items():
        problem = judge_word(token)
        if problem is None:
            good += n
        elif problem:
            problems[problem] += n
            seen = examples.setdefault(problem, [])
            if len(seen) < 3:
                seen.append(token)
    words = good + sum(problems.values())
    return TextQuality(score=good / words if words else 1.0, words=words,
                       problems=dict(problems),
                       examples={k: tuple(v) for k, v in examples.items()})


def _evidence(quality: TextQuality) -> str:
    """The main problems of a refused text with examples: "capitals inside words
    ('ceNG', 'NgAN'); words that are not Vietnamese syllables ('Vfr')"."""
    ranked = sorted(quality.problems.items(), key=lambda kv: -kv[1])[:2]
    return "; ".join(f"{PROBLEMS[key]} ({', '.join(repr(e) for e in quality.examples[key])})"
                     for key, _ in ranked)


def garbage_reason(text: str, *, min_chars: int = 40,
                   quality: TextQuality | None = None) -> str | None:
    """Why a text (a page's text layer, a converted file) cannot be trusted, or None.

    In order: no text at all (a scanned page), pdfminer's ``(cid:N)`` placeholders for
    glyphs without a Unicode map, replacement characters, too little text to be a page of
    a document, mostly symbols, letters of a legacy encoding ("Céng hßa": TCVN3,
    convertible), letters outside the Vietnamese alphabet, and then too few of its words
    are Vietnamese (``assess``; pass its ``quality`` when it is already known). Without a
    ``quality``, a text whose words are mostly known good is trusted without judging
    the rest (``_surely_vietnamese``): the verdict ``assess`` would lead to, for less.

    >>> garbage_reason("UỶ BAN NHÂN DÂN TỈNH THÁI BÌNH. Kết quả kiểm tra công tác cải cách")
    >>> garbage_reason("uY BAN NgAN nAN ceNG HoA XA HOI CHU NGHiA ViET NAM Doc lap")[:42]
    'only 36% of 14 words read as Vietnamese: c'
    """
    if not text or text.isspace():
        return "no text layer (a scan)"
    census = _census(text)
    chars = _non_space(text, census)
    ascii_bytes = census[0]
    if len(_CID.findall(text)) * 6 > max(chars, 1) * 0.2:
        return "(cid:N) glyph codes instead of text"
    if census[1]["\ufffd"] > max(3, chars // 50):  # among the census's others
        return "replacement characters instead of text"
    if chars < min_chars:
        return f"only {chars} characters of text"
    # The ASCII letters alone are enough for a Vietnamese page; all of them are counted
    # only when those fall short.
    if (len(ascii_bytes) - len(ascii_bytes.translate(None, _ASCII_LETTERS)) < chars * 0.4
            and sum(map(str.isalpha, text)) < chars * 0.4):
        return "mostly symbols, few letters"
    nfc = view.nfc(text)  # the text itself, as a rule (and known to be after ``text``)
    if quality is None:
        # What ``assess`` would judge: the text itself when it is NFC and short.
        sample = (text if nfc is text and len(text) <= SAMPLE
                  else unicodedata.normalize("NFC", _sample(text)))
        tokens = _tokens(sample)
        if not _surely_vietnamese(sample, tokens, census if sample is text else None):
            quality = _assessed(sample, tokens)
    if quality is not None and quality.legacy:
        return (f"letters of the {legacy_name(quality.legacy)} legacy encoding "
                f"({_evidence(quality)})")
    if _ratio(nfc, census if nfc is text else _census(nfc)) < 0.8:
        return "letters outside the Vietnamese alphabet (a legacy or custom font)"
    if quality is not None and quality.words >= MIN_WORDS and quality.score < MIN_SCORE:
        return (f"only {quality.score:.0%} of {quality.words} words read as Vietnamese: "
                f"{_evidence(quality)}")
    return None


def _surely_vietnamese(text: str, tokens: Tokens, census: Census | None) -> bool:
    """True when ``assess(text)`` cannot refuse ``text`` whatever its new words are: no
    legacy sign (so no ``legacy`` reading is tried) and at least ``MIN_SCORE`` of all
    its words known good, so that the score, good words over judged words, is at least
    that. Known good are the words remembered (``_GOOD``) and, where those fall short (a
    process's first pages, a long report), the others judged, the commonest first, until
    enough are good. So the garbage check judges none of most pages' new words (judging
    a page's new names and numbers, "Trà", "25/QĐ-UBND", was a third of converting a
    .txt on a first pass). ``census`` is ``text``'s, when the caller has it.

    >>> text = "Ủy ban nhân dân tỉnh Trà Vinh"
    >>> _surely_vietnamese(text, _tokens(text), None)
    True
    """
    words, unsure = tokens
    if not text.isascii() and legacy.needs_detection(text, census):
        return False
    short = MIN_SCORE * len(words) - (len(words) - len(unsure))
    if short <= 0:
        return True
    for token, n in Counter(unsure).most_common():  # the commonest new words first
        if judge_word(token) is None:
            short -= n
            if short <= 0:
                return True
    return False


#: The ASCII letters and white space, as ``str.isalpha`` and ``str.split`` see them.
_ASCII_LETTERS = bytes(c for c in range(128) if chr(c).isalpha())
_ASCII_SPACES = bytes(c for c in range(128) if chr(c).isspace())


def _non_space(text: str, census: Census) -> int:
    """How many characters of ``text`` are not white space: the length of
    "".join(text.split()), counted without making the ~2,000 pieces of a page (the
    ASCII spaces in its ASCII bytes, a no-break space or "\u3000" among the few others
    of its ``census``)."""
    ascii_bytes, others = census
    spaces = len(ascii_bytes) - len(ascii_bytes.translate(None, _ASCII_SPACES))
    return len(text) - spaces - sum(n for ch, n in others.items() if ch.isspace())


def legacy_name(encoding: str) -> str:
    """How people call a legacy encoding: "tcvn3" → "TCVN3", "vni" → "VNI"."""
    return encoding.upper()
