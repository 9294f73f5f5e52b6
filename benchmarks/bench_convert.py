"""Conversion benchmark: speed of each path and OCR accuracy on the committed fixtures.

    python -m benchmarks.run convert        (the "convert" section of outputs/bench.json)
    python -m benchmarks.bench_convert      (just print the table)

Measures, on this machine: text-PDF pages per second with pypdfium2 (our fast path) and
pdfplumber side by side, OCR seconds per page and character error rate (CER) on the
rasterised fixtures (reference: the text layer of the same pages), DOCX documents per
second, and the same files through ``viparse.load`` (the closest Vietnamese document
loader) in the same run. Targets: text PDF ≥ 50 pages/s; OCR ≤ 3 s/page, CER ≤ 3 %.
"""

from __future__ import annotations

import os
import re
import time
from pathlib import Path

from pipeline.convert import docx as docx_format
from pipeline.convert import pdf as pdf_format

REPO = Path(__file__).resolve().parent.parent

FIXTURES = REPO / "corpus" / "fixtures"
TEXT_PDFS = sorted(p for p in (FIXTURES / "pdf").glob("*.pdf") if ".scan." not in p.name)
SCAN_PDFS = sorted((FIXTURES / "pdf").glob("*.scan.pdf"))
DOCXS = sorted((FIXTURES / "docx").glob("*.docx"))


def levenshtein(a: str, b: str) -> int:
    """Edit distance, two rows at a time (enough for page-sized strings)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1,
                               previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def cer(hypothesis: str, reference: str) -> float:
    """Character error rate with white space collapsed (layout is not a reading error)."""
    hyp = re.sub(r"\s+", " ", hypothesis).strip()
    ref = re.sub(r"\s+", " ", reference).strip()
    return levenshtein(hyp, ref) / max(1, len(ref))


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
    import pypdfium2 as pdfium

    return len(pdfium.PdfDocument(path.read_bytes()))


def _viparse_doc(path: Path) -> int:
    import viparse

    viparse.load(str(path), output="text")
    return 1


def _docx_doc(path: Path) -> int:
    docx_format.convert(path.read_bytes(), str(path))
    return 1


def bench_ocr() -> dict:
    """OCR seconds per page and CER against the text layer of the same pages."""
    pages = seconds = 0.0
    errors: list[float] = []
    for scan in SCAN_PDFS:
        reference_pdf = scan.with_name(scan.name.replace(".scan", ""))
        ref = pdf_format.convert(reference_pdf.read_bytes(), str(reference_pdf), engine="pdfium")
        start = time.perf_counter()
        doc = pdf_format.convert(scan.read_bytes(), str(scan))
        seconds += time.perf_counter() - start
        for i, begin in enumerate(doc.pages):
            end = doc.pages[i + 1] if i + 1 < len(doc.pages) else len(doc.text)
            r_end = ref.pages[i + 1] if i + 1 < len(ref.pages) else len(ref.text)
            errors.append(cer(doc.text[begin:end], ref.text[ref.pages[i]:r_end]))
        pages += len(doc.pages)
    return {"pages": int(pages), "seconds_per_page": round(seconds / max(pages, 1), 2),
            "cer": round(sum(errors) / max(len(errors), 1), 4),
            "workers": int(os.environ.get("CCHC_OCR_WORKERS", os.cpu_count() or 1)),
            "targets": {"seconds_per_page": 3.0, "cer": 0.03}}


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
    result["ocr_tesseract_vie"] = bench_ocr()
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
