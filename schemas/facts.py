"""One type per category of the extraction contract (../shared/contract/README.md).

Every fact carries its provenance: ``span`` (character offsets into the stored text),
``quote`` (``text[start:end]``) and ``rule`` (the id of the pattern or rule that found
it), so a reader can always go back to the words: "Quyết định số 86/QĐ-SCT ngày
18/8/2021" → ``Reference(kind="Quyết định", number="86/QĐ-SCT", date="2021-08-18")``.

The JSON that ``cchc extract`` prints and the SQLite tables are both derived from these
models, so the contract, the database and the code cannot drift apart.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Fact(BaseModel):
    """What every extracted fact has: where it is, what it says, which rule found it."""

    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="forbid")

    span: tuple[int, int] = Field(description="[start, end) character offsets into the text")
    quote: str = Field(description="text[start:end], the words the fact was read from")
    rule: str = Field(description="id of the rule that produced the fact")

    @property
    def start(self) -> int:
        return self.span[0]

    @property
    def end(self) -> int:
        return self.span[1]


class DocKind(StrEnum):
    """Document kinds of the contract (Nghị định 30/2020/NĐ-CP names, plus news)."""

    thong_bao = "thong_bao"
    ke_hoach = "ke_hoach"
    cong_van = "cong_van"
    quyet_dinh = "quyet_dinh"
    bao_cao = "bao_cao"
    chi_thi = "chi_thi"
    ket_luan = "ket_luan"
    to_trinh = "to_trinh"
    nghi_quyet = "nghi_quyet"
    tin_bai = "tin_bai"
    khac = "khac"


class FieldSource(BaseModel):
    """Provenance of one document field (the header lines are facts too)."""

    model_config = ConfigDict(frozen=True)

    span: tuple[int, int]
    quote: str
    rule: str


class DocumentMeta(BaseModel):
    """The document's own metadata, read from its header and signature block."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: DocKind = DocKind.khac
    number: str | None = Field(None, description='own "Số: …", spaces removed: 1688/SKHĐT-VP')
    issued_date: str | None = Field(None, description="ISO date of issue, or YYYY-MM")
    issuer: str | None = Field(None, description="the issuing body, as named")
    province: str | None = Field(None, description="standard spelling of the province")
    title: str | None = Field(None, description='subject line ("V/v …") or news headline')
    signer: str | None = Field(None, description="who signed (for news: the author)")
    signer_position: str | None = Field(None, description='position, without "KT."/"TL."')
    sources: dict[str, FieldSource] = Field(
        default_factory=dict, description="where each field was read, by field name"
    )


class Reference(Fact):
    """A document cited by number: "Quyết định số 1009/QĐ-UBND ngày 04/5/2019"."""

    kind: str | None = Field(None, description="standard kind word: Quyết định, Công văn …")
    number: str = Field(description="number as written, inner spaces removed")
    date: str | None = Field(None, description="ISO date given with the citation")
    issuer: str | None = Field(None, description='"của UBND tỉnh" → UBND tỉnh')


class DateFact(Fact):
    """A written calendar date with a year: "ngày 17 tháng 7 năm 2019" → 2019-07-17."""

    value: str = Field(description="ISO date, or YYYY-MM where the day is blank or absent")


class AssessmentIndex(StrEnum):
    """Which assessment a result belongs to: "Chỉ số CCHC" and "PAR INDEX" are
    ``par_index`` (a province's own index of its departments and districts too), "Chỉ số
    hài lòng về sự phục vụ hành chính" is ``sipas``; see the contract."""

    par_index = "par_index"
    sipas = "sipas"
    papi = "papi"
    pci = "pci"
    ddci = "ddci"
    dti = "dti"
    ict_index = "ict_index"
    service_index = "service_index"
    other = "other"


class AssessmentStage(StrEnum):
    """Whose points: "tự chấm" (``self``) is no result; "sau thẩm định" is ``appraised``."""

    self = "self"
    appraised = "appraised"


class Assessed(Fact):
    """What makes a score, a rank or an index rate an answer: who, in which index, for
    which year ("Chỉ số CCHC năm 2019 của tỉnh An Giang xếp thứ 11/63" → An Giang,
    par_index, 2019)."""

    subject: str | None = Field(None, description="the body or province assessed")
    index: AssessmentIndex | None = Field(None, description="which assessment")
    year: int | None = Field(None, description="the year assessed (never a comparison year)")


class Score(Assessed):
    """Points a body was given in an assessment: "đạt 8,75/11 điểm đạt 79 %"."""

    value: float
    max: float | None = None
    percent: float | None = None
    criterion: str | None = Field(
        None, description='the part scored: its code ("3.2.1"), else its name; null overall')
    label: str | None = None
    stage: AssessmentStage | None = Field(None, description="self, appraised, or the result")


class Ranking(Assessed):
    """A place in a ranking: "xếp thứ hạng 18/22" → rank 18 of 22."""

    rank: int
    of: int | None = None
    group: str | None = Field(None, description='what it ranks among: "khối các sở, ngành"')
    criterion: str | None = Field(None, description="the part ranked; null overall")


class DossierMetric(StrEnum):
    """Statuses of dossiers (hồ sơ) in one-stop-shop statistics; see the contract."""

    received = "received"
    received_online = "received_online"
    received_new = "received_new"
    carried_over = "carried_over"
    resolved = "resolved"
    resolved_early = "resolved_early"
    resolved_on_time = "resolved_on_time"
    resolved_early_or_on_time = "resolved_early_or_on_time"
    overdue = "overdue"
    pending = "pending"
    pending_on_time = "pending_on_time"
    pending_overdue = "pending_overdue"
    returned = "returned"


class DossierLevel(StrEnum):
    """The tier of government a count covers: "cấp tỉnh", "cấp huyện", "cấp xã", or
    "toàn tỉnh" (``all``: every tier together)."""

    province = "province"
    district = "district"
    commune = "commune"
    all = "all"


class Dossier(Fact):
    """A count of dossiers by status: "tiếp nhận 8.586 hồ sơ", "không có hồ sơ trễ hẹn" (0)."""

    metric: DossierMetric
    count: int
    agency: str | None = Field(None, description="whose dossiers these are")
    level: DossierLevel | None = Field(None, description="the tier the count covers, if said")
    period_start: str | None = None
    period_end: str | None = None
    approx: bool = Field(False, description='"trên", "gần", "hơn", "khoảng" before the count')


class ProcedureMetric(StrEnum):
    """Kinds of administrative-procedure (TTHC) counts; see the contract."""

    total = "total"
    level3 = "level3"
    level4 = "level4"
    online_full = "online_full"
    online_partial = "online_partial"
    lien_thong = "lien_thong"
    simplified = "simplified"
    kept = "kept"
    announced = "announced"
    amended = "amended"
    abolished = "abolished"
    online_payment = "online_payment"
    other = "other"


class Procedure(Fact):
    """A count of administrative procedures: "có 122 TTHC", "công bố mới 15 TTHC"."""

    metric: ProcedureMetric
    count: int


class Rate(Assessed):
    """A percentage about procedures, dossiers, satisfaction or e-government; where it is
    an assessment's result ("Chỉ số SIPAS của Quảng Ninh đạt 90,61%"), who, which index and
    which year."""

    metric: str = Field(description="short free-text metric: online_received, satisfaction …")
    percent: float
    label: str | None = None


class Role(StrEnum):
    """What the text says a unit does: "… chủ trì" is lead, "phối hợp" coordinate."""

    responsible = "responsible"
    lead = "lead"
    coordinate = "coordinate"
    assigned = "assigned"


class Unit(Fact):
    """A named state body or internal unit, listed once: "Phòng Tổng hợp Quy hoạch"."""

    name: str
    role: list[Role] | None = None
    mentions: list[tuple[int, int]] = Field(
        default_factory=list, description="spans of every mention, the first one included"
    )


class Person(Fact):
    """A named person and the position the text gives: "Nguyễn Bá Chính, Giám đốc Sở"."""

    name: str
    position: str | None = None


CATEGORY_TYPES: dict[str, type[Fact]] = {
    "references": Reference,
    "dates": DateFact,
    "scores": Score,
    "rankings": Ranking,
    "dossiers": Dossier,
    "procedures": Procedure,
    "rates": Rate,
    "units": Unit,
    "people": Person,
}
CATEGORIES: tuple[str, ...] = tuple(CATEGORY_TYPES)
