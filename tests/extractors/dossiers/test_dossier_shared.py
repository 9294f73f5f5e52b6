"""Figures one phrase gives two of: "N/M hồ sơ" fractions and zeros whose subject is
several owners joined by "và".

Each case is a real quotation (the file it comes from named above it) and the facts
expected from it, as (metric, count, agency, level, period_start, period_end, approx).
A fraction's M is ``received`` only when it equals a received figure of the same owner and
period; a zero after "A và B" is A's and B's. Traps keep one fact or none.
"""

from __future__ import annotations

import pytest

from extractors import extract

Row = tuple[str, int, str | None, str | None, str | None, str | None, bool]
TT = "Trung tâm Phục vụ hành chính công tỉnh"
MAY21 = ("2021-05-01", "2021-05-31")

CASES: list[tuple[str, list[Row]]] = [
    # corpus/texts/bentre_2021_05_hcc_hoso.txt: M equals the lead's received figure of the
    # same centre and month, so it is received too (exact where the lead rounds it)
    ("BDK.VN - Tháng 5-2021, Trung tâm Phục vụ hành chính công tỉnh tiếp nhận 5,65 ngàn hồ "
     "sơ (HS) các loại.\n\nTrung tâm đã giải quyết: 4.561/5.650 HS (tỷ lệ 80,7%).",
     [("received", 5650, TT, None, *MAY21, True),
      ("resolved", 4561, TT, None, *MAY21, False),
      ("received", 5650, TT, None, *MAY21, False)]),
    # the same page's headline rounds N and names the centre short: it restates N, so it
    # takes the centre's full name and the month from it
    ("Trung tâm Phục vụ hành chính công giải quyết hơn 4,5 ngàn hồ sơ\n\n06/06/2021 - 13:18"
     "\n\nBDK.VN - Tháng 5-2021, Trung tâm Phục vụ hành chính công tỉnh tiếp nhận 5,65 ngàn "
     "hồ sơ (HS) các loại.\n\nTrung tâm đã giải quyết: 4.561/5.650 HS (tỷ lệ 80,7%).",
     [("resolved", 4500, TT, None, *MAY21, True),
      ("received", 5650, TT, None, *MAY21, True),
      ("resolved", 4561, TT, None, *MAY21, False),
      ("received", 5650, TT, None, *MAY21, False)]),
    # the same sentence alone: nothing says what M counts, so only N
    ("Trung tâm đã giải quyết: 4.561/5.650 HS (tỷ lệ 80,7%).",
     [("resolved", 4561, None, None, None, None, False)]),
    # corpus/texts/quangninh_2020_q1_damha_hoso.txt: two bodies share the zero (the doubled
    # "và" is the publisher's); the commune desks count the commune tier
    ("Trong 3 tháng đầu năm, huyện Đầm Hà đã tập trung chỉ đạo đẩy mạnh công tác cải cách "
     "hành chính, tại Trung tâm Hành chính công huyện và và bộ phận một cửa hiện đại cấp xã "
     "không có hồ sơ quá hạn.",
     [("overdue", 0, "Trung tâm Hành chính công huyện", None, None, None, False),
      ("overdue", 0, "bộ phận một cửa hiện đại cấp xã", "commune", None, None, False)]),
    # the same page: two tiers share it, one zero each
    ("Tại cấp huyện và cấp xã không có hồ sơ quá hạn.",
     [("overdue", 0, None, "district", None, None, False),
      ("overdue", 0, None, "commune", None, None, False)]),
    # --- traps ---
    # /work/shared/seeds/001_cd0c8ec09d399e4a.txt: the zero follows figures, not a subject
    # of several owners: one zero
    ("Từ ngày 01/01/2022 đến thời điểm báo cáo, Sở đã tiếp nhận 1.713 hồ sơ TTHC, đã giải "
     "quyết đúng và trước hạn 1.668 hồ sơ, không có hồ sơ giải quyết quá hạn.",
     [("received", 1713, None, None, "2022-01-01", None, False),
      ("resolved_early_or_on_time", 1668, None, None, "2022-01-01", None, False),
      ("overdue", 0, None, None, "2022-01-01", None, False)]),
    # corpus/texts/hcm_2025_12_ngung_nhan_ho_so_so_nganh.txt: a date before "hồ sơ" is no
    # fraction
    ("Kể từ ngày 27/12, bộ phận tiếp nhận hồ sơ và trả kết quả giải quyết thủ tục hành chính "
     "cho tổ chức, cá nhân được thực hiện tập trung tại trụ sở Trung tâm Phục vụ hành chính "
     "công TP.HCM (số 43 đường Nguyễn Văn Bá, phường Thủ Đức).",
     []),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_shared_figures(text: str, expected: list[Row]) -> None:
    got = []
    for f in extract(text).dossiers:
        assert text[f.start:f.end] == f.quote
        got.append((f.metric.value, f.count, f.agency, f.level.value if f.level else None,
                    f.period_start, f.period_end, f.approx))
    assert got == expected
