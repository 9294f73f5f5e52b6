"""Every adapter against its saved pages: ``corpus/sites/<family>/<case>.html`` (or .xml)
with ``<case>.expected.json`` beside it (see corpus/sites/README.md)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.sites import adapter, adapters
from tests.conftest import REPO

SITES = REPO / "corpus" / "sites"
CASES = sorted(SITES.glob("*/*.expected.json"))


def page_of(expected: Path) -> Path:
    stem = expected.name.removesuffix(".expected.json")
    [page] = [p for p in expected.parent.glob(f"{stem}.*") if p != expected]
    return page


def as_json(value: object) -> object:
    """Dataclasses of an adapter's answer as the plain JSON the expected files hold."""
    if isinstance(value, list):
        return [as_json(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@pytest.mark.parametrize("expected_path", CASES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_saved_page(expected_path: Path) -> None:
    expected = json.loads(expected_path.read_text(encoding="utf-8"))
    module = adapter(expected_path.parent.name)
    body = page_of(expected_path).read_bytes()
    if expected["kind"] == "listing":
        listing = module.parse_listing(body, expected["url"])
        got = [{"url": i.url, "title": i.title, "date": as_json(i.date)} for i in listing.items]
        assert got == expected["items"]
        assert listing.next_url == expected["next_url"]
    else:
        page = module.parse_item(body, expected["url"])
        assert (page.title, as_json(page.date), page.attachments) == (
            expected["title"], expected["date"], expected["attachments"])


@pytest.mark.parametrize("family", sorted(adapters()))
def test_every_adapter_has_saved_pages_and_a_docstring(family: str) -> None:
    kinds = {json.loads(p.read_text(encoding="utf-8"))["kind"]
             for p in (SITES / family).glob("*.expected.json")}
    assert kinds, f"no saved pages under corpus/sites/{family}/"
    module = adapter(family)
    assert module.__doc__ and "CMS" in module.__doc__ and module.VERSION
    if family != "generic":
        assert kinds == {"listing", "item"}


@pytest.mark.parametrize("family", ["nukeviet", "sharepoint", "liferay", "wordpress"])
def test_adapters_fail_loudly_on_pages_without_their_markup(family: str) -> None:
    from pipeline.errors import CchcError

    text = "Sở Nội vụ thông báo lịch tiếp công dân định kỳ trong tháng. " * 10
    body = f"<html><body><div class='x'><p>{text}</p></div></body></html>".encode()
    for parse in (adapter(family).parse_listing, adapter(family).parse_item):
        with pytest.raises(CchcError, match="no "):
            parse(body, "https://snv.example.gov.vn/tin-tuc")
