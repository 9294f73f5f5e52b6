"""Districts and communes: the data is the GSO's and clean; mentions are found with their unit
word; a province is decided only by names that point to one province."""

from __future__ import annotations

import gc
import unicodedata
from collections import Counter
from pathlib import Path

import pytest

from extractors.lexicon import places
from extractors.lexicon.districts import (
    communes_2025_unordered,
    data_path,
    districts_source,
    districts_unordered,
    load_communes_2025,
    load_districts,
    without_gc,
)
from extractors.lexicon.gazetteer import AFTER, BEFORE, provinces, successor
from extractors.lexicon.names import accent_free_key
from extractors.lexicon.places import (
    _UNIT_LEAD,
    _WORDS,
    Place,
    _lookup,
    find_places,
    province_from_places,
    province_from_press,
    province_of_place_name,
    unit_lead_starts,
)
from extractors.text.patterns import load_data
from extractors.text.view import fold


def _nfc(s: str) -> bool:
    return unicodedata.normalize("NFC", s) == s


def test_source_is_the_maintained_package() -> None:
    src = districts_source()
    assert src["package"] == "vietnamadminunits" and src["licence"].startswith("MIT")
    assert data_path().name == "parser_legacy.json" and data_path().exists()


def test_counts_match_the_gso_register_before_the_2025_reform() -> None:
    """696 district-level units in 63 provinces, as in the GSO list of 1 March 2025."""
    rows = load_districts()
    assert len(rows) == 696
    assert Counter(k for r in rows for k in r["kinds"]) == {
        "huyện": 508, "thành phố": 87, "thị xã": 52, "quận": 49}
    assert len({r["province"] for r in rows}) == 63
    assert sum(len(v) for r in rows for v in r["communes"].values()) > 9900


def test_unordered_records_are_the_sorted_ones() -> None:
    """The lookup table is built from the records in the file's order (no sort to pay):
    the same districts, with the same communes of each kind, as the sorted list."""
    def shape(rows: tuple[dict, ...]) -> Counter:
        return Counter((r["province"], r["name"], tuple(r["kinds"]),
                        frozenset((k, frozenset(v)) for k, v in r["communes"].items()))
                       for r in rows)

    assert shape(districts_unordered()) == shape(load_districts())
    assert len(districts_unordered()) == 696


@pytest.mark.parametrize("enabled", [True, False], ids=["collector on", "collector off"])
def test_a_register_load_pauses_the_collector_and_leaves_it_as_it_was(enabled: bool) -> None:
    """Paused while the table is built, as it was after, also when the build fails."""
    seen = []

    def build() -> str:
        seen.append(gc.isenabled())
        return "huyện Lộc Bình"

    def broken() -> str:
        raise ValueError("not a register")

    (gc.enable if enabled else gc.disable)()
    try:
        assert without_gc(build)() == "huyện Lộc Bình"
        assert seen == [False] and gc.isenabled() is enabled
        with pytest.raises(ValueError):
            without_gc(broken)()
        assert gc.isenabled() is enabled
    finally:
        gc.enable()


def test_data_is_nfc_sorted_unique_and_provinces_exist() -> None:
    rows = load_districts()
    names = {p.name for p in provinces(BEFORE)}
    keys = [(accent_free_key(r["province"]), r["province"], accent_free_key(r["name"]),
             r["name"]) for r in rows]
    assert keys == sorted(keys)
    pairs = [(r["name"], r["province"]) for r in rows]
    assert len(pairs) == len(set(pairs))
    for r in rows:
        assert r["province"] in names
        assert set(r["kinds"]) <= {"huyện", "quận", "thị xã", "thành phố"}
        assert set(r["communes"]) <= {"xã", "phường", "thị trấn"}
        assert _nfc(r["name"]) and not r["name"].lower().startswith(("huyện ", "thị xã "))
        for kind, communes in r["communes"].items():
            assert communes == sorted(communes, key=lambda n: (accent_free_key(n), n)), r["name"]
            assert all(_nfc(c) and c.strip() == c for c in communes)
            assert not any(c.lower().startswith(kind + " ") for c in communes)


def test_communes_since_2025_sit_in_the_34_provinces_of_the_gazetteer() -> None:
    """The package lists 3,305 commune-level units from 1 July 2025, 13 of them đặc khu
    (Vân Đồn, Cô Tô, Phú Quốc, Côn Đảo, Phú Quý, …), each in one of the 34 provinces of
    Nghị quyết 202/2025/QH15 as the gazetteer names them."""
    rows = load_communes_2025()
    assert Counter(r["kind"] for r in rows) == {"xã": 2605, "phường": 687, "đặc khu": 13}
    assert {r["province"] for r in rows} == {p.name for p in provinces(AFTER)}
    special = {(r["province"], r["name"]) for r in rows if r["kind"] == "đặc khu"}
    assert {("Lâm Đồng", "Phú Quý"), ("Quảng Ninh", "Vân Đồn"), ("An Giang", "Thổ Châu"),
            ("Hải Phòng", "Bạch Long Vĩ"), ("Quảng Trị", "Cồn Cỏ")} <= special
    assert all(_nfc(r["name"]) and r["name"] == r["name"].strip() for r in rows)
    # the unsorted records that the commune test reads are the same records
    assert Counter(map(_record, communes_2025_unordered())) == Counter(map(_record, rows))


def _record(r: dict) -> tuple[str, str, str]:
    return r["province"], r["kind"], r["name"]


def test_every_old_province_of_the_data_has_a_2025_successor() -> None:
    by_name = {p.name: p for p in provinces(BEFORE)}
    for name in {r["province"] for r in load_districts()}:
        assert successor(by_name[name]).generation == AFTER


def test_press_data_sorted_and_known_provinces() -> None:
    data = load_data("press")
    names = {p.name for p in provinces(BEFORE)}
    for key, field in (("names", "name"), ("bylines", "tag")):
        items = data[key]
        order = [(accent_free_key(i["province"]), accent_free_key(i[field])) for i in items]
        assert order == sorted(order)
        assert all(i["province"] in names and _nfc(i[field]) for i in items)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("UBND huyện Lộc Bình tổ chức hội nghị", [("huyện Lộc Bình", ("Lạng Sơn",))]),
        ("tại TP. Buôn Ma Thuột", [("TP. Buôn Ma Thuột", ("Đắk Lắk",))]),
        ("thị xã Sa Pa đón khách", [("thị xã Sa Pa", ("Lào Cai",))]),
        ("UBND HUYỆN QUẢNG NINH", [("HUYỆN QUẢNG NINH", ("Quảng Bình",))]),
        ("quận Hoàng Mai, Hà Nội", [("quận Hoàng Mai", ("Hà Nội",))]),
        ("thị xã Hoàng Mai (Nghệ An)", [("thị xã Hoàng Mai", ("Nghệ An",))]),
        ("Tp.Phan Rang - Tháp Chàm", [("Tp.Phan Rang - Tháp Chàm", ("Ninh Thuận",))]),
        ("huyện Ea H'Leo và huyện Cư M'gar",
         [("huyện Ea H'Leo", ("Đắk Lắk",)), ("huyện Cư M'gar", ("Đắk Lắk",))]),
        ("các huyện Lộc Bình, Đình Lập và Cao Lộc",
         [("huyện Lộc Bình", ("Lạng Sơn",)), ("Đình Lập", ("Lạng Sơn",)),
          ("Cao Lộc", ("Lạng Sơn",))]),
        ("Quận 1 và Thành phố Thủ Đức",
         [("Quận 1", ("Hồ Chí Minh",)), ("Thành phố Thủ Đức", ("Hồ Chí Minh",))]),
        ("huyện Kỳ Sơn và thành phố Hòa Bình",
         [("huyện Kỳ Sơn", ("Nghệ An",)), ("thành phố Hòa Bình", ("Hòa Bình",))]),
        ("an sinh xã hội, thành phố trực thuộc Trung ương", []),
        ("thành phố Hồ Chí Minh", []),  # a province: the province finder reads it
        ("ông Lộc Bình, bà Đồng Hỷ", []),  # no unit word, no place
    ],
)
def test_find_places(text: str, expected: list[tuple[str, tuple[str, ...]]]) -> None:
    found = find_places(text)
    assert [(text[p.start:p.end], p.provinces) for p in found] == expected


CORPUS = sorted(Path(__file__).resolve().parents[3].joinpath("corpus", "texts").glob("*.txt"))


def _place_read_afresh(folded: str, start: int, pos: int, name_text: str, level: str,
                       kind: str) -> Place | None:
    """A place as read before each name as written was remembered: its words looked up
    and found again in the page."""
    words = _WORDS.split(name_text)
    n, found = _lookup(level, kind, words)
    if not n:
        return None
    end = pos
    for w in words[:n]:
        end = folded.index(w, end) + len(w)
    return Place(start, end, level, kind, _WORDS.sub(" ", folded[pos:end]), found)


@pytest.mark.parametrize("path", CORPUS, ids=lambda p: p.stem)
def test_a_name_as_written_is_read_as_afresh(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each name as written is looked up once (``_known_head``): a page's places are
    those read afresh at every mention, on every corpus text (a name repeated, "Tp.Phan
    Rang - Tháp Chàm", a list after "các huyện")."""
    text = path.read_text(encoding="utf-8")
    remembered = find_places(text)
    monkeypatch.setattr(places, "_place_at", _place_read_afresh)
    assert remembered == find_places(text)


@pytest.mark.parametrize("text", [
    "tại thành phố, t.phường và huyện", "thịthành tp.t.p xãxã", "Quận 1, TP. Thủ Đức",
    "phườngphường huyệnquận đặc khu", "t.thị trấn", "",
])
def test_unit_lead_starts_are_the_alternations_scan(text: str) -> None:
    """The unit words found by a scan each (``unit_lead_starts``) are where the one
    alternation's scan finds them, words next to each other and inside others too."""
    low = fold(text).lower()
    assert unit_lead_starts(low) == [m.start() for m in _UNIT_LEAD.finditer(low)]


def test_unit_lead_starts_on_the_corpus() -> None:
    for path in CORPUS:
        low = fold(path.read_text(encoding="utf-8")).lower()
        assert unit_lead_starts(low) == [m.start() for m in _UNIT_LEAD.finditer(low)], path.name


def test_ambiguous_names_keep_every_province() -> None:
    (place,) = find_places("huyện Châu Thành")
    assert len(place.provinces) == 10 and "Bến Tre" in place.provinces
    (ward,) = find_places("đường Lê Lợi, phường 1")
    assert ward.level == "commune" and len(ward.provinces) > 5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Đoàn công tác làm việc tại huyện Lộc Bình và huyện Đình Lập.", "Lạng Sơn"),
        ("UBND xã Tân Lập, huyện Đồng Hỷ triển khai một cửa điện tử.", "Thái Nguyên"),
        ("Trung tâm Phục vụ hành chính công tỉnh và TP. Buôn Ma Thuột", "Đắk Lắk"),
        ("thị xã Sa Pa, huyện Bát Xát, huyện Bảo Thắng", "Lào Cai"),
        ("huyện Lệ Thủy xếp thứ nhất, huyện Quảng Ninh thứ hai, huyện Tuyên Hóa", "Quảng Bình"),
        # ambiguous names confirm the province unambiguous ones chose
        ("huyện Châu Thành, huyện Ba Tri và huyện Châu Thành", "Bến Tre"),
        # a commune resolves its ambiguous district: Tiên Thủy is in Bến Tre's Châu Thành
        ("UBND xã Tiên Thủy, huyện Châu Thành", "Bến Tre"),
        ("huyện Châu Thành", None),  # ten provinces
        ("đường Lê Lợi, phường 1", None),
        ("xã Tân Lập", None),
        # a list across the country decides nothing
        ("huyện Lộc Bình (Lạng Sơn), huyện Ba Tri (Bến Tre)", None),
        ("quận Ba Đình, quận Hoàn Kiếm và thành phố Nha Trang", "Hà Nội"),
        ("quận Ba Đình và thành phố Nha Trang", None),  # a tie
        ("Ông Phạm Văn Sơn (xã hội học) nói về Thái Bình Dương", None),
        # one commune named three times is one place, not three votes
        ("Bán đất phường Tân Mỹ; đất phường Tân Mỹ; giá phường Tân Mỹ", None),
    ],
)
def test_province_from_places(text: str, expected: str | None) -> None:
    found = province_from_places(text)
    assert (found[0].name if found else None) == expected
    if found:
        assert found[0].generation == BEFORE
        assert found[1].provinces == (expected,)
        assert found[2] >= 1


@pytest.mark.parametrize(
    ("name", "expected"),
    [("Buôn Ma Thuột", "Đắk Lắk"), ("Tp. Buôn Ma Thuột", "Đắk Lắk"), ("Pleiku", "Gia Lai"),
     ("TP. Thái Nguyên", "Thái Nguyên"), ("Châu Thành", None), ("Nguyễn Văn A", None)],
)
def test_province_of_place_name(name: str, expected: str | None) -> None:
    found = province_of_place_name(name)
    assert (found.name if found else None) == expected


@pytest.mark.parametrize(
    ("text", "by_name", "expected"),
    [
        ("(GLO)- Theo thống kê, toàn tỉnh hiện có 570 đơn vị", False, "Gia Lai"),
        ("BDK - Trong tháng 10-2020, Trung tâm", False, "Bến Tre"),
        ("Tin bài\n\nBDK.VN - Tháng 5-2021, Trung tâm", False, "Bến Tre"),
        ("(QNO) - Dịch bệnh, thiệt hại", False, "Quảng Nam"),
        ("Ông GLO - nhân viên", False, None),  # not at the start of a line
        ("Phóng viên Báo Đồng Khởi ghi nhận", True, "Bến Tre"),
        ("Phóng viên Báo Đồng Khởi ghi nhận", False, None),  # names are asked for apart
        ("Khách sạn trên đường Đồng Khởi, Quận 1", True, None),
        ("theo Báo điện tử Hà Nội Mới", True, "Hà Nội"),
    ],
)
def test_province_from_press(text: str, by_name: bool, expected: str | None) -> None:
    found = province_from_press(text, by_name)
    assert (found[0].name if found else None) == expected


@pytest.mark.parametrize(("text", "expected", "province"), [
    # communes since 2025, named with a number: Móng Cái 1–3 are all in Quảng Ninh
    # https://www.vietnamplus.vn/trung-quoc-thanh-pho-dong-hung-chuc-mung-ky-niem-96-nam-ngay-thanh-lap-dang-post1091536.vnp
    ("Đón tiếp đoàn có ông Hồ Quang Huy, Bí thư Đảng ủy, Chủ tịch Hội đồng Nhân dân phường "
     "Móng Cái 1 cùng lãnh đạo các phường Móng Cái 2, Móng Cái 3 và xã Hải Sơn.",
     [("phường Móng Cái 1", ("Quảng Ninh",)), ("phường Móng Cái 2", ("Quảng Ninh",)),
      ("Móng Cái 3", ("Quảng Ninh",)), ("xã Hải Sơn", ("Nam Định", "Quảng Ninh", "Quảng Trị"))],
     "Quảng Ninh"),
    # a special zone: its 2025 province (An Giang) took in Kiên Giang, where Phú Quốc was
    # https://plo.vn/dac-khu-phu-quoc-thanh-lap-8-to-cong-tac-theo-doi-dia-ban-cac-khu-pho-post870003.html
    ("Ngày 11-9, UBND đặc khu Phú Quốc (tỉnh An Giang) tổ chức Hội nghị công bố Quyết định "
     "thành lập tổ công tác theo dõi địa bàn các khu phố.",
     [("đặc khu Phú Quốc", ("An Giang", "Kiên Giang"))],
     None),
])
def test_places_since_2025(text: str, expected: list[tuple[str, tuple[str, ...]]],
                           province: str | None) -> None:
    """A commune or special zone of the 2025 register is found with the provinces before
    2025 its province took in; one of them decides only where the merger left one."""
    assert [(text[p.start:p.end], p.provinces) for p in find_places(text)] == expected
    found = province_from_places(text)
    assert (found[0].name if found else None) == province
