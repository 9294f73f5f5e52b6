"""``cchc extract``'s JSON made by ``pipeline.process.contract``: the same text, byte for
byte, as ``json.dumps`` of the contract dict, which is what the command wrote before
pydantic wrote it (a string back from the worker instead of two pickled models)."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from extractors import extract
from pipeline.process.contract import Contract, contract_json, float_fields, tiny_floats
from schemas import Document, Extraction
from tests.conftest import REPO, SHARED

TEXTS = sorted((SHARED / "seeds").glob("*.txt")) + sorted((REPO / "corpus/texts").glob("*.txt"))


def by_json(extraction: Extraction, name: str, indent: bool) -> str:
    """What ``cchc extract`` wrote before: the contract dict, renamed, by ``json``."""
    result = extraction.to_contract()
    result["source"] = name
    return json.dumps(result, ensure_ascii=False, indent=1 if indent else None)


@pytest.fixture(scope="module")
def extractions() -> dict[str, Extraction]:
    return {p.name: extract(p.read_text(encoding="utf-8"), name=str(p)) for p in TEXTS}


@pytest.mark.parametrize("indent", [True, False], ids=["-o/--json", "--jsonl"])
@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.name)
def test_same_text_as_json_dumps(extractions: dict[str, Extraction], path: Path,
                                 indent: bool) -> None:
    extraction = extractions[path.name]
    assert contract_json(extraction, path.name, indent) == by_json(extraction, path.name,
                                                                  indent)


# A real rate ("tỷ lệ giải quyết hồ sơ đúng hạn đạt 99,71%", vinhphuc_2021_q3_tthc)
# holding, in turn, percents pydantic writes as json does, and the ones it writes apart.
@pytest.mark.parametrize(("percent", "tiny"), [
    (99.71, False), (0.29, False), (0.0001, False), (0.0, False), (1e16, False),
    (0.00005, True),  # json: 5e-05, pydantic: 0.00005
    (-2.5e-07, True),  # json: -2.5e-07, pydantic: -2.5e-7
])
def test_a_float_below_1e_4_is_written_by_json(extractions: dict[str, Extraction],
                                               percent: float, tiny: bool) -> None:
    real = extractions["vinhphuc_2021_q3_tthc.txt"]
    rate = real.rates[0].model_copy(update={"percent": percent})
    extraction = real.model_copy(update={"rates": [rate, *real.rates[1:]]})
    assert tiny_floats(extraction) is tiny
    text = contract_json(extraction, "vinhphuc_2021_q3_tthc.txt", True)
    assert text == by_json(extraction, "vinhphuc_2021_q3_tthc.txt", True)
    assert json.loads(text)["rates"][0]["percent"] == percent


def test_float_fields_are_every_number_of_the_contract() -> None:
    """Every ``number`` of the contract's JSON schema is a float field the check reads:
    a float added elsewhere (a confidence on a unit) fails here until it is read too."""
    schema = Extraction.model_json_schema(mode="serialization")
    numbers = set()
    for model, definition in schema["$defs"].items():
        for name, prop in definition.get("properties", {}).items():
            types = [prop.get("type"), *(p.get("type") for p in prop.get("anyOf", []))]
            if "number" in types or "number" in json.dumps(prop.get("items", {})):
                numbers.add((model, name))
    item = {c: Extraction.model_fields[c].annotation.__args__[0].__name__
            for c, _ in float_fields()}
    assert numbers == {(item[c], name) for c, names in float_fields() for name in names}
    assert item == {"scores": "Score", "rates": "Rate"}


def test_the_pack_names_the_file_and_pickles(extractions: dict[str, Extraction]) -> None:
    """The worker gets the pack pickled; the file is named without its folder."""
    path = TEXTS[0]
    extraction = extractions[path.name]
    document = Document(source=str(path), text=extraction.text, format="txt")
    pack = pickle.loads(pickle.dumps(Contract(indent=True)))
    text = pack(document, extraction)
    assert json.loads(text)["source"] == path.name
    assert text == by_json(extraction, path.name, True)
