"""``python -m pipeline`` is the ``cchc`` command."""

from pipeline.cli import main

main(prog_name="cchc")
