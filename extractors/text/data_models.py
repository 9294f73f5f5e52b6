"""The shape of every data file (``extractors/*/data/*.yaml``), one pydantic model a file.

A data file is read by code that trusts its keys: a typo such as ``counterexample:`` for
``counterexamples:`` used to switch a check off without a word. Here every model forbids
unknown keys, so the typo is an error that names the file and the key::

    extractors/dates/data/dates.yaml: patterns[1] (date.vn_long).counterexample:
    Extra inputs are not permitted

Cross references are typed against the contract's enums (``schemas``): a kind heading
("QUYẾT ĐỊNH") must name a ``DocKind``, a dossier metric list (``metric_resolved_on_time``)
a ``DossierMetric``, a procedure metric pattern (``metric.level4``) a ``ProcedureMetric``,
a role cue ("… chủ trì") a ``Role``. ``extractors.text.patterns.load_data`` validates each
file with its model when it is loaded.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from schemas import (
    CATEGORY_TYPES,
    AssessmentIndex,
    DocKind,
    DossierMetric,
    ProcedureMetric,
    Role,
)


class DataFileError(ValueError):
    """A data file that does not have the shape its model requires; names file and key."""

    def __init__(self, path: object, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem


class Strict(BaseModel):
    """Frozen, and no key the model does not name."""

    model_config = ConfigDict(extra="forbid", frozen=True)


#: A word list: at least one word (sorted and unique: tests/extractors/text/test_patterns.py).
WordList = Annotated[list[str], Field(min_length=1)]
#: A pattern id: dotted lower-case words, "ref.kind_before", "rate.metric.on_time".
PatternId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*(?:\.[a-z0-9_]+)+$")]


class Flag(StrEnum):
    """Regex flags a pattern may declare, by their ``regex`` module names."""

    IGNORECASE = "IGNORECASE"
    REVERSE = "REVERSE"
    MULTILINE = "MULTILINE"
    DOTALL = "DOTALL"


class Mode(StrEnum):
    """How the code applies a pattern, so its test applies it the same way: ``match``
    anchors at the start of the text given, ``fullmatch`` must cover all of it (a gap
    pattern that also matches the empty string is only meaningful so)."""

    search = "search"
    match = "match"
    fullmatch = "fullmatch"


#: The field of each category's facts an example's ``yields.values`` names by default.
KEY_FIELD: dict[str, str] = {
    "references": "number", "dates": "value", "scores": "value", "rankings": "rank",
    "dossiers": "count", "procedures": "count", "rates": "percent", "units": "name",
    "people": "name",
}
Category = Literal["references", "dates", "scores", "rankings", "dossiers", "procedures",
                   "rates", "units", "people"]


class Yields(Strict):
    """What ``extractors.extract`` gives for an example's text, in one category: the
    facts' key field in order (``values: ["2019-07-17"]`` for dates), or some fields of
    each fact (``values: [{metric: received, count: 8586}]``)."""

    category: Category
    values: list[str | int | float | dict[str, Any]]

    @model_validator(mode="after")
    def _known_fields(self) -> Yields:
        fields = set(CATEGORY_TYPES[self.category].model_fields)
        for value in self.values:
            unknown = sorted(set(value) - fields) if isinstance(value, dict) else []
            if unknown:
                raise ValueError(f"{self.category} facts have no fields {unknown}")
        return self


class Example(Strict):
    """A text a pattern must match; optionally the match (group 0), some named groups
    (``groups: {number: "86/QĐ-SCT"}``; null: the group takes no part) and what
    ``extract()`` yields for it. A plain string is an example with nothing more said."""

    text: str
    match: str | None = None
    groups: dict[str, str | None] = Field(default_factory=dict)
    yields: Yields | None = None

    @model_validator(mode="before")
    @classmethod
    def _plain_text(cls, value: Any) -> Any:
        return {"text": value} if isinstance(value, str) else value


class PatternSpec(Strict):
    """One documented pattern: a verbose ``regex`` whose ``{{list}}`` placeholders are
    word lists. ``flags`` default to IGNORECASE (VERBOSE and UNICODE are always on);
    ``flags: []`` is case-sensitive, ``[IGNORECASE, REVERSE]`` searches right to left."""

    id: PatternId
    description: Annotated[str, Field(min_length=1)]
    pattern: str
    flags: list[Flag] = Field(default_factory=lambda: [Flag.IGNORECASE])
    mode: Mode = Mode.search
    examples: Annotated[list[Example], Field(min_length=1)]
    counterexamples: Annotated[list[str], Field(min_length=1)]


class DataFile(Strict):
    """What every data file may hold: word lists, lists borrowed from other files, and
    patterns (ids unique within the file)."""

    import_words: list[str] = Field(default_factory=list)
    patterns: list[PatternSpec] = Field(default_factory=list)

    def shared_words(self) -> dict[str, list[str]]:
        """Word lists this file lends to the files that import it, besides its ``words``
        (built from its entries, so no list is kept twice)."""
        return {}

    @model_validator(mode="after")
    def _unique_ids(self) -> DataFile:
        seen: set[str] = set()
        for p in self.patterns:
            if p.id in seen:
                raise ValueError(f"duplicate pattern id {p.id!r}")
            seen.add(p.id)
        return self


# --- references -------------------------------------------------------------------------


class DocKindsWords(Strict):
    kind_words: WordList
    party_kinds: WordList


class DocKindsFile(DataFile):
    """``references/data/doc_kinds.yaml``: kind words and number abbreviations → standard
    kind ("qđ" → Quyết định, "TTr" → Tờ trình); ``contract_kinds`` ties a standard kind to
    the contract's ``DocKind`` (Quyết định → quyet_dinh)."""

    words: DocKindsWords
    kinds: dict[str, str]
    abbreviations: dict[str, str]
    party_abbreviations: dict[str, str]
    issuer_kinds: dict[str, str]
    contract_kinds: dict[str, DocKind]

    @model_validator(mode="after")
    def _known_kinds(self) -> DocKindsFile:
        if self.words.kind_words != sorted(self.kinds):
            raise ValueError("words.kind_words must be the sorted keys of kinds")
        if set(self.words.party_kinds) != set(self.party_abbreviations):
            raise ValueError("words.party_kinds must be the keys of party_abbreviations")
        standard = self.standard_kinds()
        for table in ("party_abbreviations", "issuer_kinds", "contract_kinds"):
            names = getattr(self, table)
            unknown = sorted(set(names if table == "contract_kinds" else names.values())
                             - standard)
            if unknown:
                raise ValueError(f"{table} names kinds that neither a kind word nor a state "
                                 f"abbreviation has: {unknown}")
        return self

    def standard_kinds(self) -> set[str]:
        """Every standard kind a kind word or a state abbreviation names."""
        return set(self.kinds.values()) | set(self.abbreviations.values())


class ReferencesWords(Strict):
    issuer_stop: WordList
    place_words: WordList


class ReferencesFile(DataFile):
    """``references/data/references.yaml``: the shapes of cited numbers."""

    words: ReferencesWords


# --- document ---------------------------------------------------------------------------


class DocumentWords(Strict):
    body_heads: WordList
    news_sections: WordList
    byline_stops: WordList
    acronyms: WordList
    positions: WordList


class DocumentFile(DataFile):
    """``document/data/document.yaml``: header, signature and news-page words; kind
    headings ("KẾ HOẠCH") and number abbreviations ("KH") typed as ``DocKind``."""

    words: DocumentWords
    kind_headings: dict[DocKind, Annotated[list[str], Field(min_length=1)]]
    other_headings: WordList
    number_kinds: dict[str, DocKind]


# --- dates ------------------------------------------------------------------------------


class DatesWords(Strict):
    blank_fill: WordList


class DatesFile(DataFile):
    """``dates/data/dates.yaml``: calendar dates, parts named d, m, y (d1, m1)."""

    words: DatesWords


PeriodKind = Literal["date_range", "date_open", "until", "year_to_date", "month_range",
                     "quarter", "months_of_year", "month", "year", "report_term"]


class PeriodPattern(PatternSpec):
    """A period pattern and how ``periods._dates`` turns its groups into dates."""

    kind: PeriodKind


class PeriodsWords(Strict):
    open_end: WordList
    roman_quarter: WordList


class PeriodsFile(DataFile):
    """``dates/data/periods.yaml``: the stretch of time a figure covers."""

    words: PeriodsWords
    patterns: list[PeriodPattern] = Field(default_factory=list)  # type: ignore[assignment]


class PeriodCuesFile(DataFile):
    """``dates/data/period_cues.yaml``: the words around dates and periods that say how
    they are used (joined into a period, compared with, the report period)."""


# --- dossiers ---------------------------------------------------------------------------

#: A metric a phrase names: a contract metric, or "total" (the whole, received in prose).
PhraseMetric = DossierMetric | Literal["total"]


class Refinement(Strict):
    """A qualifier after a figure refines the phrase before it: ``before`` "tiếp nhận",
    ``after`` "trực tuyến" → ``metric`` received_online, as ``example`` reads."""

    before: PhraseMetric
    after: PhraseMetric
    metric: DossierMetric
    example: str


class DossiersWords(Strict):
    approx: WordList
    block: WordList
    not_count_before: WordList
    metric_carried_over: WordList
    metric_overdue: WordList
    metric_pending: WordList
    metric_pending_overdue: WordList
    metric_received: WordList
    metric_received_new: WordList
    metric_received_online: WordList
    metric_resolved: WordList
    metric_resolved_early: WordList
    metric_resolved_early_or_on_time: WordList
    metric_resolved_on_time: WordList
    metric_returned: WordList
    metric_total: WordList
    trap_after: WordList
    scale_million: WordList
    scale_thousand: WordList
    so_names: WordList


#: Metrics no phrase names by itself: a pending figure the text splits gives its
#: "chưa đến hạn" part ``pending_on_time`` (``extractors.dossiers.breakdown``).
_METRICS_BY_BREAKDOWN = frozenset({"pending_on_time"})


class DossiersFile(DataFile):
    """``dossiers/data/dossiers.yaml``: metric phrases (one list per ``DossierMetric``),
    what makes a figure no count, who owns the dossiers, and how a qualifier refines a
    metric."""

    words: DossiersWords
    refine: list[Refinement]

    @model_validator(mode="after")
    def _a_list_per_metric(self) -> DossiersFile:
        lists = {k.removeprefix("metric_") for k in DossiersWords.model_fields
                 if k.startswith("metric_")}
        missing = {m.value for m in DossierMetric} - lists - _METRICS_BY_BREAKDOWN
        if missing:
            raise ValueError(f"no metric_<name> word list for {sorted(missing)}")
        pairs = [(r.before, r.after) for r in self.refine]
        if len(pairs) != len(set(pairs)):
            raise ValueError("refine names a (before, after) pair twice")
        return self


# --- assessment, procedures, rates -------------------------------------------------------


class RankingsWords(Strict):
    ordinals: WordList
    index_words: WordList
    weak_index_words: WordList
    statistics_words: WordList


class RankingsFile(DataFile):
    """``assessment/data/rankings.yaml``: places in a ranking; ``ordinal_values`` are the
    spelled ordinals a number parser does not read ("thứ nhất" → 1, "thứ tư" → 4)."""

    words: RankingsWords
    ordinal_values: dict[str, Annotated[int, Field(ge=1)]]

    @model_validator(mode="after")
    def _ordinals_known(self) -> RankingsFile:
        unknown = sorted(set(self.ordinal_values) - set(self.words.ordinals))
        if unknown:
            raise ValueError(f"ordinal_values names words not in words.ordinals: {unknown}")
        return self


class ScoresWords(Strict):
    change_words: WordList
    place_nouns: WordList
    after_points: WordList
    bound_words: WordList
    assessment_words: WordList
    unit_heads: WordList
    exam_words: WordList
    strong_assessment_words: WordList
    not_assessment: WordList


class ScoresFile(DataFile):
    """``assessment/data/scores.yaml``: points given in an assessment."""

    words: ScoresWords


class YearsFile(DataFile):
    """``assessment/data/years.yaml``: the year an assessment is about."""


class ProceduresWords(Strict):
    procedure_nouns: WordList
    other_nouns: WordList


class ProceduresFile(DataFile):
    """``procedures/data/procedures.yaml``; a ``metric.<name>`` pattern names a
    ``ProcedureMetric``."""

    words: ProceduresWords

    @model_validator(mode="after")
    def _metrics_known(self) -> ProceduresFile:
        known = {m.value for m in ProcedureMetric}
        for p in self.patterns:
            name = p.id.removeprefix("metric.")
            if p.id.startswith("metric.") and name not in known:
                raise ValueError(f"pattern {p.id!r} names no ProcedureMetric")
        return self


class RatesWords(Strict):
    topic_words: WordList
    not_rate_nouns: WordList
    change_words: WordList


class RatesFile(DataFile):
    """``rates/data/rates.yaml``: percentages and the metric each names."""

    words: RatesWords


# --- units, people ----------------------------------------------------------------------


class RolePattern(PatternSpec):
    """A cue that gives the units it governs a ``Role`` ("Giao X" → assigned); the list's
    glue ("và", "cùng với") gives none."""

    role: Role | None = None


class RolesFile(DataFile):
    """``units/data/roles.yaml``: the words around a unit that say what it does."""

    patterns: list[RolePattern] = Field(default_factory=list)  # type: ignore[assignment]


class UnitsFile(DataFile):
    """``units/data/units.yaml``: the words around a unit name in running text."""


class PeopleWords(Strict):
    name_breakers: WordList
    not_person_names: WordList
    not_person_before: WordList
    surnames: WordList
    positions: WordList
    titles: WordList


class PeopleFile(DataFile):
    """``people/data/people.yaml``: names, titles and positions of persons."""

    words: PeopleWords


# --- lexicon ----------------------------------------------------------------------------


class Body(Strict):
    """A named state body ("Sở Kế hoạch và Đầu tư", short "Sở KH&ĐT", code "SKHĐT")."""

    name: str
    level: Literal["central", "province", "district", "any"]
    short: list[str] = Field(default_factory=list)
    codes: list[str] = Field(default_factory=list)


class BodiesWords(Strict):
    heads_collegial: WordList
    heads_family_names: WordList
    heads_level: WordList
    heads_lowercase_ok: WordList
    heads_named: WordList
    leader_positions: WordList
    name_stops: WordList
    not_a_name: WordList
    owners: WordList
    places: WordList


class BodiesFile(DataFile):
    """``lexicon/data/bodies.yaml``: the bodies gazetteer and the unit grammar's words."""

    bodies: list[Body]
    level_names: WordList
    level_codes: dict[str, str]
    words: BodiesWords

    def shared_words(self) -> dict[str, list[str]]:
        """``body_names``: the one list of a province's own body names (its departments
        and boards, and the offices named by the level), for the files that import it."""
        return {"body_names": [*(b.name for b in self.bodies if b.level == "province"),
                               *self.level_names]}


class PressName(Strict):
    name: str
    province: str


class PressByline(Strict):
    tag: str
    province: str
    seen: Annotated[str, Field(pattern=r"^https?://")]


class PressFile(DataFile):
    """``lexicon/data/press.yaml``: provincial newspapers by name and byline tag."""

    names: list[PressName]
    bylines: list[PressByline]


class Province(Strict):
    """A province or centrally-run city, valid between two dates."""

    name: str
    kind: Literal["tỉnh", "thành phố"]
    valid_from: date | None
    valid_to: date | None
    slugs: list[str] = Field(default_factory=list)
    variants: list[str] = Field(default_factory=list)
    absorbed: list[str] = Field(default_factory=list)


class ProvincesFile(DataFile):
    """``lexicon/data/provinces.yaml``: the 63 units before 2025 and the 34 after."""

    before_2025: list[Province]
    after_2025: list[Province]

    @model_validator(mode="after")
    def _absorbed_known(self) -> ProvincesFile:
        old = {p.name for p in self.before_2025}
        for p in self.after_2025:
            unknown = sorted(set(p.absorbed) - old)
            if unknown:
                raise ValueError(f"{p.name} absorbed unknown units {unknown}")
        return self


# --- assessment: which index, whose result -------------------------------------------


class IndexPattern(PatternSpec):
    """An index's name (``index``; ``strength: weak`` for a cue that names the field,
    not the index), or, without ``index``, a cue of whose result and which stage."""

    index: AssessmentIndex | None = None
    strength: Literal["strong", "weak"] = "strong"


class IndexesFile(DataFile):
    """``assessment/data/indexes.yaml``: index names and the subject and stage cues."""

    patterns: list[IndexPattern] = Field(default_factory=list)  # type: ignore[assignment]

    @model_validator(mode="after")
    def _index_names_name_an_index(self) -> IndexesFile:
        for p in self.patterns:
            if p.id.startswith("index.") and p.index is None:
                raise ValueError(f"{p.id}: an index name must say which index (index:)")
        return self


#: The model of each data file, by file name. A data file without one is an error.
MODELS: dict[str, type[DataFile]] = {
    "bodies": BodiesFile,
    "dates": DatesFile,
    "doc_kinds": DocKindsFile,
    "document": DocumentFile,
    "dossiers": DossiersFile,
    "indexes": IndexesFile,
    "people": PeopleFile,
    "period_cues": PeriodCuesFile,
    "periods": PeriodsFile,
    "press": PressFile,
    "procedures": ProceduresFile,
    "provinces": ProvincesFile,
    "rankings": RankingsFile,
    "rates": RatesFile,
    "references": ReferencesFile,
    "roles": RolesFile,
    "scores": ScoresFile,
    "units": UnitsFile,
    "years": YearsFile,
}


def validate(name: str, path: object, raw: object) -> DataFile:
    """The data file ``name`` (parsed YAML ``raw``) as its model; a ``DataFileError``
    naming ``path`` and every bad key otherwise."""
    model = MODELS.get(name)
    if model is None:
        raise DataFileError(path, f"no model for data file {name!r} in {__name__}.MODELS")
    try:
        return model.model_validate(raw)
    except ValidationError as e:
        raise DataFileError(path, _describe(e, raw)) from None


def _describe(error: ValidationError, raw: object) -> str:
    """One line per problem: where (with the pattern's id) and what."""
    lines = []
    for err in error.errors():
        loc = list(err["loc"])
        where = ""
        for i, part in enumerate(loc):
            if isinstance(part, int):
                where += f"[{part}]"
                if i == 1 and loc[0] == "patterns":
                    pid = _pattern_id(raw, part)
                    where += f" ({pid})" if pid else ""
            else:
                where += f".{part}" if where else str(part)
        lines.append(f"{where or '<file>'}: {err['msg']}")
    return "; ".join(lines)


def _pattern_id(raw: object, index: int) -> str | None:
    items = raw.get("patterns") if isinstance(raw, dict) else None
    if isinstance(items, list) and index < len(items) and isinstance(items[index], dict):
        return items[index].get("id")
    return None
