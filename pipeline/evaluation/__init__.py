"""Evaluation: score extraction against gold files the contract's way, and keep floors.

- ``evaluate(gold_dir, corpus_dir) -> Report`` (``runner``)
- the contract's matching rules (``scoring``), checked against ../shared/contract/score.py
- pinned quality floors with a digest of the gold set (``floors``)
- the contract's questions asked of the answer views, checked against
  ../shared/contract/ask.py (``answers``): ``ask_database(db, load(folder)) -> AnswerReport``
"""

from pipeline.evaluation.answers import AnswerReport, ask_database
from pipeline.evaluation.runner import Miss, Report, evaluate, predict, score

__all__ = ["AnswerReport", "Miss", "Report", "ask_database", "evaluate", "predict", "score"]
