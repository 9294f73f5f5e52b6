"""``cchc convert``: print the clean text of files (or the whole ``Document`` as JSON)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from pipeline.cli import main
from pipeline.cli.limits import limit_options
from pipeline.errors import safe_text
from pipeline.process import Failure, convert_only


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True,
              help="Print each Document as JSON (text, page map, how it was converted).")
@limit_options
def convert(files: tuple[Path, ...], as_json: bool) -> None:
    """Convert HTML, PDF (text or scanned), DOCX, DOC, images and text files to clean text.

    Legacy Vietnamese encodings (TCVN3, VNI, VISCII, Windows-1258) come out as Unicode NFC.
    A file that cannot be converted is reported on stderr, by name, on one line, and the
    others are still converted; the exit code is then 1. Each file is converted in a
    worker process held to --max-seconds and --max-memory.

    \b
    Examples:
      cchc convert cong-van.pdf
      cchc convert ban-scan.pdf quyet-dinh.doc --json
    """
    failed = 0
    for path in files:
        doc = convert_only(path)
        if isinstance(doc, Failure):
            click.echo(f"error: {doc}", err=True)
            failed += 1
            continue
        if as_json:
            click.echo(json.dumps(doc.model_dump(mode="json"), ensure_ascii=False))
        else:
            if len(files) > 1:
                click.echo(f"==> {safe_text(str(path))} <==")
            click.echo(doc.text)
            for warning in doc.conversion.warnings:
                click.echo(f"warning: {safe_text(str(path))}: {safe_text(warning)}", err=True)
    if failed:
        click.echo(f"{failed} of {len(files)} file(s) failed", err=True)
        sys.exit(1)
