"""One text under extraction: its view, what the converter said, what each stage found,
and the analyses several stages share, each computed once.

A stage never reads another stage's output through a dict of string keys: it reads typed
attributes (``ctx.dates``, ``ctx.document``), and the runner (``extractors.runner``) checks
that the stage which assigns one has run before any stage that declares it ``requires``
it. Shared analyses are cached properties: the header zone, the signature block, a news
page's headline and byline, a republisher's metadata table, the points and dossier
tables, the reporting periods. So "Báo cáo số 47/BC-UBND … 6 tháng đầu năm" is parsed
once whether the document stage, the people stage or the dossiers stage asks first.

The analyses every kind of document has (header, signature, news byline, metadata table,
provinces named) are properties here; what only one category's stages share (the points
tables of scores and rankings, the reporting periods and owners of dossier figures) is
asked for through :meth:`Context.memo`, keyed by the function that computes it, so this
module imports no category. An analysis that depends on a stage's facts says so:
``dates.periods.periods_of(ctx)`` needs the document date (a yearless "tháng 6" takes the
year of the report), so asking for it before the ``document`` stage has run raises
:class:`StageOrderError` instead of silently caching periods without a year.

``Context`` is a :class:`~extractors.text.view.TextView` (the text, its folded twin, lines
and sentences), so every rule that reads a view reads a context unchanged::

    >>> ctx = Context("Số: 12/KH-UBND\\nLạng Sơn, ngày 04 tháng 5 năm 2019")
    >>> ctx.header.number.value
    '12/KH-UBND'
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from extractors.text.view import TextView

if TYPE_CHECKING:
    from extractors.layout.doc_table import Found as TableField
    from extractors.layout.header import Header
    from extractors.layout.news import News
    from extractors.layout.signature import Signature
    from schemas import (
        DateFact,
        DocumentMeta,
        Dossier,
        Person,
        Procedure,
        Ranking,
        Rate,
        Reference,
        Score,
        Unit,
    )


T = TypeVar("T")


class StageOrderError(RuntimeError):
    """A stage (or an analysis) asked for what no earlier stage has assigned."""


#: The attributes a stage may assign, i.e. the names ``requires``/``assigns`` may use.
FACT_SLOTS = ("dates", "references", "units", "people", "document", "scores", "rankings",
              "dossiers", "procedures", "rates")


@dataclass(eq=False)
class Context(TextView):
    """The shared state of one extraction (see the module docstring).

    ``hints`` is what the container said about the text: an HTML page's ``title``,
    ``date`` and ``author``, a DOCX's core properties, the crawled ``site``. The text
    wins: the document stage takes a hint's title or date only where the text gives
    none, and never a signer from an author field ("Administrator").
    """

    hints: Mapping[str, str] = field(default_factory=dict)
    dates: list[DateFact] | None = field(default=None, repr=False)
    references: list[Reference] | None = field(default=None, repr=False)
    units: list[Unit] | None = field(default=None, repr=False)
    people: list[Person] | None = field(default=None, repr=False)
    document: DocumentMeta | None = field(default=None, repr=False)
    scores: list[Score] | None = field(default=None, repr=False)
    rankings: list[Ranking] | None = field(default=None, repr=False)
    dossiers: list[Dossier] | None = field(default=None, repr=False)
    procedures: list[Procedure] | None = field(default=None, repr=False)
    rates: list[Rate] | None = field(default=None, repr=False)
    _memo: dict[Callable[[Context], Any], Any] = field(default_factory=dict, init=False,
                                                       repr=False)

    # -- what the stages assigned ------------------------------------------------------

    def assigned(self) -> set[str]:
        """The fact slots some stage has filled."""
        return {name for name in FACT_SLOTS if getattr(self, name) is not None}

    def need(self, name: str) -> Any:
        """The value of fact slot ``name``; :class:`StageOrderError` when no stage has
        assigned it yet (a stage run out of order, or a step left out)."""
        value = getattr(self, name)
        if value is None:
            raise StageOrderError(f"{name!r} is read before any stage assigned it")
        return value

    @property
    def document_date(self) -> str | None:
        """The document's date of issue or publication (ISO), once ``document`` ran."""
        meta = self.need("document")
        return meta.issued_date

    # -- analyses of the text, computed once -------------------------------------------

    def memo(self, analysis: Callable[[Context], T]) -> T:
        """``analysis(self)``, computed once per text: what one category's stages share
        (the points tables that scores and rankings both read, the dossier owners each
        figure looks back on) without this module importing every category. An analysis
        that raises (``StageOrderError``) is not remembered."""
        if analysis not in self._memo:
            self._memo[analysis] = analysis(self)
        return self._memo[analysis]  # type: ignore[no-any-return]

    @cached_property
    def header(self) -> Header:
        """The header zone: issuing bodies, "Số: …", place and date, kind and title."""
        from extractors.layout.header import parse_header

        return parse_header(self)

    @cached_property
    def signature(self) -> Signature | None:
        """The signature block ("KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Nguyễn Văn Luận")."""
        from extractors.layout.signature import parse_signature

        return parse_signature(self)

    @cached_property
    def news(self) -> News:
        """A news page's headline, byline and author."""
        from extractors.layout.news import read_news

        return read_news(self)

    @cached_property
    def doc_table(self) -> dict[str, TableField]:
        """A republisher's metadata table ("Số hiệu: | 47/BC-UBND | Người ký: | …")."""
        from extractors.layout.doc_table import read_table

        return read_table(self)

    @cached_property
    def province_mentions(self) -> list[Any]:
        """Every province named in the text ("tỉnh Lạng Sơn", "Đắk Lắk")."""
        from extractors.lexicon.gazetteer import province_mentions

        return province_mentions(self)
