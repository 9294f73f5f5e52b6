"""Benchmarks: one ``bench_<section>.py`` per section, each with ``run() -> dict``;
``python -m benchmarks.run`` runs them all into ``outputs/bench.json``."""
