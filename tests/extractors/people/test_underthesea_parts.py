"""The parts of underthesea people finding uses, imported without its ``__init__``, are
underthesea's own: the same syllables, the same words, the same tables, on real lines of
the corpus; and in a fresh process they load without joblib or numpy, while
``from underthesea import …`` still gets the whole package."""

from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

import joblib
import pytest
from underthesea import word_tokenize
from underthesea.pipeline.word_tokenize.regex_tokenize import tokenize

from extractors.people import underthesea_parts as parts
from tests.conftest import REPO

#: Lines of real pages: the corpus texts' non-blank lines, a few hundred characters at
#: most (the windows people finding segments are shorter still).
LINES = [line[:300] for p in sorted((REPO / "corpus" / "texts").glob("*.txt"))
         for line in p.read_text(encoding="utf-8").splitlines()[:40] if line.strip()]


def test_lines_are_many() -> None:
    assert len(LINES) > 300


def test_segment_is_word_tokenize() -> None:
    """"Nguyễn Tấn Dũng Lưu trữ ngày" → "Nguyễn Tấn Dũng", "Lưu trữ", "ngày"."""
    segment = parts.segment()
    assert [segment(t) for t in LINES] == [word_tokenize(t) for t in LINES]
    assert segment("") == word_tokenize("") == []


def test_segment_features_are_underthesea_cores() -> None:
    """Word segmentation's CRF reads the features underthesea_core's Rust featurizer
    builds; ``people_ner.Featurizer`` with its functions builds the same strings."""
    segment = parts.segment()
    rows = [segment.tokenize(t) for t in LINES]
    rows = [r for r in rows if parts._PLAIN_SYLLABLES.fullmatch("".join(r)) and all(r)]
    assert len(rows) > 300
    assert [segment.features([(t,) for t in r]) for r in rows] == \
        [segment.featurizer.process([[[t] for t in r]])[0] for r in rows]


#: Words at the edges of underthesea_core's ``isdigit`` (Rust's ``parse::<i32>``) and
#: ``istitle`` (the first character of each part as upper-casing leaves it).
EDGES = ["+5", "-5", "-0", "007", "2147483647", "2147483648", "-2147483648", "-2147483649",
         "+", "-", "1.5", "(", "Lê", "lê", "Ủy", "ủy", "ĐÂY", "2018", "A.", "n/a"]


def test_segment_feature_edges_are_underthesea_cores() -> None:
    segment = parts.segment()
    assert segment.features([(t,) for t in EDGES]) == \
        segment.featurizer.process([[[t] for t in EDGES]])[0]


def test_tokenize_is_underthesea_regex_tokenizer() -> None:
    """"Ông Lê Văn An," → "Ông", "Lê", "Văn", "An", ","; "Uỷ ban" → "Ủy", "ban"."""
    assert [list(parts.tokenize()(t)) for t in LINES] == [tokenize(t) for t in LINES]
    assert list(parts.tokenize()("")) == tokenize("") == []


#: Stretches of real text cut anywhere, as people's windows are: across lines, ending
#: on white space or inside a word ("UBND." at the very end reads "UBND", "."), and
#: the abbreviation underthesea reads across a space ("Th S", not across a line break).
PIECES = ["Ông Lê Văn An, Giám đốc Sở Nội vụ\nPhó Chủ tịch UBND.", "UBND. tỉnh", "UBND.\n",
          "UBND.\n\n", "Th Sơn và ThS. Nguyễn Văn Bình", "Th\nSơn", "  Phạm Minh Chính\n1958 -\n",
          "www.chinhphu.vn/tin-tuc, email: vpcp@chinhphu.vn :D 43H-0530 1.600m-2.000m"]
STRETCHES = [text[a:a + n] for p in sorted((REPO / "corpus" / "texts").glob("*.txt"))
             for text in [p.read_text(encoding="utf-8")]
             for n in (37, 120, 251) for a in range(0, len(text), n + 7)]


def test_tokenize_piecewise_is_underthesea_regex_tokenizer() -> None:
    """A piece between white space tokenized once for all the windows it is in gives
    the tokens the whole window gives, wherever the window is cut."""
    assert len(STRETCHES) > 1000
    texts = PIECES + STRETCHES
    assert [list(parts.tokenize()(t)) for t in texts] == [tokenize(t) for t in texts]


def test_tokenize_reads_pieces_of_this_underthesea() -> None:
    """The pattern read a piece at a time is this underthesea's (another version's
    might match across white space and is read whole)."""
    import hashlib

    module = parts.regex_tokenizer()
    digest = hashlib.sha256(module.regex_patterns_combine.encode()).hexdigest()
    assert digest == parts._PIECEWISE_PATTERN


TABLES = ["pipeline/text_normalize/tn_rules_2023_07_14.bin",
          f"{parts.SEGMENTER_MODEL.as_posix()}/features.bin",
          f"{parts.SEGMENTER_MODEL.as_posix()}/dictionary.bin"]


@pytest.mark.parametrize("name", TABLES)
def test_plain_pickle_is_joblib_load(name: str) -> None:
    path = parts.root() / name
    ours, theirs = parts.plain_pickle(path), joblib.load(path)
    assert type(ours) is type(theirs) and ours == theirs


def test_what_is_not_a_plain_pickle_goes_to_joblib(tmp_path: Path) -> None:
    """A compressed joblib file, or a pickle that names a class, is refused by
    ``plain_pickle`` and read by joblib in ``load_table``."""
    words = {"cải cách hành chính", "thủ tục"}
    compressed, classy = tmp_path / "compressed.bin", tmp_path / "classy.bin"
    joblib.dump(words, compressed, compress=3)
    joblib.dump({"path": Path("dữ liệu")}, classy)
    for path, expected in [(compressed, words), (classy, {"path": Path("dữ liệu")})]:
        with pytest.raises(pickle.UnpicklingError):
            parts.plain_pickle(path)
        assert parts.load_table(path) == expected


FRESH = """
import sys
from extractors.people import ner
line = "Phó Chủ tịch UBND tỉnh Lạng Sơn Dương Xuân Huyên chủ trì hội nghị."
words, tags = ner.words(line), ner.tag(line)
heavy = sorted({m.split(".")[0] for m in sys.modules} & {"joblib", "numpy", "requests"})
from underthesea import ner as their_ner, word_tokenize
from underthesea.pipeline.text_normalize import text_normalizer
import joblib
rules = joblib.load(text_normalizer.join(text_normalizer.dirname(text_normalizer.__file__),
                                         text_normalizer.rule_file))
print(heavy, list(words) == word_tokenize(line),
      tags == tuple(tuple(t) for t in their_ner(line)),
      rules == {"character": text_normalizer.character_map, "token": text_normalizer.token_map},
      "joblib" in sys.modules and sys.modules["joblib"] is joblib and hasattr(joblib, "dump"))
"""


def test_fresh_process_loads_without_joblib_and_underthesea_stays_whole() -> None:
    out = subprocess.run([sys.executable, "-c", FRESH], cwd=REPO, capture_output=True,
                         text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    assert out.stdout.split() == ["[]", "True", "True", "True", "True"]


@pytest.mark.parametrize(("module", "name"), parts.PREDICTORS)
def test_predictor_parts_are_the_predictors_own(module: str, name: str) -> None:
    """The template read from the source is the one the predictor builds its features
    by, and the model file is beside it (that the CRF loaded from it tags as
    underthesea's does is ``test_people_ner.test_tag_is_underthesea_ner``)."""
    import importlib

    dotted = "underthesea." + module.removesuffix(".py").replace("/", ".")
    predictor = getattr(importlib.import_module(dotted), name).Instance()
    found = parts.predictor_parts(module)
    assert found is not None
    path, template = found
    assert template == predictor.transformer.template
    assert path.is_file() and path.parent == (parts.root() / module).parent


def test_predictor_parts_of_a_module_that_does_not_say_them() -> None:
    """word_tokenize's module names a model folder, not a .bin file and a template."""
    assert parts.predictor_parts("pipeline/word_tokenize/__init__.py") is None
    assert parts.predictor_parts("pipeline/no_such_module.py") is None
