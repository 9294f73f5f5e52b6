"""The dashboard (datasette-dashboards): a province's results and dossier figures, per
index, drawn from the answer tables, never from raw mentions.

``/-/dashboards/ket-qua-theo-tinh?province=Lạng Sơn&index=par_index`` shows the overall
score and rank of every body of the province per year, and the dossier figures of each
agency by period. Charts read ``assessment_results`` and ``dossier_stats``, where a
figure restated by several reports is one row, so nothing is counted twice; the dossier
charts draw each figure as it is (points by period, or the latest period of each agency),
never a sum of periods, levels or agencies. Titles and axes are Vietnamese.
"""

from __future__ import annotations

from typing import Any

from pipeline.store.labels import INDEXES, LEVELS, METRICS, case_sql

SLUG = "ket-qua-theo-tinh"
_OVERALL = ("criterion IS NULL AND coalesce(stage, '') != 'self' "
            "[[AND province = :province]] [[AND index_name = :index]]")
_WHO = f"coalesce(agency, {case_sql('level', LEVELS, '(chưa rõ cơ quan)')})"


def _chart(title: str, db: str, sql: str, mark: dict[str, Any],
           encoding: dict[str, Any]) -> dict[str, Any]:
    return {"title": title, "db": db, "query": sql, "library": "vega-lite",
            "display": {"mark": {**mark, "tooltip": True}, "encoding": encoding}}


def _year_line(title: str, db: str, column: str, axis: str, *, reverse: bool = False
               ) -> dict[str, Any]:
    """Overall results per year, one line per body of the province."""
    sql = (f'SELECT year AS "Năm", subject AS "Cơ quan, địa phương", {column} AS "{axis}", '
           f"{case_sql('index_name', INDEXES)} AS \"Chỉ số\" FROM assessment_results "
           f"WHERE {column} IS NOT NULL AND year IS NOT NULL AND {_OVERALL} ORDER BY year")
    y: dict[str, Any] = {"field": axis, "type": "quantitative", "title": axis}
    if reverse:
        y["scale"] = {"reverse": True}
    return _chart(title, db, sql, {"type": "line", "point": True}, {
        "x": {"field": "Năm", "type": "ordinal", "title": "Năm"}, "y": y,
        "color": {"field": "Cơ quan, địa phương", "type": "nominal"},
        "strokeDash": {"field": "Chỉ số", "type": "nominal"}})


def _dossiers_by_period(db: str) -> dict[str, Any]:
    """Every figure of the chosen metric as a point at the end of its period."""
    sql = (f'SELECT coalesce(period_end, as_of) AS "Đến ngày", {_WHO} AS "Cơ quan", '
           f'"count" AS "Số hồ sơ", {case_sql("metric", METRICS)} AS "Chỉ tiêu", '
           'period_start AS "Từ ngày", quote AS "Trích dẫn" FROM dossier_stats '
           "WHERE coalesce(period_end, as_of) IS NOT NULL [[AND province = :province]] "
           "[[AND metric = :metric]] ORDER BY 1")
    return _chart("Số hồ sơ theo cơ quan và kỳ báo cáo", db, sql,
                  {"type": "point", "filled": True, "size": 80}, {
                      "x": {"field": "Đến ngày", "type": "temporal", "title": "Đến ngày"},
                      "y": {"field": "Số hồ sơ", "type": "quantitative"},
                      "color": {"field": "Cơ quan", "type": "nominal"},
                      "shape": {"field": "Chỉ tiêu", "type": "nominal"}})


def _overdue_latest(db: str) -> dict[str, Any]:
    """Each agency's overdue dossiers in its latest reported period (one figure each)."""
    sql = (f'SELECT "Cơ quan", "Số hồ sơ quá hạn", "Kỳ" FROM (SELECT {_WHO} AS "Cơ quan", '
           '"count" AS "Số hồ sơ quá hạn", coalesce(period_start, \'…\') || \' – \' || '
           "coalesce(period_end, as_of, '…') AS \"Kỳ\", row_number() OVER (PARTITION BY "
           "province, agency_key, level ORDER BY coalesce(period_end, as_of) DESC) AS n "
           "FROM dossier_stats WHERE metric = 'overdue' [[AND province = :province]]) "
           "WHERE n = 1 ORDER BY 2 DESC LIMIT 40")
    return _chart("Hồ sơ quá hạn của mỗi cơ quan trong kỳ gần nhất", db, sql,
                  {"type": "bar"}, {
                      "x": {"field": "Số hồ sơ quá hạn", "type": "quantitative"},
                      "y": {"field": "Cơ quan", "type": "nominal", "sort": "-x"}})


def dashboard(db: str) -> dict[str, Any]:
    """The datasette-dashboards configuration for the database called ``db``."""
    provinces = ("SELECT province FROM assessment_results WHERE province IS NOT NULL UNION "
                 "SELECT province FROM dossier_stats WHERE province IS NOT NULL ORDER BY 1")
    return {SLUG: {
        "title": "Kết quả theo tỉnh và chỉ số",
        "description": "Điểm và thứ hạng tổng thể (không tính tự chấm) của các cơ quan, địa "
        "phương của một tỉnh theo năm, và số hồ sơ theo cơ quan và kỳ báo cáo: mỗi số "
        "liệu một lần, dù nhiều văn bản nhắc lại; không cộng dồn các kỳ, các cấp.",
        "filters": {
            "province": {"name": "Tỉnh", "type": "select", "db": db, "query": provinces},
            "index": {"name": "Chỉ số", "type": "select", "db": db,
                      "query": "SELECT DISTINCT index_name FROM assessment_results "
                      "WHERE index_name IS NOT NULL ORDER BY 1"},
            "metric": {"name": "Chỉ tiêu hồ sơ", "type": "select", "options": list(METRICS),
                       "default": "received"},
        },
        "layout": [["scores", "ranks"], ["dossiers", "overdue"]],
        "charts": {
            "scores": _year_line("Điểm tổng thể theo năm", db, "score", "Điểm"),
            "ranks": _year_line("Thứ hạng theo năm", db, '"rank"', "Thứ hạng", reverse=True),
            "dossiers": _dossiers_by_period(db),
            "overdue": _overdue_latest(db),
        },
    }}
