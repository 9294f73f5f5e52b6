"""The national service index (Quyết định 766/QĐ-TTg) read from the portal's response.

REBUILT RESPONSES: no response of dichvucong.gov.vn is saved in this repository. The
field names (ID, TEN, ROW_STT, TONG_SCORE, CKMB, TDGQ, TTTT, MDHL, MDSH, CLGQ) and the
request are those public scrapers of the portal use (corpus/sites/README.md, "National
service index"); the figures below are placeholders chosen for the test, NOT the
portal's published results.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.sites.serviceindex import facts, province_of, request
from pipeline.store.answers import assessment_results, merge_assessments
from pipeline.store.checks import disagreements
from tests.conftest import REPO

REQUEST_2024 = request(2024)


def response(*rows: dict) -> bytes:
    return json.dumps(list(rows), ensure_ascii=False).encode("utf-8")


def row(id_: str, name: str, total: str, **groups: str) -> dict:
    return {"ROW_STT": "1", "ID": id_, "TEN": name, "TONG_SCORE": total, **groups}


# Placeholder figures (rebuilt, see the module doc).
ONE = response(
    row("398126", "Tỉnh An Giang", "80.5", CKMB="15.1", TDGQ="18.2", TTTT="14.3",
        MDHL="17.4", MDSH="15.5", CLGQ="2.1"),
    row("11358", "Thành phố Hà Nội", "82.0"),
    row("1", "Tỉnh Bến Tre", "80.5"),
)


def test_request_is_the_gateway_params_object() -> None:
    assert request(2024) == {
        "type": "ref", "service": "report_tinh_766_service", "p_nam": "2024",
        "p_6thang": 0, "p_quy": 0, "p_thang": 0, "p_tinh_id": 0, "pageIndex": 1,
        "pageSize": 100, "p_loaidonvi": 1, "loaichitieu": 0}


@pytest.mark.parametrize(("name", "province"), [
    ("Tỉnh An Giang", "An Giang"), ("Thành phố Hồ Chí Minh", "Hồ Chí Minh"),
    ("TP. Hà Nội", "Hà Nội"), ("Bộ Tài chính", None),
])
def test_province_names(name: str, province: str | None) -> None:
    assert province_of(name) == province


def test_a_province_row_becomes_total_groups_and_place() -> None:
    got = [f for f in facts(ONE, REQUEST_2024) if f["subject"] == "An Giang"]
    scores = {f["criterion"]: f["value"] for f in got if f["kind"] == "score"}
    assert scores == {None: 80.5, "Công khai, minh bạch": 15.1, "Tiến độ giải quyết": 18.2,
                      "Dịch vụ trực tuyến": 14.3, "Mức độ hài lòng": 17.4,
                      "Số hóa hồ sơ": 15.5}
    [place] = [f for f in got if f["kind"] == "ranking"]
    assert (place["rank"], place["of"]) == (2, 3)  # tied with Bến Tre, behind Hà Nội
    assert {f["index"] for f in got} == {"service_index"} and {f["year"] for f in got} == {2024}
    source = got[0]["provenance"]
    assert source["url"] == "https://dichvucong.gov.vn/jsp/rest.jsp"
    assert source["request"]["service"] == "report_tinh_766_service"
    assert source["row"]["ID"] == "398126" and source["row"]["CLGQ"] == "2.1"


def test_answer_rows_of_the_index() -> None:
    rows = {(r["subject"], r["criterion"]): r for r in assessment_results(facts(ONE,
                                                                                REQUEST_2024))}
    overall = rows[("An Giang", None)]
    assert (overall["index_name"], overall["year"], overall["score"], overall["rank"],
            overall["of"], overall["province"]) == ("service_index", 2024, 80.5, 2, 3,
                                                    "An Giang")
    assert rows[("Hà Nội", None)]["rank"] == 1


@pytest.mark.parametrize("period", [{"p_quy": 1}, {"p_thang": 6}, {"p_6thang": 1},
                                    {"p_tinh_id": "398126"}])
def test_only_annual_all_province_responses(period: dict) -> None:
    with pytest.raises(ValueError, match="not an"):
        facts(ONE, {**REQUEST_2024, **period})


def test_two_fetches_that_disagree_make_a_check() -> None:
    """The portal recomputes a year while it runs: a later fetch with another total and
    place for An Giang disagrees with the first, and the merge says so."""
    later = response(row("398126", "Tỉnh An Giang", "83.0"),
                     row("11358", "Thành phố Hà Nội", "82.0"),
                     row("1", "Tỉnh Bến Tre", "80.5"))
    merged = merge_assessments([*facts(ONE, REQUEST_2024), *facts(later, REQUEST_2024)])
    [check] = [c for c in disagreements(merged, "assessment_results")
               if c["province"] == "An Giang"]
    assert check["check_name"] == "disagreement"
    assert "service_index 2024" in check["about"]
    assert "điểm: " in check["detail"] and "thứ hạng: " in check["detail"]
    assert len(json.loads(check["documents"])) == 2


def cchc(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pipeline", *args], capture_output=True,
                          text=True, cwd=REPO, timeout=120)


def test_cli_reads_saved_responses_and_reports_what_disagrees(tmp_path: Path) -> None:
    first, later = tmp_path / "dvc-766-2024-a.json", tmp_path / "dvc-766-2024-b.json"
    first.write_bytes(ONE)
    later.write_bytes(response(row("398126", "Tỉnh An Giang", "83.0")))
    out = cchc("sites", "service-index", str(first), str(later), "--year", "2024")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert any(line.split()[:4] == ["Hà", "Nội", "(tổng)", "82"] for line in lines)
    assert any(line.startswith("CHECK ") and "An Giang" in line for line in lines)
    data = json.loads(cchc("sites", "service-index", str(first), "--year", "2024",
                           "--json").stdout)
    assert not data["checks"] and len(data["results"]) == 3 * 1 + 5  # 3 totals, 5 groups
    assert data["facts"][0]["provenance"]["saved"] == str(first)


def test_cli_merges_a_databases_facts(tmp_path: Path) -> None:
    """With --db, the stored documents' service_index facts join the merge (none here: a
    fresh database), and nothing is written to it."""
    from pipeline.store import open_db

    db_path = tmp_path / "cchc.db"
    open_db(db_path).conn.close()
    saved = tmp_path / "dvc-766-2024.json"
    saved.write_bytes(ONE)
    out = cchc("sites", "service-index", str(saved), "--year", "2024", "--db", str(db_path),
               "--json")
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)["results"]) == 8
    assert open_db(db_path)["assessment_results"].count == 0


def test_cli_refuses_what_is_not_a_response(tmp_path: Path) -> None:
    bad = tmp_path / "page.json"
    bad.write_text('{"error": "session expired"}', encoding="utf-8")
    out = cchc("sites", "service-index", str(bad), "--year", "2024")
    assert out.returncode == 1 and "expected a JSON list" in out.stderr
