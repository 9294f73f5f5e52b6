"""Evaluation: score extraction against gold files the contract's way, and keep floors.

- ``evaluate(gold_dir, corpus_dir) -> Report`` (``runner``)
- the contract's matching rules (``scoring``), checked against ../shared/contract/score.py
- pinned quality floors with a digest of the gold set (``floors``)
"""

from pipeline.evaluation.runner import Miss, Report, evaluate, predict, score

__all__ = ["Miss", "Report", "evaluate", "predict", "score"]
