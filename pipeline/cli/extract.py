"""``cchc extract``: print the extraction contract for files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from pipeline.cli import main
from pipeline.cli.limits import jobs_option, limit_options
from pipeline.cli.progress import Progress, quiet_option
from pipeline.process import Failure, Packed, Result
from pipeline.process.contract import Contract
from pipeline.process.many import process_many


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="One JSON object (the default for one file).")
@click.option("--jsonl", is_flag=True, help="One JSON object per line (the default for several).")
@click.option("-o", "--out-dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write <stem>.json per file into this directory instead of stdout.")
@click.option("--no-people", is_flag=True, help="Skip person names (faster).")
@limit_options
@jobs_option
@quiet_option
def extract(files: tuple[Path, ...], as_json: bool, jsonl: bool, out_dir: Path | None,
            no_people: bool, jobs: int, quiet: bool) -> None:
    """Extract document metadata, references, dates, figures, units and people.

    Prints the contract of ../shared/contract/README.md: one JSON object for one file,
    JSON lines for several. A file that cannot be read is reported on stderr, by name, on
    one line, and the others are still processed; the exit code is then 1. Each file is
    converted and extracted in a worker process held to --max-seconds and --max-memory,
    on --jobs workers at once (one a core by default); the output keeps the files' order.

    \b
    Examples:
      cchc extract thong-bao.txt --json
      cchc extract corpus/texts/*.txt -o outputs/extract
    """
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
    one_object = as_json or (len(files) == 1 and not jsonl)
    contract = Contract(indent=bool(out_dir) or (one_object and len(files) == 1))
    failed = 0
    with Progress("extract", total=len(files), quiet=quiet or len(files) == 1) as progress:
        for path, processed in process_many(files, jobs=jobs, with_people=not no_people,
                                            pack=contract):
            progress.advance(path.name, failed=isinstance(processed, Failure))
            failed += write(path, processed, out_dir)
    if failed:
        click.echo(f"{failed} of {len(files)} file(s) failed", err=True)
        sys.exit(1)


def write(path: Path, processed: Result, out_dir: Path | None) -> int:
    """Print or write one file's contract (the JSON text ``Contract`` made); 1 when it
    failed (reported on stderr)."""
    if isinstance(processed, Failure):
        click.echo(f"error: {processed}", err=True)
        return 1
    assert isinstance(processed, Packed), processed
    text: str = processed.value  # type: ignore[assignment]
    if out_dir:
        (out_dir / f"{path.stem}.json").write_text(text, encoding="utf-8")
    else:
        click.echo(text)
    return 0
