"""Assessments: scores ("đạt 8,75/11 điểm") and rankings ("xếp thứ hạng 18/22") in the PAR
Index and similar indexes, in prose and in tables (``tables``), with the year assessed
(``years``).
"""

from extractors.assessment.rankings import extract as extract_rankings
from extractors.assessment.scores import extract as extract_scores

__all__ = ["extract_rankings", "extract_scores"]
