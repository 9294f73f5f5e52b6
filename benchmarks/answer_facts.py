"""A worst case for the answer tables: a database whose facts are all answers.

In the replicated corpus of ``bench_store.build_million`` most of a million facts are
dates, references and units, so the answer tables stay small. Here every fact is a
score, a ranking or a dossier count, spread over many keys (18 bodies in each of the 63
provinces, ten years, criteria, five indexes; dossier counts by quarter and metric), each
key stated by one to three documents of its province, one in ten disagreeing and one in
five dossier figures restated approximately: with a million facts the answer tables hold
hundreds of thousands of rows. Synthetic values over real names; for timing only.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks.bench_store import INDEXES, SUBJECTS

#: Bodies that every province has (the district committees of the replicated corpus name
#: one province each and would pile all 63 provinces' figures into it).
BODIES = tuple(s for s in SUBJECTS if not s.startswith("UBND"))
METRICS = ("received", "resolved", "resolved_early", "resolved_on_time", "overdue",
           "pending", "received_online", "returned")
YEARS = 10


def provinces() -> list[str]:
    from extractors.lexicon.gazetteer import BEFORE
    from extractors.lexicon.gazetteer import provinces as listed

    return [p.name for p in listed(BEFORE)]


def documents(n: int) -> list[dict[str, Any]]:
    """``n`` small documents spread over the 63 provinces and ten years."""
    names = provinces()
    return [{"id": f"bench-{i:06d}", "source": f"bench:{i}", "format": "txt",
             "text": f"văn bản {i}", "province": names[i % len(names)],
             "issued_date": f"{2016 + i % YEARS}-12-{1 + i % 28:02d}",
             "year": 2016 + i % YEARS, "kind": "bao_cao"} for i in range(n)]


def _digits(key: int, *bases: int) -> list[int]:
    """``key`` in a mixed radix: each key a different combination, the last digit
    unbounded."""
    out = []
    for base in bases:
        key, digit = divmod(key, base)
        out.append(digit)
    return [*out, key]


def facts(n: int, docs: list[dict[str, Any]]) -> dict[str, list[tuple]]:
    """About ``n`` fact rows per table (scores, rankings, dossiers), as tuples for
    ``INSERT``; half are assessments, half dossier counts. Every key is a different
    combination, stated by one to three documents of its province."""
    by_province: dict[str, list[str]] = {}
    for d in docs:
        by_province.setdefault(d["province"], []).append(d["id"])
    grouped = list(by_province.values())

    def doc_of(province: int, key: int, j: int) -> str:
        docs_here = grouped[province % len(grouped)]
        return docs_here[(key + j * 13) % len(docs_here)]

    out: dict[str, list[tuple]] = {"scores": [], "rankings": [], "dossiers": []}
    key = 0
    while len(out["scores"]) + len(out["rankings"]) < n // 2:
        s, p, y, i, c = _digits(key, len(BODIES), len(grouped), YEARS, len(INDEXES))
        criterion = None if c == 0 else f"{c // 10 + 1}.{c % 10 + 1}"
        for j in range(1 + key % 3):
            doc = doc_of(p, key, j)
            value = 50 + key % 50 + (0.5 if j == 2 and key % 10 == 0 else 0)
            out["scores"].append((doc, j, BODIES[s], INDEXES[i], 2015 + y, criterion, None,
                                  value, 100.0, None, j, j + 5, f"{value} điểm", "bench"))
            if criterion is None:
                out["rankings"].append((doc, j, BODIES[s], INDEXES[i], 2015 + y, None,
                                        key % 20 + 1, 20, j, j + 5,
                                        f"xếp thứ {key % 20 + 1}/20", "bench"))
        key += 1
    key = 0
    while len(out["dossiers"]) < n // 2:
        m, a, p, y, q = _digits(key, len(METRICS), len(BODIES), len(grouped), YEARS)
        q %= 4  # a quarter; beyond four keys repeat, as restatements in more documents
        start, end = f"{2016 + y}-{3 * q + 1:02d}-01", f"{2016 + y}-{3 * q + 3:02d}-28"
        for j in range(1 + key % 3):
            approx = j == 1 and key % 5 == 0
            count = 1000 + key % 997 - (37 if approx else 0)
            out["dossiers"].append((doc_of(p, key, j), j, METRICS[m], count, BODIES[a],
                                    None, start, end, int(approx), j, j + 5,
                                    f"{count} hồ sơ", "bench"))
        key += 1
    return out


INSERTS = {
    "scores": 'INSERT INTO scores (document_id, seq, subject, "index", year, criterion, '
              'stage, value, "max", percent, start, "end", quote, rule) '
              "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    "rankings": 'INSERT INTO rankings (document_id, seq, subject, "index", year, criterion, '
                '"rank", "of", start, "end", quote, rule) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)',
    "dossiers": 'INSERT INTO dossiers (document_id, seq, metric, "count", agency, level, '
                'period_start, period_end, approx, start, "end", quote, rule) '
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?)",
}


def build(path: Path, n: int) -> dict[str, Any]:
    """The database at ``path``: documents, about ``n`` answer facts, answer tables."""
    import time

    from pipeline.store import answer_tables, open_db

    db = open_db(path)
    db.execute("PRAGMA synchronous = OFF")
    docs = documents(5000)
    rows = facts(n, docs)
    with db.atomic():
        db["documents"].insert_all(docs, batch_size=1000)
        for table, values in rows.items():
            db.conn.executemany(INSERTS[table], values)
    start = time.perf_counter()
    with db.atomic():
        counts = answer_tables.rebuild(db)
    rebuild_s = time.perf_counter() - start
    db.execute("ANALYZE")
    times = []
    for doc in docs[:: len(docs) // 20][:20]:
        t = time.perf_counter()
        with db.atomic():
            answer_tables.update(db, [doc["id"]])
        times.append((time.perf_counter() - t) * 1000)
    db.close()
    times.sort()
    return {"facts": sum(len(v) for v in rows.values()),
            "rows_by_table": {t: len(v) for t, v in rows.items()},
            "answer_rows": counts, "answers_rebuild_s": round(rebuild_s, 1),
            "update_one_document_ms": {"median": round(times[len(times) // 2], 1),
                                       "max": round(times[-1], 1)}}
