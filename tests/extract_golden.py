"""The extraction golden file: what ``extract`` gives on real texts, kept to prove that a
speed-up changes no fact (issue 19).

``extract_golden.json`` holds, for every seed and ``corpus/texts`` file, the whole
output of ``cchc extract`` (each file converted as the command does, then every category
with its spans and quotes; the text itself stands as its sha256), and for the first
``BULK_PAGES`` pages of ``../shared/bulk/vn-legal-web.jsonl.gz`` one short hash per
category (the bulk is no gold; the hashes only say "unchanged"). ``extractor_version``
(it moves with every data file) and ``source`` (an absolute path, different in every
worktree) are left out: the facts are what is compared.

Regenerate after a deliberate change of extractor output (a new rule, a data file, a
merge of such a change), never to make a speed-up pass, and say so in the commit::

    python -m tests.extract_golden          # rewrite tests/extract_golden.json
    python -m tests.extract_golden --diff   # only list what differs from it
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).with_name("extract_golden.json")
#: How many bulk pages, from the top of the file: ~4.2 M characters, a few seconds.
BULK_PAGES = 400


def _shared() -> Path:
    from tests.conftest import SHARED

    return SHARED


def local_files() -> list[tuple[str, Path]]:
    """``(name, path)`` of the seeds and ``corpus/texts``, named as in the golden file."""
    seeds = sorted((_shared() / "seeds").glob("*.txt"))
    corpus = sorted((REPO / "corpus" / "texts").glob("*.txt"))
    return ([(f"../shared/seeds/{p.name}", p) for p in seeds]
            + [(f"corpus/texts/{p.name}", p) for p in corpus])


def bulk_pages(n: int = BULK_PAGES) -> Iterator[tuple[str, str]]:
    """``(name, text)`` of the first ``n`` bulk pages (none when the file is absent)."""
    path = _shared() / "bulk" / "vn-legal-web.jsonl.gz"
    if not path.exists():
        return
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for i, line in enumerate(f):
            if i >= n:
                return
            page = json.loads(line)
            yield f"bulk/{i:04d}:{page['id']}", page["text"]


def facts(extraction: Any) -> dict[str, Any]:
    """The contract's output without the text (its sha256 stays), the version and the
    source (an absolute path: the golden file's key names the file wherever it is)."""
    data = extraction.to_contract()
    for key in ("text", "extractor_version", "source"):
        data.pop(key, None)
    return data


def category_hashes(data: dict[str, Any]) -> dict[str, str]:
    """One 16-hex hash per key of ``data``: enough to say which category changed."""
    return {key: hashlib.sha256(json.dumps(value, sort_keys=True, ensure_ascii=False)
                                .encode()).hexdigest()[:16]
            for key, value in sorted(data.items())}


def local_entry(path: Path) -> dict[str, Any]:
    from extractors import extract
    from pipeline.convert import convert_path

    return facts(extract(convert_path(path)))


def bulk_entry(text: str) -> dict[str, str]:
    from extractors import extract

    return category_hashes(facts(extract(text)))


def build() -> dict[str, Any]:
    return {"local": {name: local_entry(path) for name, path in local_files()},
            "bulk": {name: bulk_entry(text) for name, text in bulk_pages()}}


def diff(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """One line per document and category that differs."""
    lines = []
    for part in ("local", "bulk"):
        for name in sorted(set(old.get(part, {})) | set(new.get(part, {}))):
            a, b = old.get(part, {}).get(name), new.get(part, {}).get(name)
            if a == b:
                continue
            if a is None or b is None:
                lines.append(f"{name}: {'added' if a is None else 'gone'}")
                continue
            keys = sorted(k for k in set(a) | set(b) if a.get(k) != b.get(k))
            lines.append(f"{name}: {', '.join(keys)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--diff", action="store_true", help="list differences, write nothing")
    args = ap.parse_args(argv)
    new = build()
    if args.diff:
        old = json.loads(GOLDEN.read_text("utf-8")) if GOLDEN.exists() else {}
        lines = diff(old, new)
        print("\n".join(lines) or "identical")
        return 1 if lines else 0
    GOLDEN.write_text(json.dumps(new, ensure_ascii=False, indent=0, sort_keys=True) + "\n",
                      encoding="utf-8")
    print(f"wrote {GOLDEN.relative_to(REPO)}: {len(new['local'])} local texts, "
          f"{len(new['bulk'])} bulk pages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
