"""``cchc eval``: how right is the extraction, and why is it wrong where it is.

Beside F1 per category it reports answer accuracy for a gold set that has questions
(``corpus/questions``, ``../shared/contract/questions``): the set's texts are ingested into
a fresh SQLite database the way ``cchc ingest`` stores them, and every question ("Quý
I/2020 toàn tỉnh Lâm Đồng có bao nhiêu hồ sơ quá hạn?" → 7677) is asked of its answer
views by the contract's rules (``pipeline.evaluation.answers``). Building that database
ties extraction to the store, which only an orchestrator such as this CLI may do.
"""

from __future__ import annotations

import json
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

import click

from pipeline.cli import main
from pipeline.cli.progress import Progress, quiet_option
from pipeline.evaluation.answers import AnswerReport, describe


def _table(report) -> str:
    lines = [f"{'category':<12} {'tp':>5} {'fp':>5} {'fn':>5} {'P':>6} {'R':>6} {'F1':>6}"]
    for cat, v in report.categories.items():
        lines.append(f"{cat:<12} {v['tp']:>5} {v['fp']:>5} {v['fn']:>5} "
                     f"{v['precision']:>6.3f} {v['recall']:>6.3f} {v['f1']:>6.3f}")
    lines.append("")
    for name, v in report.attributes.items():
        lines.append(f"attribute {name:<22} {v['correct']:>4}/{v['total']:<4} {v['accuracy']:.3f}")
    for name, v in report.document.items():
        lines.append(f"document.{name:<24} {v['correct']:>4}/{v['total']:<4} {v['accuracy']:.3f}")
    pv = report.provenance
    lines.append(f"provenance (quote == text[span]) {pv['ok']}/{pv['total']} {pv['rate']:.3f}")
    if report.missing:
        lines.append("no prediction for: " + ", ".join(report.missing))
    lines.append(f"document fields accuracy {report.document_accuracy:.3f}")
    lines.append(f"all-categories F1 {report.all_f1:.3f}")
    lines.append(f"core F1 (references, dates, scores, dossiers, units) {report.core_f1:.3f}")
    return "\n".join(lines)


def _short(item) -> str:
    if isinstance(item, dict):
        item = {k: v for k, v in item.items() if k not in ("span", "mentions", "rule")}
        return json.dumps(item, ensure_ascii=False)
    return json.dumps(item, ensure_ascii=False)


def _misses(report, limit: int) -> str:
    lines = []
    for m in report.misses[:limit]:
        lines.append(f"{m.document} {m.category} {m.kind}: {_short(m.item)}")
        if m.kind == "missed" and m.nearest is not None:
            lines.append(f"    nearest prediction: {_short(m.nearest)} (rule {m.rule})")
        elif m.kind == "wrong":
            lines.append(f"    predicted: {_short(m.nearest)}")
        elif m.kind == "spurious":
            lines.append(f"    rule: {m.rule}")
    if len(report.misses) > limit:
        lines.append(f"… {len(report.misses) - limit} more (--misses N, or --json)")
    return "\n".join(lines)


def ask_gold_set(texts: Iterable[Path], questions_dir: Path,
                 db_path: Path | None = None) -> AnswerReport:
    """Ingest ``texts`` into a fresh database and ask it the questions of
    ``questions_dir``; a text that fails to ingest is named in the report's problems.

    ``db_path`` keeps the database (it must not exist yet: answers are asked of a fresh
    one); by default it is built in a temporary folder and removed afterwards.
    """
    from pipeline.evaluation.answers import ask_database, load
    from pipeline.ingest import ingest
    from pipeline.store import open_db

    questions = load(questions_dir)
    with tempfile.TemporaryDirectory(prefix="cchc-answers-") as tmp:
        path = db_path or Path(tmp) / "answers.db"
        if path.exists():
            raise FileExistsError(f"{path}: answers are asked of a fresh database")
        db = open_db(path)
        try:
            ingested = ingest(list(texts), db)
        finally:
            db.close()
        report = ask_database(path, questions)
    report.problems.extend(f"not ingested: {source}: {why}"
                           for source, why in ingested.failures)
    return report


def default_questions(gold_dir: Path) -> Path | None:
    """A gold set's questions sit beside its gold: ``corpus/gold`` → ``corpus/questions``,
    ``contract/gold`` → ``contract/questions``."""
    candidate = gold_dir.parent / "questions"
    return candidate if candidate.is_dir() else None


def _answers(report: AnswerReport, questions_dir: Path, limit: int) -> str:
    lines = [f"answers: {len(report.results)} questions of {questions_dir} asked of a fresh "
             "database of the set's texts"]
    lines += [f"  {p}" for p in report.problems]
    lines += describe(report, limit)
    return "\n".join(lines)


@main.command("eval")
@click.argument("gold_dir", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where the documents are (default: beside the gold directory).")
@click.option("--json", "json_out", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the full result, misses included, as JSON.")
@click.option("--per-doc", is_flag=True, help="Print tp/fp/fn per document and category.")
@click.option("--misses", default=40, show_default=True, help="How many misses to print.")
@click.option("--update-floors", is_flag=True,
              help="Score every gold set of the floors file and raise its floors.")
@click.option("--allow-regression", is_flag=True,
              help="With --update-floors: also lower floors (shows in review).")
@click.option("--floors", "floors_path", default="tests/eval_floors.json", show_default=True,
              type=click.Path(dir_okay=False, path_type=Path))
@click.option("--questions", "questions_dir",
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Questions for the answer views (default: GOLD_DIR/../questions).")
@click.option("--no-answers", is_flag=True, help="Score extraction only; ask no questions.")
@click.option("--answers-db", type=click.Path(dir_okay=False, path_type=Path),
              help="Keep the database built for the questions here (must not exist).")
@quiet_option
def eval_command(gold_dir: Path | None, corpus_dir: Path | None, json_out: Path | None,
                 per_doc: bool, misses: int, update_floors: bool, allow_regression: bool,
                 floors_path: Path, questions_dir: Path | None, no_answers: bool,
                 answers_db: Path | None, quiet: bool) -> None:
    """Score extraction against gold files: P/R/F1 per category, every miss, and
    answer accuracy.

    Runs extraction on every document that has a gold file (GOLD_DIR/<id>.json is
    scored against CORPUS/<id>.*) with the contract's rules, and for each miss prints
    the gold item, the nearest prediction and the rule that fired. Where the gold set
    has questions, its texts are ingested into a fresh database and each question is
    asked of the answer views the contract's way (ask.py): accuracy per view, and for
    each wrong answer why and the rows that matched.

    \b
    Examples:
      cchc eval corpus/gold
      cchc eval ../shared/contract/gold --corpus ../shared/seeds --per-doc
      cchc eval corpus/gold --answers-db /tmp/answers.db
      cchc eval --update-floors
    """
    from pipeline.evaluation import evaluate
    from pipeline.evaluation.runner import default_corpus, gold_texts

    if update_floors:
        sys.exit(_update(floors_path, allow_regression))
    if gold_dir is None:
        raise click.UsageError("GOLD_DIR is required (or --update-floors)")
    if answers_db is not None and answers_db.exists():
        raise click.UsageError(f"--answers-db {answers_db} exists: answers are asked of a "
                               "fresh database")
    corpus_dir = corpus_dir or default_corpus(gold_dir)
    with Progress("eval", total=len(gold_texts(gold_dir, corpus_dir)), quiet=quiet,
                  unit="documents") as progress:
        report = evaluate(gold_dir, corpus_dir, on_document=progress.advance)
    click.echo(_table(report))
    questions_dir = None if no_answers else questions_dir or default_questions(gold_dir)
    if questions_dir is not None:
        report.answers = ask_gold_set(gold_texts(gold_dir, corpus_dir).values(),
                                      questions_dir, answers_db)
    if per_doc:
        for doc, row in report.per_doc.items():
            click.echo(doc + " " + " ".join(f"{c}={tp}/{fp}/{fn}"
                                            for c, (tp, fp, fn) in row.items()))
    if misses and report.misses:
        click.echo("\nMisses:")
        click.echo(_misses(report, misses))
    if report.answers is not None and questions_dir is not None:
        click.echo("")
        click.echo(_answers(report.answers, questions_dir, misses))
    if json_out:
        json_out.write_text(json.dumps(report.to_dict(), ensure_ascii=False, indent=1),
                            encoding="utf-8")


def _update(floors_path: Path, allow_regression: bool) -> int:
    from pipeline.evaluation import evaluate
    from pipeline.evaluation import floors as fl
    from pipeline.evaluation.runner import gold_texts

    root = floors_path.resolve().parent.parent
    data = fl.load(floors_path)
    status = 0
    for gold in fl.gold_sets(data, root):
        report = evaluate(gold.gold_dir, gold.corpus_dir)
        if gold.questions_dir is not None:
            report.answers = ask_gold_set(gold_texts(gold.gold_dir, gold.corpus_dir).values(),
                                          gold.questions_dir)
            for problem in report.answers.problems:
                click.echo(f"{gold.name}: {problem}", err=True)
        entry, regressions = fl.raise_floors(data[gold.name], report, fl.digest(gold),
                                             allow_regression)
        for r in regressions:
            verb = "lowered" if allow_regression else "REFUSED (use --allow-regression)"
            click.echo(f"{gold.name}: regression {r} {verb}", err=True)
        if regressions and not allow_regression:
            status = 1
        data[gold.name] = entry
        cats = ", ".join(f"{c} {v:.2f}" for c, v in entry["categories"].items())
        answers = f"; answers {entry['answers']:.2f}" if "answers" in entry else ""
        click.echo(f"{gold.name}: {cats}; document {entry.get('document_accuracy', 0):.2f}"
                   f"{answers}")
    fl.save(data, floors_path)
    return status
