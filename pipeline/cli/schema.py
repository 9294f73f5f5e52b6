"""``cchc schema``: the JSON Schema of ``cchc extract`` output."""

from __future__ import annotations

import json

import click

from pipeline.cli import main


@main.command()
def schema() -> None:
    """Print the JSON Schema of the extraction output (generated from schemas/).

    \b
    Example:
      cchc schema > outputs/extraction.schema.json
    """
    from schemas import output_json_schema

    click.echo(json.dumps(output_json_schema(), ensure_ascii=False, indent=2))
