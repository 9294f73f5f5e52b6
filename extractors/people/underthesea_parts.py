"""The parts of underthesea that people finding uses, without the rest of underthesea.

``import underthesea`` runs its package ``__init__``, which imports every pipeline it
has (classification and its ``requests``, sentiment, translation, language detection,
…): ~0.15 s of CPU that a worker of ``cchc ingest`` paid before its first page, for
nothing it uses. People finding needs three things of it:

- its regex tokenizer (``tokenize``: "Ông Lê Văn An," → "Ông", "Lê", "Văn", "An", ","),
  the syllables its word segmentation joins;
- its word segmentation (``segment``: "Nguyễn Tấn Dũng Lưu trữ ngày" →
  "Nguyễn Tấn Dũng", "Lưu trữ", "ngày"), the regex tokenizer then a CRF of
  ``underthesea_core`` that says which syllable opens a word (``B-W``) or goes on one
  (``I-W``), as underthesea's ``word_tokenize`` does;
- its POS, chunk and NER CRFs and their templates (``crf_taggers``).

``package`` puts underthesea in ``sys.modules`` as a bare package (its submodules can be
imported, its ``__init__`` not run yet); the first name asked of the package itself
(``from underthesea import ner``) runs the ``__init__`` then, so code that wants the
whole of underthesea still gets it. The word segmentation's two small tables are read by
``pickle`` where underthesea reads them by ``joblib.load`` (a pure-Python unpickler:
0.07 s for its 72,547-word dictionary, 0.02 s by ``pickle``): ``load_table`` takes a
file only if it is a plain pickle of built-in containers, which joblib's unpickler reads
to the same object (it differs from pickle's only where an object is one of its numpy
array wrappers, a class such a pickle cannot name), and hands anything else to joblib.
The tests compare each piece with underthesea's own on real sentences.
"""

from __future__ import annotations

import ast
import hashlib
import importlib
import importlib.util
import io
import pickle
import re
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache, lru_cache
from pathlib import Path
from types import ModuleType
from typing import Any

#: underthesea's word segmentation model (``word_tokenize``'s folder of it).
SEGMENTER_MODEL = Path("pipeline", "word_tokenize", "models", "ws_crf_vlsp2013_20230727")

_INIT_LOCK = threading.RLock()


def package() -> ModuleType:
    """underthesea's package, its submodules importable without its ``__init__``.

    Already imported (whole, or bare by an earlier call), it is returned as it is.
    Else a bare module of the package is registered: its ``__path__`` lets
    ``import underthesea.pipeline.word_tokenize`` find the submodule, and its
    module-level ``__getattr__`` (PEP 562) runs the ``__init__`` the first time a name
    the bare module lacks is asked (``underthesea.ner``), then answers from it."""
    with _INIT_LOCK:
        module = sys.modules.get("underthesea")
        if module is not None:
            return module
        spec = importlib.util.find_spec("underthesea")
        if spec is None or spec.loader is None or spec.submodule_search_locations is None:
            raise ImportError("underthesea is not installed as a package")
        module = importlib.util.module_from_spec(spec)
        loader = spec.loader

        def __getattr__(name: str) -> Any:
            with _INIT_LOCK:
                if module.__dict__.get("__getattr__") is __getattr__:
                    del module.__dict__["__getattr__"]
                    loader.exec_module(module)
            try:
                return module.__dict__[name]
            except KeyError:
                raise AttributeError(f"module 'underthesea' has no attribute {name!r}") \
                    from None

        module.__getattr__ = __getattr__  # type: ignore[method-assign]
        sys.modules["underthesea"] = module
        return module


def root() -> Path:
    """The folder of underthesea's package (its models are files under it)."""
    return Path(next(iter(package().__path__)))


class _Builtins(pickle.Unpickler):
    """An unpickler that refuses every class: what it reads is built of the containers
    and scalars pickle writes by opcode (dict, set, list, tuple, str, int, …)."""

    def find_class(self, module: str, name: str) -> Any:
        raise pickle.UnpicklingError(f"not a plain pickle: it names {module}.{name}")


def plain_pickle(path: Path) -> Any:
    """What ``joblib.load(path)`` returns, read by ``pickle`` where that is provably the
    same: the file is an uncompressed pickle (its first byte pickle's PROTO opcode, not
    a zlib, gzip, bz2, xz or lzma header) that names no class. Anything else raises
    ``pickle.UnpicklingError``."""
    data = path.read_bytes()
    if data[:1] != pickle.PROTO:
        raise pickle.UnpicklingError(f"not an uncompressed pickle: {path}")
    return _Builtins(io.BytesIO(data)).load()


def load_table(path: Path) -> Any:
    """``joblib.load(path)``, by ``plain_pickle`` where it can read the file."""
    try:
        return plain_pickle(path)
    except pickle.UnpicklingError:
        import joblib

        return joblib.load(path)


@contextmanager
def _joblib_by_pickle() -> Iterator[None]:
    """``joblib``, while underthesea's text normalisation is imported, a module of one
    function, ``load`` = ``plain_pickle``: ``text_normalizer`` imports joblib to read
    its rules (a plain pickle of two dicts) once, at import, and joblib's own import
    (numpy, its parallel backends: ~0.13 s of CPU) is all it would cost. Where joblib is
    imported already, it is left alone; the stand-in leaves ``sys.modules`` when the
    import is done, so no one else gets it."""
    if "joblib" in sys.modules:
        yield
        return
    stand_in = ModuleType("joblib", "joblib.load by pickle, for underthesea's import")
    stand_in.load = lambda path: plain_pickle(Path(path))  # type: ignore[attr-defined]
    sys.modules["joblib"] = stand_in
    try:
        yield
    finally:
        if sys.modules.get("joblib") is stand_in:
            del sys.modules["joblib"]


@cache
def regex_tokenizer() -> ModuleType:
    """underthesea's regex tokenizer's module (``regex_tokenize``), imported bare."""
    package()
    # text_normalize before word_tokenize: each imports the other, and only this order
    # (underthesea's __init__'s) resolves
    with _INIT_LOCK:
        try:
            with _joblib_by_pickle():
                import underthesea.pipeline.text_normalize
        except pickle.UnpicklingError:  # its rules are not a plain pickle: joblib reads them
            import underthesea.pipeline.text_normalize  # noqa: F401
        from underthesea.pipeline.word_tokenize import regex_tokenize

    return regex_tokenize


#: The pattern of underthesea's regex tokenizer that ``tokenize`` reads a piece at a
#: time (sha256 of ``regex_tokenize.regex_patterns_combine``): another version of it may
#: match across white space, so it is tokenized whole.
_PIECEWISE_PATTERN = "ed7f6df4bba1133b1fd2baf02d612b7ef6912f0460f7a8166bd6b4aa8f072d25"
#: Where that pattern matches across white space: its abbreviations "Th.S" and "Th.s"
#: have an unescaped ".", which takes any character but a line break ("Th Sơn" is one
#: token, "Th", "Sơn" across a line break). Those two are also the only alternatives
#: before its ``word`` (``\w+``) that can match letters alone ("Thus" is a token of
#: "Thuset"), with the punctuation "ʺ" (a modifier letter): a piece of other letters
#: only is one token, and so is each "(" before them and each ",", ";" or ")" after
#: (no alternative takes two of them, or one and a letter).
_ACROSS = re.compile(r"Th[^\S\n][Ss]")


@cache
def tokenize() -> Callable[[str], tuple[str, ...]]:
    """underthesea's regex tokenizer as word segmentation calls it
    (``regex_tokenize.tokenize(text)``: characters and tokens normalised, no fixed
    words): "Ông Lê Văn An," → "Ông", "Lê", "Văn", "An", ",".

    The same steps on the same compiled pattern, three made cheaper (~4× in all, on the
    ~100 windows of a page listing officers, then ~5× again): a match's token is the
    first of its named groups that is set (``extract_match`` reads them all, a dict a
    match), and each of its alternatives is one named group around all of it, so the
    token is the whole match; a token of 6 characters or fewer is normalised (Unicode
    NFC, then its table of characters and of tokens: "hoà" → "hòa") once per process,
    not once per time it is read (``token_normalize`` is a function of the token
    alone); and the text's pieces between white space are tokenized once per process
    each ("Phó", "Tổng", "cục", "trưởng" of a table's every row), not once per window
    they are in (``_pieces``). The last windows' syllables are kept:
    ``people_ner.plain_end`` reads a window's, then word segmentation often the same
    window's."""
    module = regex_tokenizer()
    from underthesea.pipeline.text_normalize.character_normalize import (
        normalize_characters_in_text,
    )
    from underthesea.pipeline.text_normalize.token_normalize import token_normalize

    short = lru_cache(maxsize=1 << 16)(token_normalize)
    pattern = module.patterns
    piecewise = hashlib.sha256(
        module.regex_patterns_combine.encode()).hexdigest() == _PIECEWISE_PATTERN

    def whole(text: str) -> tuple[str, ...]:
        matches = module.patterns.finditer(text)
        return tuple(t if len(t) > 6 else short(t) for t in (m.group() for m in matches))

    @lru_cache(maxsize=1 << 15)
    def piece(text: str) -> tuple[str, ...]:
        word = text.rstrip()
        core = word.lstrip("(").rstrip(",;)")
        if core.isalpha() and "ʺ" not in word and "Th" not in word:
            # "Nguyễn": one ``word``; "(Việt", "Nam),": each bracket, comma or
            # semicolon one token too (``punct``, ``non_word``)
            opening, closing = word[:word.index(core)], word[len(word.rstrip(",;)")):]
            return tuple(t if len(t) > 6 else short(t) for t in (*opening, core, *closing))
        return whole(text)


    @lru_cache(maxsize=64)
    def syllables(text: str) -> tuple[str, ...]:
        text = normalize_characters_in_text(text)
        if not piecewise or module.patterns is not pattern or _ACROSS.search(text):
            return whole(text)
        return _pieces(text, piece)

    return syllables


def _pieces(text: str, piece: Callable[[str], tuple[str, ...]]) -> tuple[str, ...]:
    r"""The tokens of ``text``, a piece between white space at a time (``piece`` tokenizes
    one), for a pattern that matches no white space: each match lies in one piece, and
    what it reads of the text around that piece is one character before (a look-behind:
    white space, or the start) and one after (a look-ahead: white space, or the end; or
    ``$``, "the end, or a line break that ends the text"). So a piece followed by more
    text is tokenized with one space after it, and the last one with the white space
    that ends the text: "UBND. An" → "UBND.", "An"; "UBND." at the end → "UBND", ".".

    >>> _pieces("Ông  Lê\nVăn An, ", lambda p: (p.strip(),))
    ('Ông', 'Lê', 'Văn', 'An,')
    """
    words = text.split()
    if not words:
        return ()
    out: list[str] = []
    for word in words[:-1]:
        out += piece(word + " ")
    return (*out, *piece(words[-1] + text[len(text.rstrip()):]))


def core_istitle(word: str) -> str:
    """underthesea_core's ``istitle``: each part between spaces opens with a character
    upper-casing leaves as it is ("Lê Văn" and "2018" → "True", "Chủ tịch" → "False")."""
    return "True" if all(p[0] == p[0].upper() for p in word.split(" ")) else "False"


_I32 = re.compile(r"[+-]?[0-9]+")


def core_isdigit(word: str) -> str:
    """underthesea_core's ``isdigit``: the word reads as a 32-bit integer (Rust's
    ``parse::<i32>``: a sign, ASCII digits, in range): "2018", "-5" → "True"; "1.5",
    "3000000000" → "False"."""
    return "True" if _I32.fullmatch(word) and -(2**31) <= int(word) < 2**31 else "False"


#: Syllables whose case underthesea_core (Rust) and Python map alike: ASCII and the
#: Vietnamese letters, no white space (an empty or spaced syllable would make its
#: ``istitle`` fail).
_PLAIN_SYLLABLES = re.compile(
    "[!-~ÀÁÂÃÈÉÊÌÍÒÓÔÕÙÚÝàáâãèéêìíòóôõùúýĂăĐđĨĩŨũƠơƯư\u1ea0-\u1ef9]*")


class Segmenter:
    """underthesea's word segmentation: its regex tokenizer's syllables, each tagged by
    its CRF ``B-W`` (opens a word) or ``I-W`` (goes on the word before), as
    ``underthesea.word_tokenize`` (token normalisation on, no fixed words) gives them.

    The model is the folder ``word_tokenize`` loads (``SEGMENTER_MODEL``): the CRF
    (``models.bin``), its feature template (``features.bin``) and the dictionary its
    features look words up in (``dictionary.bin``).

    The CRF's features are underthesea_core's ``CRFFeaturizer``'s strings, built by
    ``people_ner.Featurizer`` with its functions (``lower``, ``isdigit``, ``istitle``,
    ``is_in_dict``: the word lower-cased is in the dictionary) a column at a time:
    ~47 µs for a window of 4 syllables in the Rust featurizer (43 features, 12
    dictionary look-ups), ~450 for one of 35; ~40 and ~215 here. Where a syllable holds
    a character outside ASCII and the Vietnamese letters, whose case Rust's tables might
    map otherwise than Python's, or none at all, the Rust featurizer builds them."""

    def __init__(self, folder: Path) -> None:
        from underthesea_core import CRFFeaturizer, CRFTagger

        from extractors.people.ner import Featurizer  # it imports this module

        self.tokenize = tokenize()
        self.tagger = CRFTagger()
        self.tagger.load(str(folder / "models.bin"))
        template = load_table(folder / "features.bin")
        dictionary = load_table(folder / "dictionary.bin")
        self.featurizer = CRFFeaturizer(template, dictionary)
        self.features = Featurizer(template, {
            "lower": str.lower, "isdigit": core_isdigit, "istitle": core_istitle,
            "is_in_dict": lambda w: "True" if w.lower() in dictionary else "False"})

    def __call__(self, sentence: str) -> list[str]:
        tokens = self.tokenize(sentence)
        if all(tokens) and _PLAIN_SYLLABLES.fullmatch("".join(tokens)):
            features = self.features([(t,) for t in tokens])
        else:
            features = self.featurizer.process([[[t] for t in tokens]])[0]
        tags = self.tagger.tag(features)
        words: list[str] = []
        for tag, token in zip(tags, tokens, strict=False):
            if tag == "I-W" and words:
                words[-1] += " " + token
            else:
                words.append(token)
        return words


@cache
def segment() -> Segmenter:
    """The word segmentation, its model loaded once per process."""
    return Segmenter(root() / SEGMENTER_MODEL)


#: underthesea's POS, chunk and NER predictors, in the order ``ner`` runs them: the
#: module of each and its class.
PREDICTORS = (("pipeline/pos_tag/model_crf.py", "CRFPOSTagPredictor"),
              ("pipeline/chunking/model_crf.py", "CRFChunkingPredictor"),
              ("pipeline/ner/model_crf.py", "CRFNERPredictor"))


def predictor_parts(module: str) -> tuple[Path, list[str]] | None:
    """(model file, feature template) of the CRF predictor in ``module``, read from its
    source, or None where the source does not say them plainly.

    A predictor's ``__init__`` loads ``join(dirname(__file__), "pos_crf_2017_10_11.bin")``
    and sets ``template = ["T[-2].lower", …]``, both literals; importing the module to
    get them would also run its ``tagged_feature``, which reads the 74,000-word
    dictionary for a feature ``ner`` never asks (~0.02 s of CPU each, three times). Read
    here: the one ``.bin`` string and the one list assigned to ``template`` in the file."""
    path = root() / module
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError, ValueError):
        return None
    files = {n.value for n in ast.walk(tree)
             if isinstance(n, ast.Constant) and isinstance(n.value, str)
             and n.value.endswith(".bin")}
    templates = [n.value for n in ast.walk(tree) if isinstance(n, ast.Assign)
                 and [getattr(t, "id", None) for t in n.targets] == ["template"]]
    if len(files) != 1 or len(templates) != 1:
        return None
    try:
        template = ast.literal_eval(templates[0])
    except ValueError:
        return None
    if not (isinstance(template, list) and all(isinstance(t, str) for t in template)):
        return None
    return path.parent / files.pop(), template


@cache
def crf_taggers() -> list[tuple[Any, list[str]]]:
    """underthesea's POS, chunk and NER CRFs (``underthesea_core.CRFTagger``), each with
    the template of features it was trained on, in the order ``ner`` runs them: read
    from the predictors' sources (``predictor_parts``), or, where one cannot be read so,
    from the predictor itself."""
    from underthesea_core import CRFTagger

    out: list[tuple[Any, list[str]]] = []
    for module, name in PREDICTORS:
        parts = predictor_parts(module)
        if parts is None:
            package()
            dotted = "underthesea." + module.removesuffix(".py").replace("/", ".")
            crf = getattr(importlib.import_module(dotted), name).Instance()
            out.append((crf.model, list(crf.transformer.template)))
            continue
        model = CRFTagger()
        model.load(str(parts[0]))
        out.append((model, parts[1]))
    return out
