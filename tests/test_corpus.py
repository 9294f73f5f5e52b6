"""Checks of the corpus itself (``corpus/texts``, ``corpus/gold``, ``corpus/sources.yaml``):
every text has gold and a named public source, texts are NFC UTF-8, gold files have the
contract's shape, and every gold value can be found in its text.

Why: the corpus measures extraction on real documents other than the seeds; a gold file
that drifts from its text (a typo'd number "28.817" → 28871, a unit the text never names)
would silently reward or punish the extractors. These checks need no extractor.
"""

from __future__ import annotations

import json
import re
import unicodedata

import pytest
import yaml

from schemas.facts import DocKind, DossierMetric, ProcedureMetric, Role
from tests.conftest import REPO

CORPUS = REPO / "corpus"
TEXTS = CORPUS / "texts"
GOLD = CORPUS / "gold"
SOURCES_PATH = CORPUS / "sources.yaml"
SOURCES = yaml.safe_load(SOURCES_PATH.read_text(encoding="utf-8"))
IDS = sorted(p.stem for p in TEXTS.glob("*.txt"))

CATEGORIES = ["references", "dates", "scores", "rankings", "dossiers", "procedures",
              "rates", "units", "people"]
DOC_FIELDS = {"kind", "number", "issued_date", "issuer", "province", "title", "signer",
              "signer_position"}
SOURCE_FIELDS = {"url", "publisher", "title", "retrieved", "province", "kind", "year", "notes"}
DATE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?$")
ID = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")


def gold(doc_id: str) -> dict:
    return json.loads((GOLD / f"{doc_id}.json").read_text(encoding="utf-8"))


def text(doc_id: str) -> str:
    return (TEXTS / f"{doc_id}.txt").read_text(encoding="utf-8")


def folded(s: str) -> str:
    """Case- and layout-insensitive form for "does the text name this?" checks."""
    s = unicodedata.normalize("NFC", s).casefold()
    return re.sub(r"\s+", " ", s)


def renderings(n: float) -> set[str]:
    """How a number can be written in a Vietnamese text: 28817 → "28817", "28.817";
    10180 → "10,18 ngàn"; 8.75 → "8,75"; 1 → "01"."""
    if float(n).is_integer():
        i = int(n)
        out = {str(i), f"{i:,}".replace(",", "."), f"{i:02d}"}
        if i >= 1000 and i % 10 == 0:
            out.add(f"{i / 1000:g}".replace(".", ",") + " ngàn")
        return out
    return {f"{n:g}".replace(".", ",")}


def items(data: dict, category: str) -> list:
    return data.get(category) or []


def test_corpus_is_big_enough() -> None:
    assert len(IDS) >= 15


def test_every_text_has_gold_and_source_and_nothing_is_orphaned() -> None:
    assert sorted(p.stem for p in GOLD.glob("*.json")) == IDS
    assert sorted(SOURCES) == IDS


def test_ids_are_short_ascii_and_unique_in_sources() -> None:
    keys = re.findall(r"^(\S+):\s*$", SOURCES_PATH.read_text(encoding="utf-8"), re.M)
    assert len(keys) == len(set(keys)), "duplicate id in sources.yaml"
    assert keys == sorted(keys), "sources.yaml must be sorted by id"
    for doc_id in IDS:
        assert ID.match(doc_id) and len(doc_id) <= 40, doc_id


@pytest.mark.parametrize("doc_id", IDS)
def test_source_entry_names_a_public_source(doc_id: str) -> None:
    entry = SOURCES[doc_id]
    assert set(entry) == SOURCE_FIELDS, doc_id
    assert re.match(r"^https?://\S+$", entry["url"])
    assert entry["kind"] in {k.value for k in DocKind}
    assert isinstance(entry["year"], int) and 2018 <= entry["year"] <= 2025
    assert all(isinstance(entry[f], str) and entry[f].strip() for f in SOURCE_FIELDS - {"year"})


@pytest.mark.parametrize("doc_id", IDS)
def test_text_is_nfc_utf8(doc_id: str) -> None:
    raw = (TEXTS / f"{doc_id}.txt").read_bytes()
    body = raw.decode("utf-8")  # strict: raises on invalid bytes
    assert not body.startswith("\ufeff"), "no BOM"
    assert unicodedata.normalize("NFC", body) == body
    assert body.strip(), "empty text"


@pytest.mark.parametrize("doc_id", IDS)
def test_gold_has_the_contract_shape(doc_id: str) -> None:
    data = gold(doc_id)
    assert data["source"] == f"{doc_id}.txt"
    assert set(data["document"]) == DOC_FIELDS
    assert data["document"]["kind"] in {k.value for k in DocKind}
    assert data["document"]["kind"] == SOURCES[doc_id]["kind"]
    for category in CATEGORIES:
        assert isinstance(data[category], list), category
    issued = data["document"]["issued_date"]
    assert issued is None or DATE.match(issued)
    for d in data["dates"]:
        value = d["value"] if isinstance(d, dict) else d
        assert DATE.match(value) or value == "0001-01-01", value
    for ref in items(data, "references"):
        assert ref["date"] is None or DATE.match(ref["date"]), ref
    for dossier in items(data, "dossiers"):
        assert dossier["metric"] in {m.value for m in DossierMetric}, dossier
        assert isinstance(dossier["count"], int) and isinstance(dossier["approx"], bool)
    for proc in items(data, "procedures"):
        assert proc["metric"] in {m.value for m in ProcedureMetric}, proc
    for unit in items(data, "units"):
        roles = unit.get("role") or []
        roles = roles if isinstance(roles, list) else [roles]
        assert set(roles) <= {r.value for r in Role}, unit


def _walk_keys(node: object) -> set[str]:
    if isinstance(node, dict):
        return set(node) | {k for v in node.values() for k in _walk_keys(v)}
    if isinstance(node, list):
        return {k for v in node for k in _walk_keys(v)}
    return set()


@pytest.mark.parametrize("doc_id", IDS)
def test_gold_is_quote_free(doc_id: str) -> None:
    """Gold states facts, never offsets or quotes (those belong to predictions)."""
    assert not _walk_keys(gold(doc_id)) & {"span", "quote", "text", "rule"}


@pytest.mark.parametrize("doc_id", IDS)
def test_gold_names_and_numbers_are_in_the_text(doc_id: str) -> None:
    """Every reference number, unit, person and figure of the gold is written in the text."""
    data, body = gold(doc_id), text(doc_id)
    flat, squeezed = folded(body), re.sub(r"\s+", "", body)
    number = data["document"]["number"]
    assert number is None or number in squeezed
    for ref in items(data, "references"):
        assert ref["number"] in squeezed, ref
    for unit in items(data, "units"):
        names = [unit["name"], *unit.get("aliases", [])]
        assert any(folded(n) in flat for n in names), unit
    for person in items(data, "people"):
        assert folded(person["name"]) in flat, person
    for key, category in (("count", "dossiers"), ("count", "procedures"),
                          ("percent", "rates"), ("value", "scores")):
        for item in items(data, category):
            assert any(r in body for r in renderings(item[key])), (category, item)
    for d in data["dates"]:
        value = d["value"] if isinstance(d, dict) else d
        assert value[:4] in body, value
