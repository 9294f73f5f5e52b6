"""Store benchmark: documents ingested per second, and p95 latency of every canned query
on a database of one million facts, with its answer tables built.

The documents are the bulk corpus (../shared/bulk, real pages; else the seeds, copied).
Facts are what the current extractors find in a sample of them, replicated over all the
documents with the year cycled, until there are ``FACTS`` rows. Who was assessed is
synthetic until extraction says it: each replicated score and ranking gets a subject and
an index from a short list of bodies (``SUBJECTS``), every 20th rate an index, and each
dossier count an agency from the same list with its period moved to the cycled year, so
the answer tables have the size a corpus of this many facts would give them. Reported:
the full rebuild of the answer tables, and storing one more document into the million
(which recomputes only the answer groups it states).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

FACTS = int(os.environ.get("CCHC_BENCH_FACTS", 1_000_000))
TARGET_MS = 100.0

#: Parameters a reader would type, per canned query (empty = "any").
PARAMS: dict[str, list[dict[str, str]]] = {
    "results_by_subject": [{"subject": "", "province": "", "index": "", "year": ""},
                           {"subject": "so cong thuong", "province": "lang son",
                            "index": "", "year": ""},
                           {"subject": "", "province": "dak lak", "index": "par_index",
                            "year": "2021"}],
    "ranking_table": [{"province": "", "index": "", "year": ""},
                      {"province": "dong thap", "index": "par_index", "year": "2022"}],
    "overdue_dossiers": [{"province": "", "agency": "", "year": ""},
                         {"province": "dong thap", "agency": "", "year": "2021"}],
    "dossiers_by_agency": [{"agency": "", "province": "", "metric": "", "year_from": "",
                            "year_to": ""},
                           {"agency": "so cong thuong", "province": "", "metric": "received",
                            "year_from": "2021", "year_to": "2023"}],
    "data_checks": [{"check": "", "province": ""},
                    {"check": "disagreement", "province": "lang son"}],
    "documents_citing": [{"number": "1009/QĐ-UBND"}, {"number": "30/2020/NĐ-CP"}],
    "search": [{"q": "dak lak"}, {"q": "ho so tre han"}, {"q": "quyet dinh"}],
    "new_results": [{"province": "", "index": ""},
                    {"province": "lang son", "index": "par_index"}],
    "new_documents": [{"site": "", "province": ""}, {"site": "", "province": "dak lak"}],
}

#: Bodies the replicated assessments and dossier counts are about (see the docstring).
SUBJECTS = ("Sở Công Thương", "Sở Kế hoạch và Đầu tư", "Sở Nội vụ", "Sở Tư pháp",
            "Sở Tài chính", "Sở Xây dựng", "Sở Giao thông vận tải", "Sở Y tế",
            "Sở Giáo dục và Đào tạo", "Sở Tài nguyên và Môi trường", "Sở Khoa học và Công nghệ",
            "Sở Lao động - Thương binh và Xã hội", "Sở Văn hóa, Thể thao và Du lịch",
            "Sở Nông nghiệp và Phát triển nông thôn", "Sở Thông tin và Truyền thông",
            "Ban Dân tộc", "Thanh tra tỉnh", "Văn phòng UBND tỉnh", "UBND huyện Lộc Bình",
            "UBND thành phố Buôn Ma Thuột")
INDEXES = ("par_index", "par_index", "par_index", "sipas", "dti")


def corpus_documents(limit: int = 3945) -> list:
    """Real documents: the bulk corpus when present, else the seeds and corpus/texts
    (``benchmarks.corpora``), as ``Document``s."""
    from benchmarks.corpora import bulk_texts
    from extractors.text.view import nfc
    from schemas import Document

    return [Document(source=f"bulk:{i}", format="txt", text=nfc(text))
            for i, text in enumerate(bulk_texts(limit))]


def ingest_rate(docs: list, folder: Path) -> dict[str, float]:
    """Documents per second through extract + store, and through store alone."""
    from extractors import extract
    from pipeline.store import open_db, store

    db = open_db(folder / "ingest.db")
    start = time.perf_counter()
    extractions = [extract(d) for d in docs]
    extracted = time.perf_counter()
    for doc, ex in zip(docs, extractions, strict=True):
        store(db, doc, ex)
    stored = time.perf_counter()
    return {"documents": len(docs),
            "docs_per_s_extract_and_store": round(len(docs) / (stored - start), 1),
            "docs_per_s_store_only": round(len(docs) / (stored - extracted), 1)}


def fact_templates(docs: list) -> tuple[list[tuple[str, Any]], str]:
    """(category, fact) pairs to replicate: what the extractors find in a bulk sample plus
    in the seeds (real reports, where the dossier and score figures are)."""
    from benchmarks.corpora import local_texts
    from extractors import extract
    from schemas import CATEGORIES

    texts = [d.text for d in docs] + local_texts()
    found = [(c, f) for t in texts for c in CATEGORIES for f in getattr(extract(t), c)]
    return found, "extractors (bulk sample + seeds)"


def build_million(docs: list, path: Path, facts: int = FACTS) -> dict[str, Any]:
    """A database of ``facts`` facts over ``docs``, bulk-inserted."""
    from extractors import EXTRACTOR_VERSION, extract
    from pipeline.store import answer_tables, open_db, totals
    from pipeline.store.records import document_row
    from pipeline.store.schema import fact_row
    from pipeline.store.search import search_fold

    start = time.perf_counter()
    templates, origin = fact_templates(docs[:200])
    db = open_db(path)
    db.execute("PRAGMA synchronous = OFF")
    empty = extract("")
    rows, seen = [], set()
    for i, doc in enumerate(docs):
        if doc.sha256 in seen:
            continue
        seen.add(doc.sha256)
        meta = empty.document.model_copy(update={
            "issued_date": f"{2018 + i % 8}-06-30",
            "province": ("Đắk Lắk", "Đồng Tháp", "Lạng Sơn")[i % 3],
            "issuer": ("Sở Công Thương", "Sở Kế hoạch và Đầu tư", "Sở Nội vụ", None)[i % 4]})
        rows.append(document_row(doc, empty.model_copy(update={"document": meta})))
    with db.atomic():
        db["documents"].insert_all(rows, batch_size=500)
        db.conn.executemany(
            "INSERT INTO documents_fts (rowid, title_folded, text_folded) "
            "SELECT rowid, ?, ? FROM documents WHERE id = ?",
            [("", search_fold(r["text"]), r["id"]) for r in rows])
    ids = [r[0] for r in db.execute("SELECT id FROM documents")]
    by_table: dict[str, list] = {}
    for n in range(facts):
        category, fact = templates[n % len(templates)]
        row = fact_row(fact, ids[n % len(ids)], n)
        assess(category, row, n, 2018 + (n // len(templates)) % 8)
        by_table.setdefault(category, []).append(row)
    with db.atomic():
        for table, table_rows in by_table.items():
            db[table].insert_all(table_rows, batch_size=5000)
        totals.rebuild(db)
    built = time.perf_counter()
    with db.atomic():
        answers = answer_tables.rebuild(db)
    answers_s = time.perf_counter() - built
    db.execute("ANALYZE")
    one = store_one_more(db, docs, templates)
    db.close()
    return {"facts": facts, "documents": len(ids), "fact_templates": origin,
            "extractor_version": EXTRACTOR_VERSION,
            "build_s": round(time.perf_counter() - start, 1),
            "rows_by_table": {t: len(r) for t, r in by_table.items()},
            "answer_rows": answers, "answers_rebuild_s": round(answers_s, 1),
            "store_one_more_ms": one}


def assess(category: str, row: dict[str, Any], n: int, year: int) -> None:
    """Give a replicated fact its synthetic who/which/when (see the module docstring)."""
    if "year" in row:
        row["year"] = year
    if category in ("scores", "rankings") or (category == "rates" and n % 20 == 0):
        row["subject"] = row.get("subject") or SUBJECTS[n % len(SUBJECTS)]
        row["index"] = row.get("index") or INDEXES[n % len(INDEXES)]
    elif category == "dossiers":
        row["agency"] = SUBJECTS[n % len(SUBJECTS)]
        for end in ("period_start", "period_end"):
            if row.get(end):
                row[end] = f"{year}{row[end][4:]}"


def store_one_more(db: Any, docs: list, templates: list) -> dict[str, float]:
    """Milliseconds to store one more document into the million (its facts and the
    answer groups it states, recomputed from every document stating them): median and
    worst of 20 documents whose facts are the templates, as an ingest would store them."""
    from pipeline.store import store
    from schemas import DocumentMeta, Extraction

    by_category: dict[str, list] = {}
    for category, fact in templates:
        if category in ("scores", "rankings", "dossiers") and len(
                by_category.setdefault(category, [])) < 12:
            update = ({"subject": fact.subject or SUBJECTS[0], "year": 2021,
                       "index": fact.index or "par_index"} if category != "dossiers" else {})
            by_category[category].append(type(fact).model_validate({**fact.model_dump(), **update}))
    meta = DocumentMeta(province="Lạng Sơn", issued_date="2021-06-30")
    times = []
    for i, doc in enumerate(docs[:20]):
        new = doc.model_copy(update={"text": doc.text + f"\n(bench {i})"})
        extraction = Extraction(text=new.text, document=meta, extractor_version="bench",
                                **by_category)
        t = time.perf_counter()
        store(db, new, extraction)
        times.append((time.perf_counter() - t) * 1000)
    return {"median": round(statistics.median(times), 1), "max": round(max(times), 1)}


def query_latency(path: Path, runs: int = 20) -> dict[str, Any]:
    """p50/p95 milliseconds of each canned query, per parameter set."""
    import sqlite3

    from pipeline.serve import plugin as datasette_plugin
    from pipeline.store.queries import CANNED

    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    datasette_plugin.prepare_connection(con)
    out: dict[str, Any] = {}
    for name, query in CANNED.items():
        for params in PARAMS[name]:
            times = []
            for _ in range(runs):
                t = time.perf_counter()
                rows = con.execute(query["sql"], params).fetchall()
                times.append((time.perf_counter() - t) * 1000)
            times.sort()
            key = name + ("?" + "&".join(f"{k}={v}" for k, v in params.items() if v) or "")
            p95 = times[min(len(times) - 1, int(0.95 * len(times)))]
            out[key] = {"rows": len(rows), "p50_ms": round(statistics.median(times), 2),
                        "p95_ms": round(p95, 2), "ok": p95 <= TARGET_MS}
    return out


def run(quick: bool = False) -> dict[str, Any]:
    """The store section of ``outputs/bench.json`` (``quick``: 100k facts, 50 documents),
    and the same canned queries on a database whose facts are all answers
    (``answer_facts``)."""
    from benchmarks import answer_facts
    from benchmarks.corpora import source_name

    docs = corpus_documents()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        result: dict[str, Any] = {"source": source_name(),
                                  "ingest": ingest_rate(docs[:50 if quick else 150], folder)}
        result["million"] = build_million(docs, folder / "million.db",
                                          min(FACTS, 100_000) if quick else FACTS)
        latency = query_latency(folder / "million.db")
        scale = answer_facts.build(folder / "answers.db",
                                   min(FACTS, 100_000) if quick else FACTS)
        scale["canned_query_latency"] = query_latency(folder / "answers.db")
    result["canned_query_latency"] = latency
    result["answers_at_scale"] = scale
    result["target_p95_ms"] = TARGET_MS
    result["all_within_target"] = all(
        v["ok"] for v in [*latency.values(), *scale["canned_query_latency"].values()])
    return result


def table(r: dict[str, Any]) -> str:
    """A readable summary of ``run()``'s result."""
    ing, mil = r["ingest"], r["million"]
    lines = [f"ingest ({ing['documents']} docs from {r['source']}): "
             f"{ing['docs_per_s_extract_and_store']} docs/s extract+store, "
             f"{ing['docs_per_s_store_only']} docs/s store only",
             f"{mil['facts']} facts over {mil['documents']} documents built in "
             f"{mil['build_s']} s (templates: {mil['fact_templates']})",
             f"answer tables {mil['answer_rows']} rebuilt in {mil['answers_rebuild_s']} s; "
             f"one more document stored in {mil['store_one_more_ms']['median']} ms "
             f"(median of 20, worst {mil['store_one_more_ms']['max']} ms)",
             f"{'canned query':<60}{'rows':>6}{'p50 ms':>9}{'p95 ms':>9}"]
    for name, v in r["canned_query_latency"].items():
        flag = "" if v["ok"] else "  > target"
        lines.append(f"{name[:60]:<60}{v['rows']:>6}{v['p50_ms']:>9}{v['p95_ms']:>9}{flag}")
    scale = r["answers_at_scale"]
    lines.append(f"all-answer database: {scale['facts']} facts, answer tables "
                 f"{scale['answer_rows']} rebuilt in {scale['answers_rebuild_s']} s; one "
                 f"document's groups recomputed in {scale['update_one_document_ms']['median']}"
                 f" ms (median of 20, worst {scale['update_one_document_ms']['max']} ms)")
    for name, v in scale["canned_query_latency"].items():
        flag = "" if v["ok"] else "  > target"
        lines.append(f"{name[:60]:<60}{v['rows']:>6}{v['p50_ms']:>9}{v['p95_ms']:>9}{flag}")
    lines.append(f"target p95 <= {r['target_p95_ms']} ms: "
                 f"{'met' if r['all_within_target'] else 'NOT met'}")
    return "\n".join(lines)
