"""Assessments: scores ("đạt 8,75/11 điểm") and rankings ("xếp thứ hạng 18/22") in the PAR
Index and similar indexes, in prose and in tables (``tables``), with the year assessed
(``years``); then, for them and for index rates, who was assessed, in which index and at
which stage (``about``, applied by ``resolve``).
"""

from extractors.assessment.rankings import extract as extract_rankings
from extractors.assessment.resolve import rankings as resolved_rankings
from extractors.assessment.resolve import rates as resolved_rates
from extractors.assessment.resolve import scores as resolved_scores
from extractors.assessment.scores import extract as extract_scores

__all__ = ["extract_rankings", "extract_scores", "resolved_rankings", "resolved_rates",
           "resolved_scores"]
