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
      hosts: [www.sct.thainguyen.gov.vn]            # optional: more hosts of the site
      attachment_hosts: [vanban.thainguyen.gov.vn]  # optional: where its files live
      max_attempts: 5          # a failed URL is tried on this many runs, then given up
      retry_backoff_h: 6       # wait between those tries (doubling; the first: next run)
      level: department        # national | province | department | district | commune
      selectors:               # optional: this site's own listing selectors (XPath)
        listing: //div[@class='list-news']//h3/a    # the item links
        date: ancestor::li[1]//span[@class='date']  # beside each link (optional)
        next: //a[@rel='next']/@href                # the next page (optional)
      evidence:                # why we believe the adapter fits this site
        - kind: scraper-selectors   # a public scraper's code: repo, path, commit, showed
                                    # (or code_search_id where the index names no repo)
        - kind: stored-page-text    # a stored copy of a page: url, showed
        - kind: source-url          # a real URL of the site in corpus/sources.yaml
        - kind: rebuilt             # a page rebuilt from the CMS's markup: path
        - kind: saved-page          # a page saved from the site as served: path

A site is ``enabled`` only on a ``saved-page`` that ``tests/test_site_corpus.py`` passes;
rebuilt pages and others' scrapers say what the markup should be, not that it is.
National sources (vbpl.vn, the government portal, the official gazette) have
``level: national`` and no province.

Only the site's hosts are ever requested, on a redirect too: ``base_url``'s host and
``hosts`` for every page, and ``attachment_hosts`` as well for attached files. A site
whose host resolves to a loopback, private or link-local address is refused unless it
says ``allow_private_addresses: true`` (a test site on 127.0.0.1, an intranet portal).

Users keep their own list and pass it with ``--registry FILE``. ``cchc sites check``
validates a registry: unique ids, known families, absolute http(s) URLs on the site's
hosts, bare host names, a province the gazetteer knows, a sane delay.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

DEFAULT_REGISTRY = Path(__file__).with_name("registry.yaml")
MIN_DELAY_S = 1.0
HOST_NAME = r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$"


def host_name(url: str) -> str:
    """The host of ``url`` as the registry compares it: lower case, no port, no final dot.

    >>> host_name("https://SNV.LangSon.gov.vn.:443/tin-tuc")
    'snv.langson.gov.vn'
    """
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return ""
    return host.rstrip(".").lower()


class Evidence(BaseModel):
    """Why we believe a site's markup is what its adapter reads, and how strongly.

    ``scraper-selectors``: a public scraper of the site (``repo``, ``path``, ``commit``)
    uses these selectors or URL shapes; ``stored-page-text``: a stored copy of one of its
    pages (``url``) shows this text or structure; ``source-url``: a real URL of the site
    that ``corpus/sources.yaml`` lists; ``rebuilt``: a page under ``corpus/sites``
    (``path``) rebuilt from the CMS's markup; ``saved-page``: a page saved as served."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    kind: Literal["scraper-selectors", "stored-page-text", "source-url", "rebuilt",
                  "saved-page"]
    showed: str = Field(description="what the evidence shows, in a sentence")
    repo: str | None = None
    path: str | None = None
    commit: str | None = Field(None, pattern=r"^[0-9a-f]{40}$")
    url: str | None = None
    code_search_id: str | None = Field(None, pattern=r"^[0-9]+$", description=(
        "the code search's id of a scraper file whose repository its index does not name "
        "(a weaker citation than repo/path/commit)"))

    @model_validator(mode="after")
    def _complete(self) -> Evidence:
        needs = {"scraper-selectors": ("repo", "path", "commit"),
                 "stored-page-text": ("url",), "source-url": ("url",),
                 "rebuilt": ("path",), "saved-page": ("path",)}[self.kind]
        if self.kind == "scraper-selectors" and self.code_search_id and not self.repo:
            needs = ()
        missing = [name for name in needs if not getattr(self, name)]
        if missing:
            raise ValueError(f"{self.kind} evidence needs {', '.join(missing)}")
        return self


class Selectors(BaseModel):
    """A site's own listing selectors (XPath 1.0), for a site whose family adapter does
    not find its items: ``listing`` finds the item links (``a`` elements), ``date`` is
    read relative to each link, ``next`` gives the next page's ``href``."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    listing: str
    date: str | None = None
    next: str | None = None


class Site(BaseModel):
    """One portal or department site."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="short, unique, ascii")
    province: str | None = Field(None, description="as the gazetteer spells it; none for "
                                                   "a national source")
    level: Literal["national", "province", "department", "district", "commune"] = "province"
    body: str = Field(description="the body that runs the site: UBND tỉnh, Sở Nội vụ …")
    family: str = Field(description="adapter module name under pipeline/sites/")
    base_url: str
    start_urls: list[str] = Field(min_length=1)
    delay_s: float = 5.0
    enabled: bool = True
    topics: list[str] = Field(default_factory=list,
                              description="keep only items whose title or text names one")
    notes: str | None = None
    hosts: list[str] = Field(default_factory=list, description=(
        "more host names of the site (a www. twin, a new domain it redirects to)"))
    attachment_hosts: list[str] = Field(default_factory=list, description=(
        "host names attached files may come from (a document server, a CDN)"))
    allow_private_addresses: bool = Field(False, description=(
        "allow loopback, private and link-local addresses (test sites, intranets)"))
    max_attempts: int = Field(5, ge=1, description=(
        "runs a failed URL is tried on before it is given up and reported"))
    retry_backoff_h: float = Field(6.0, ge=0, description=(
        "hours before the second retry of a failed URL, doubling after each"))
    selectors: Selectors | None = None
    evidence: list[Evidence] = Field(default_factory=list)

    @property
    def host(self) -> str:
        return urlsplit(self.base_url).netloc.lower()

    def hosts_for(self, kind: str) -> frozenset[str]:
        """The host names a request of ``kind`` ("listing", "item", "attachment") may
        go to, redirects included."""
        names = {host_name(self.base_url), *(h.lower() for h in self.hosts)}
        if kind == "attachment":
            names.update(h.lower() for h in self.attachment_hosts)
        return frozenset(names)


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
        if site.level == "national":
            if site.province:
                problems.append(f"{site.id}: a national source has no province")
        elif site.province not in known_provinces:
            problems.append(f"{site.id}: province {site.province!r} not in the gazetteer")
        problems.extend(_selector_problems(site))
        if site.delay_s < MIN_DELAY_S:
            problems.append(f"{site.id}: delay_s {site.delay_s} is below {MIN_DELAY_S} s")
        problems.extend(_url_problems(site))
    return problems


def _url_problems(site: Site) -> list[str]:
    """Start URLs on the site's hosts; host lists of bare, lower-case host names."""
    import re

    problems = []
    for field_name in ("hosts", "attachment_hosts"):
        for name in getattr(site, field_name):
            if not re.fullmatch(HOST_NAME, name):
                problems.append(f"{site.id}: {field_name}: {name!r} is not a bare, "
                                "lower-case host name (no scheme, port or path)")
    pages = site.hosts_for("item")
    for url in [site.base_url, *site.start_urls]:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            problems.append(f"{site.id}: {url!r} is not an absolute http(s) URL")
        elif url != site.base_url and host_name(url) not in pages:
            problems.append(f"{site.id}: {url} is not on {', '.join(sorted(pages))}")
    return problems


def _selector_problems(site: Site) -> list[str]:
    """Selectors that are not XPath 1.0 lxml can compile."""
    import lxml.etree

    problems = []
    for name, xpath in (site.selectors.model_dump().items() if site.selectors else ()):
        if xpath is None:
            continue
        try:
            lxml.etree.XPath(xpath)
        except lxml.etree.XPathSyntaxError as e:
            problems.append(f"{site.id}: selectors.{name}: {xpath!r} is not XPath ({e})")
    return problems


def get(site_id: str, sites: list[Site]) -> Site:
    for site in sites:
        if site.id == site_id:
            return site
    raise KeyError(f"no site {site_id!r} in the registry")
