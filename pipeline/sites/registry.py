"""The site registry: which portals cchc follows, and how politely.

``pipeline/sites/registry.yaml`` is a YAML list, one entry a site::

    - id: thainguyen-sct
      province: Thái Nguyên
      body: Sở Công Thương
      family: generic          # the adapter module under pipeline/sites/
      base_url: https://sct.thainguyen.gov.vn
      start_urls: [https://sct.thainguyen.gov.vn/rss]
      delay_s: 5
      enabled: true
      topics: [cải cách hành chính, thủ tục hành chính, một cửa]

Users keep their own list and pass it with ``--registry FILE``. ``cchc sites check``
validates a registry: unique ids, known families, absolute http(s) URLs on the site's
host, a province the gazetteer knows, a sane delay.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

DEFAULT_REGISTRY = Path(__file__).with_name("registry.yaml")
MIN_DELAY_S = 1.0


class Site(BaseModel):
    """One portal or department site."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="short, unique, ascii")
    province: str
    body: str = Field(description="the body that runs the site: UBND tỉnh, Sở Nội vụ …")
    family: str = Field(description="adapter module name under pipeline/sites/")
    base_url: str
    start_urls: list[str] = Field(min_length=1)
    delay_s: float = 5.0
    enabled: bool = True
    topics: list[str] = Field(default_factory=list,
                              description="keep only items whose title or text names one")
    notes: str | None = None

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc.lower()


class RegistryError(ValueError):
    """A registry file that cannot be used, with every problem listed."""

    def __init__(self, path: Path, problems: list[str]) -> None:
        super().__init__(f"{path}: " + "; ".join(problems))
        self.path = path
        self.problems = problems


def load(path: str | Path | None = None) -> list[Site]:
    """Read and validate a registry (the bundled one by default)."""
    path = Path(path) if path else DEFAULT_REGISTRY
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    except (OSError, yaml.YAMLError) as e:
        raise RegistryError(path, [str(e)]) from e
    if not isinstance(raw, list):
        raise RegistryError(path, ["expected a YAML list of sites"])
    sites, problems = [], []
    for i, entry in enumerate(raw):
        try:
            sites.append(Site.model_validate(entry))
        except ValidationError as e:
            name = entry.get("id", f"#{i + 1}") if isinstance(entry, dict) else f"#{i + 1}"
            problems.extend(f"{name}: {err['loc'][0] if err['loc'] else ''} {err['msg']}"
                            for err in e.errors())
    problems.extend(check(sites))
    if problems:
        raise RegistryError(path, problems)
    return sites


def check(sites: list[Site]) -> list[str]:
    """Problems a registry has beyond its shape, in words."""
    from extractors.lexicon.gazetteer import provinces
    from pipeline.sites import adapters

    known_provinces = {p.name for p in provinces()}
    problems, seen = [], set()
    for site in sites:
        if site.id in seen:
            problems.append(f"{site.id}: duplicate id")
        seen.add(site.id)
        if site.family not in adapters():
            problems.append(f"{site.id}: unknown family {site.family!r} "
                            f"(known: {', '.join(sorted(adapters()))})")
        if site.province not in known_provinces:
            problems.append(f"{site.id}: province {site.province!r} not in the gazetteer")
        if site.delay_s < MIN_DELAY_S:
            problems.append(f"{site.id}: delay_s {site.delay_s} is below {MIN_DELAY_S} s")
        for url in [site.base_url, *site.start_urls]:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                problems.append(f"{site.id}: {url!r} is not an absolute http(s) URL")
            elif url != site.base_url and parts.netloc.lower() != site.host:
                problems.append(f"{site.id}: {url} is not on {site.host}")
    return problems


def get(site_id: str, sites: list[Site]) -> Site:
    for site in sites:
        if site.id == site_id:
            return site
    raise KeyError(f"no site {site_id!r} in the registry")
