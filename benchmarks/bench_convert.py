"""Conversion benchmark: speed of each path and OCR accuracy on the committed fixtures.

    python -m benchmarks.run convert        (the "convert" section of outputs/bench.json)
    python -m benchmarks.bench_convert      (just print the table)

Measures, on this machine: text-PDF pages per second with pypdfium2 (our fast path) and
pdfplumber side by side, OCR seconds per page and character error rate (CER) on the
scan fixtures per kind of scan, with the page preparation and region reading of
``ocr_prep``/``ocr_layout`` and without (``CCHC_OCR_PREPARE=0``, Tesseract on the page as
rendered), DOCX documents per second, and the same files through ``viparse.load`` (the
closest Vietnamese document loader) in the same run. Targets: text PDF ≥ 50 pages/s;
OCR ≤ 3 s/page, CER ≤ 3 % on typed text.

Kinds of scan: ``typed`` (the letter's pages rasterised at 200 dpi, tilted 0.4°; reference:
the text layer of the same pages), ``degraded`` (a phone photo of page 1: 150 dpi, 2°,
shaded, JPEG 50), ``sealed`` (the last page in colour with a red seal over the signer's
title and a blue signature), ``sealed-gray`` (the same page scanned in grayscale, so the
seal cannot be told by its colour), ``faded`` (a plan's page 1 from a copier low on
toner); gold: the ``.gold.txt`` beside each image.
"""

from __future__ import annotations

import io
import os
import time
from pathlib import Path

import pypdfium2 as pdfium
from PIL import Image

from benchmarks.cer import cer
from pipeline.convert import convert_bytes
from pipeline.convert import docx as docx_format
from pipeline.convert import pdf as pdf_format

REPO = Path(__file__).resolve().parent.parent

FIXTURES = REPO / "corpus" / "fixtures"
TEXT_PDFS = sorted(p for p in (FIXTURES / "pdf").glob("*.pdf") if ".scan." not in p.name)
SCAN_PDFS = sorted((FIXTURES / "pdf").glob("*.scan.pdf"))
#: Degraded scans with gold transcripts (corpus/fixtures/make_scans.py); the kind of scan
#: is the second-to-last part of the name: "….p1.degraded.jpg" → "degraded".
SCAN_IMAGES = sorted((FIXTURES / "scan").glob("*.jpg"))
DOCXS = sorted((FIXTURES / "docx").glob("*.docx"))


def _rate(fn, items: list, repeat: int = 3) -> tuple[float, int]:
    """(seconds for the best of ``repeat`` passes, units counted by fn in one pass)."""
    best, units = float("inf"), 0
    for _ in range(repeat):
        start = time.perf_counter()
        units = sum(fn(item) for item in items)
        best = min(best, time.perf_counter() - start)
    return best, units


def _pdf_pages(engine: str):
    def run(path: Path) -> int:
        return len(pdf_format.convert(path.read_bytes(), str(path), engine=engine).pages)
    return run


def _viparse_pages(path: Path) -> int:
    import viparse

    viparse.load(str(path), output="text")
    return len(pdfium.PdfDocument(path.read_bytes()))


def _viparse_doc(path: Path) -> int:
    import viparse

    viparse.load(str(path), output="text")
    return 1


def _docx_doc(path: Path) -> int:
    docx_format.convert(path.read_bytes(), str(path))
    return 1


def _scan_pages() -> list[tuple[str, str, bytes, str]]:
    """(kind, name, file bytes, gold text) of every scan page the benchmark reads."""
    pages = []
    for scan in SCAN_PDFS:
        reference_pdf = scan.with_name(scan.name.replace(".scan", ""))
        ref = pdf_format.convert(reference_pdf.read_bytes(), str(reference_pdf), engine="pdfium")
        pdf = pdfium.PdfDocument(scan.read_bytes())
        for i in range(len(pdf)):
            one = pdfium.PdfDocument.new()
            one.import_pages(pdf, [i])
            buf = io.BytesIO()
            one.save(buf)
            end = ref.pages[i + 1] if i + 1 < len(ref.pages) else len(ref.text)
            pages.append(("typed", f"{scan.name} p{i + 1}", buf.getvalue(),
                          ref.text[ref.pages[i]:end]))
    for image in SCAN_IMAGES:
        kind = image.name.split(".")[-2]
        gold = image.with_name(image.name.removesuffix(".jpg") + ".gold.txt").read_text("utf-8")
        pages.append((kind, image.name, image.read_bytes(), gold))
        if kind == "sealed":
            gray = io.BytesIO()
            Image.open(image).convert("L").save(gray, format="PNG")
            pages.append(("sealed-gray", image.name, gray.getvalue(), gold))
    return pages


def bench_ocr(prepare: bool = True) -> dict:
    """OCR seconds per page (CPU of this process and its tesseracts) and CER per kind of
    scan, one page at a time."""
    os.environ["CCHC_OCR_PREPARE"] = "1" if prepare else "0"
    by_kind: dict[str, list[float]] = {}
    pages = 0
    cpu = 0.0
    try:
        for kind, name, data, gold in _scan_pages():
            start = os.times()
            doc = convert_bytes(data, name)
            end = os.times()
            cpu += (end.user + end.system + end.children_user + end.children_system
                    - start.user - start.system - start.children_user - start.children_system)
            by_kind.setdefault(kind, []).append(cer(doc.text, gold))
            pages += 1
    finally:
        os.environ.pop("CCHC_OCR_PREPARE", None)
    result = {f"cer_{kind}": round(sum(v) / len(v), 4) for kind, v in by_kind.items()}
    return {"pages": pages, "cpu_seconds_per_page": round(cpu / max(pages, 1), 2), **result,
            "targets": {"seconds_per_page": 3.0, "cer_typed": 0.03}}


#: The contract's gold of the seeds the fixtures are made from (``../shared``).
SEED_GOLD = REPO.parent / "shared" / "contract" / "gold"


#: Fixtures that hold part of their seed, so the seed's gold is not theirs: the scans of
#: two pages (OCR is measured by CER in ``bench_ocr``) and a table of section headings.
PARTIAL = (".scan.", ".hidden-layer.", ".unruled-table.")


def _seed_fixtures() -> list[tuple[str, Path]]:
    """(format, file) of every fixture that carries a whole seed's text: the seed's id
    starts its name ("002_d5467ff125b81b44.narrow-header.pdf"). ``PARTIAL`` ones and the
    HTML pages (a page body, not the whole seed) are left out."""
    out = []
    for folder in ("txt", "docx", "doc", "pdf"):
        for path in sorted((FIXTURES / folder).glob("*_*.*")):
            if any(part in path.name for part in PARTIAL):
                continue
            if (SEED_GOLD / f"{path.name.split('.')[0]}.json").exists():
                out.append((path.name.split(".", 1)[1], path))
    return out


def bench_quality() -> dict:
    """Core F1 of each converted fixture against its seed's gold (the contract's scorer),
    and CPU seconds to convert it; the seeds' plain texts first, as the level to reach."""
    import json

    from extractors import extract
    from pipeline.evaluation import scoring

    def core_f1(text_or_doc, stem: str) -> float:
        gold = json.loads((SEED_GOLD / f"{stem}.json").read_text(encoding="utf-8"))
        pred = extract(text_or_doc).to_contract()
        tp = fp = fn = 0
        for cat in scoring.CORE:
            res = scoring.match_category(cat, scoring.as_list(gold.get(cat)),
                                         scoring.as_list(pred.get(cat)))
            tp, fp, fn = tp + res.tp, fp + res.fp, fn + res.fn
        return round(scoring.prf(tp, fp, fn)[2], 3)

    if not SEED_GOLD.is_dir():
        return {"skipped": f"{SEED_GOLD} is missing"}
    seeds = REPO.parent / "shared" / "seeds"
    plain = {p.stem: core_f1(p.read_text(encoding="utf-8"), p.stem)
             for p in sorted(seeds.glob("*.txt"))}
    result: dict = {"plain_text_core_f1": plain}
    for form, path in _seed_fixtures():
        stem = path.name.split(".")[0]
        start = time.process_time()
        doc = convert_bytes(path.read_bytes(), path.name)
        seconds = time.process_time() - start
        f1 = core_f1(doc, stem)
        result[f"{stem[:3]}.{form}"] = {"core_f1": f1, "plain_core_f1": plain.get(stem),
                                       "convert_cpu_seconds": round(seconds, 3)}
    return result


def run(quick: bool = False) -> dict:
    """Every measurement, as one dict (the "convert" section of outputs/bench.json)."""
    result: dict = {"machine_cores": os.cpu_count()}
    repeat = 1 if quick else 3
    for name, fn, items, unit in (
        ("pdf_text_pypdfium2", _pdf_pages("pdfium"), TEXT_PDFS, "pages"),
        ("pdf_text_pdfplumber", _pdf_pages("pdfplumber"), TEXT_PDFS, "pages"),
        ("pdf_text_auto", _pdf_pages("auto"), TEXT_PDFS, "pages"),
        ("pdf_text_viparse_load", _viparse_pages, TEXT_PDFS, "pages"),
        ("docx_python_docx", _docx_doc, DOCXS, "documents"),
        ("docx_viparse_load", _viparse_doc, DOCXS, "documents"),
    ):
        seconds, units = _rate(fn, items, repeat)
        result[name] = {unit: units, "seconds": round(seconds, 3),
                        f"{unit}_per_second": round(units / seconds, 1)}
    result["pdf_text_target_pages_per_second"] = 50
    result["quality_by_format"] = bench_quality()
    result["ocr_tesseract_vie"] = bench_ocr()
    if not quick:
        result["ocr_tesseract_vie_unprepared"] = bench_ocr(prepare=False)
    return result


def table(result: dict) -> str:
    """The result as a small Markdown table."""
    rows = ["| measure | value |", "| --- | --- |"]
    for key, value in result.items():
        if isinstance(value, dict):
            shown = ", ".join(f"{k}={v}" for k, v in value.items() if k != "targets")
            rows.append(f"| {key} | {shown} |")
        else:
            rows.append(f"| {key} | {value} |")
    return "\n".join(rows)


if __name__ == "__main__":
    print(table(run()))
