"""Serve the database with Datasette, read-only, on 127.0.0.1.

``serve("outputs/cchc.db", port=8001)`` writes ``outputs/metadata.yml`` (generated from
the schema models, ``metadata.py``), registers our plugin (``plugin.py``: the SQL
functions for accent-free matching) with Datasette's plugin manager, and runs
``datasette serve -i outputs/cchc.db -m outputs/metadata.yml --host 127.0.0.1``. ``-i``
opens the file immutable: Datasette cannot write to it.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.serve import metadata


def datasette_args(db_path: Path, metadata_path: Path, host: str, port: int) -> list[str]:
    """The ``datasette`` command-line arguments for a read-only instance."""
    return [
        "serve", "-i", str(db_path), "-m", str(metadata_path),
        "--host", host, "--port", str(port),
        "--setting", "sql_time_limit_ms", "5000",
    ]


def serve(db_path: str | Path, *, port: int = 8001, host: str = "127.0.0.1",
          metadata_path: str | Path | None = None) -> None:
    """Run Datasette over ``db_path`` until interrupted (blocks)."""
    from datasette import cli
    from datasette.plugins import pm

    from pipeline.serve import plugin

    db_path = Path(db_path)
    if not db_path.exists():
        raise FileNotFoundError(f"{db_path}: no such database (run cchc ingest first)")
    meta = Path(metadata_path or db_path.parent / "metadata.yml")
    metadata.write(meta, db_path.stem)
    if not pm.is_registered(plugin):
        pm.register(plugin, name="cchc")
    cli.cli.main(datasette_args(db_path, meta, host, port), prog_name="datasette")
