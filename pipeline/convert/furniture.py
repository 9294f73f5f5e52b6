"""Lines of site furniture written as text inside an article: dropped from HTML pages.

The HTML converter removes furniture by its markup (menus, share bars: ``html.py``), but
some sites write it as plain text in the article itself, and a reader's search then
finds it: the font-size buttons "A A" of a provincial news page, a republisher's
copyright banner ("THƯ VIỆN PHÁP LUẬT là vi phạm pháp luật về Sở hữu trí tuệ") that a
search for "luật" or "OR" matches. Each pattern is data (``data/furniture.yaml``) and
must match a whole line; a line that merely mentions a library of laws stays::

    >>> drop_furniture_lines("Chỉ số CCHC\\nA A\\nAn Giang xếp hạng 11/63")
    'Chỉ số CCHC\\nAn Giang xếp hạng 11/63'
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

DATA = Path(__file__).with_name("data") / "furniture.yaml"


@dataclass(frozen=True)
class LinePattern:
    """One documented kind of furniture line."""

    id: str
    description: str
    regex: re.Pattern[str]
    examples: tuple[str, ...]
    counterexamples: tuple[str, ...]


@cache
def line_patterns() -> tuple[LinePattern, ...]:
    """The patterns of ``data/furniture.yaml``, compiled for whole lines."""
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    out = []
    for spec in data["lines"]:
        unknown = set(spec) - {"id", "description", "pattern", "examples", "counterexamples"}
        if unknown:
            raise ValueError(f"{DATA}: {spec.get('id')}: unknown keys {sorted(unknown)}")
        out.append(LinePattern(spec["id"], spec["description"],
                               re.compile(spec["pattern"], re.IGNORECASE),
                               tuple(spec["examples"]), tuple(spec["counterexamples"])))
    return tuple(out)


def is_furniture(line: str) -> bool:
    """Whether a whole line is furniture."""
    stripped = line.strip()
    return bool(stripped) and any(p.regex.fullmatch(stripped) for p in line_patterns())


def drop_furniture_lines(text: str) -> str:
    """``text`` without its furniture lines (blank lines around them collapse later, in
    ``clean_text``)."""
    return "\n".join(line for line in text.split("\n") if not is_furniture(line))
