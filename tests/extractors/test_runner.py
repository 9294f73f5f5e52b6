"""The runner checks the order of the stages: what each requires is assigned before it."""

from __future__ import annotations

import pytest

from extractors.context import Context, StageOrderError
from extractors.runner import STAGES, Stage, check_order, run, run_stage, select


def test_every_stage_runs_after_what_it_requires() -> None:
    check_order(STAGES)  # the module already did; this says so where a reader looks
    assigned: set[str] = set()
    for stage in STAGES:
        assert set(stage.requires) <= assigned, stage.name
        assigned.add(stage.slot)


@pytest.mark.parametrize(("order", "message"), [
    (["references", "dates"], "stage 'references' requires dates"),
    (["dossiers"], "stage 'dossiers' requires document"),
    (["document", "own_number"], "stage 'own_number' requires references"),
])
def test_a_wrong_order_is_refused(order: list[str], message: str) -> None:
    by_name = {s.name: s for s in STAGES}
    with pytest.raises(StageOrderError, match=message):
        check_order([by_name[n] for n in order])


def test_an_unknown_slot_is_refused() -> None:
    with pytest.raises(StageOrderError, match="unknown slot 'found'"):
        check_order([Stage("typo", lambda ctx: [], requires=("found",))])


def test_select_keeps_the_running_order_and_checks_it() -> None:
    assert [s.name for s in select("references", "dates")] == ["dates", "references"]
    with pytest.raises(StageOrderError):
        select("people")  # people leave out what units took: units must run first
    with pytest.raises(StageOrderError, match="no stage named peeple"):
        select("peeple")


def test_a_stage_run_alone_without_its_needs_fails_loudly() -> None:
    ctx = Context("Căn cứ Quyết định số 1009/QĐ-UBND ngày 04/5/2019 của UBND tỉnh.")
    references = next(s for s in STAGES if s.name == "references")
    with pytest.raises(StageOrderError, match="runs before dates"):
        run_stage(ctx, references)


def test_run_fills_every_slot_and_skips_by_name() -> None:
    ctx = run(Context("Ngày 25/10/2022, Sở Nội vụ kiểm tra."), skip=["people"])
    assert ctx.assigned() == {s.slot for s in STAGES}
    assert ctx.people == []
    assert [d.value for d in ctx.dates] == ["2022-10-25"]


def test_load_builds_now_what_a_page_builds_on_first_use() -> None:
    """A fork server calls ``load`` before forking its workers: the places' registers
    are built and a data pattern ("issuer.voice", compiled when first asked) is
    compiled there, once, not by each worker's first page naming "xã Đam Rông 3"."""
    from extractors.lexicon import places
    from extractors.runner import load
    from extractors.text.patterns import data_paths, patterns

    tables = (places._table, places._table_2025, places._communes_2025)
    for table in tables:
        table.cache_clear()
    voice = patterns("document")["issuer.voice"]
    vars(voice).pop("regex", None)
    load()
    assert [t.cache_info().currsize for t in tables] == [1, 1, 1]
    assert [p.id for name in data_paths() for p in patterns(name).values()
            if "regex" not in vars(p)] == []
    assert places.is_commune_2025("Đam Rông 3")
