"""District- and commune-level units of the 63 provinces, read from a maintained package.

Where a news page names no province, its districts and communes do ("huyện Lộc Bình",
"UBND xã Tân Lập, huyện Đồng Hỷ"). The list of those units is the General Statistics
Office's register; cchc does not keep its own copy: it reads the register as published in
the ``vietnamadminunits`` package (MIT licence, on PyPI, a dependency) — its
``data/parser_legacy.json``, the units of the 63 provinces before the 2025 reform — and
turns it into one record per (province, district)::

    {"province": "Lạng Sơn", "name": "Lộc Bình", "kinds": {"huyện": []},
     "communes": {"thị trấn": ["Lộc Bình", "Na Dương"], "xã": ["Ái Quốc", …]}}

Since 1 July 2025 there is no district level: the commune-level units (xã, phường and the
new đặc khu, "special zones": "đặc khu Phú Quý") sit right under the 34 provinces of Nghị
quyết 202/2025/QH15, and many merged communes are named with a number ("xã Đam Rông 3",
"phường Móng Cái 1") or keep an apostrophe ("xã D'Ran", "xã Ea H'Leo").
:func:`load_communes_2025` reads them from the package's ``data/parser_from_2025.json``.

The package's own Python is never imported (it pulls in geometry libraries): only its data
files are located and parsed, once per process.
"""

from __future__ import annotations

import gc
import importlib.metadata
import importlib.util
import json
import unicodedata
from collections.abc import Callable
from functools import cache, wraps
from pathlib import Path
from typing import TypeVar

from extractors.lexicon.names import accent_free_key

PACKAGE = "vietnamadminunits"
DATA_FILE = "data/parser_legacy.json"
DATA_FILE_2025 = "data/parser_from_2025.json"
#: The package's short province names that differ from our gazetteer's standard spelling.
_PROVINCE_NAMES = {"Huế": "Thừa Thiên Huế"}

T = TypeVar("T")


def without_gc(build: Callable[[], T]) -> Callable[[], T]:
    """``build`` run with the cycle collector paused, for the one-time loads of the
    register: they allocate ~100,000 dicts, sets and strings that form no cycle (name →
    province → kinds), and the collections that allocation set off were ~30 of the ~115
    ms the first page naming a place ("huyện Lộc Bình") paid. Left alone where the
    collector is already off (the caller's choice)."""

    @wraps(build)
    def run() -> T:
        if not gc.isenabled():
            return build()
        gc.disable()
        try:
            return build()
        finally:
            gc.enable()

    return run


def data_path(name: str = DATA_FILE) -> Path:
    """Where the package's register file is, without importing the package."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{PACKAGE} is not installed (it is a dependency of cchc)")
    return Path(next(iter(spec.submodule_search_locations))) / name


def _nfc(s: str) -> str:
    return unicodedata.normalize("NFC", " ".join(s.split()))


def _kind(word: str) -> str:
    """ "Thị Xã" → "thị xã" (the unit words as cchc writes them)."""
    return _nfc(word).lower()


def _short(name: str, kind: str) -> str:
    """The name without its unit word: numbered units come as "Quận 1", "Phường 10"."""
    name = _nfc(name)
    return name[len(kind) + 1:] if name.lower().startswith(kind + " ") else name


@cache
def load_districts() -> tuple[dict, ...]:
    """One record per district-level unit, sorted by province then name (tone marks
    aside: :func:`accent_free_key`), communes sorted within each kind."""
    rows = [{**r, "communes": {k: sorted(v, key=lambda n: (accent_free_key(n), n))
                               for k, v in sorted(r["communes"].items())}}
            for r in districts_unordered()]
    rows.sort(key=lambda r: (accent_free_key(r["province"]), r["province"],
                             accent_free_key(r["name"]), r["name"]))
    return tuple(rows)


@cache
def districts_unordered() -> tuple[dict, ...]:
    """The records of :func:`load_districts` in the file's order, each kind's communes a
    set: for the gazetteer's lookup table (``places._table``: "huyện Lộc Bình" → Lạng
    Sơn), which needs no order. The sorts by names without tone marks were ~45 of the
    ~155 ms of CPU the first page naming a place or an assessed body pays (one-time, but
    in ``cchc extract`` over 400 short files ~0.1 ms a file)."""
    raw = json.loads(data_path().read_text(encoding="utf-8"))
    provinces = raw["DICT_PROVINCE"]
    wards = raw["DICT_PROVINCE_DISTRICT_WARD_NO_ACCENTED"]
    rows = []
    for pkey, districts in raw["DICT_PROVINCE_DISTRICT"].items():
        short = _nfc(provinces[pkey]["provinceShort"])
        province = _PROVINCE_NAMES.get(short, short)
        for dkey, district in districts.items():
            communes: dict[str, set[str]] = {}
            for ward in (wards.get(pkey, {}).get(dkey) or {}).values():
                if not isinstance(ward.get("wardShort"), str):
                    continue  # island districts with no communes (Hoàng Sa, Bạch Long Vĩ)
                kind = _kind(ward["wardType"])
                communes.setdefault(kind, set()).add(_short(ward["wardShort"], kind))
            kind = _kind(district["districtType"])
            rows.append({
                "province": province,
                "name": _short(district["districtShort"], kind),
                "kinds": {kind: []},
                "communes": communes,
            })
    return tuple(rows)


@cache
def load_communes_2025() -> tuple[dict, ...]:
    """One record per commune-level unit from 1 July 2025, sorted by province then name
    (tone marks aside): ``{"province": "Lâm Đồng", "kind": "xã", "name": "Đam Rông 3"}``;
    ``kind`` is "xã", "phường" or "đặc khu"."""
    return tuple(sorted(communes_2025_unordered(),
                        key=lambda r: (accent_free_key(r["province"]), r["province"],
                                       accent_free_key(r["name"]), r["name"], r["kind"])))


@cache
def communes_2025_unordered() -> tuple[dict, ...]:
    """The records of :func:`load_communes_2025` in the file's order, for a test of a
    name ("xã Đam Rông 3") that needs no order: the sort by names without tone marks is
    ~10 of the ~35 ms of loading them, paid by the first page that asks."""
    raw = json.loads(data_path(DATA_FILE_2025).read_text(encoding="utf-8"))
    rows = []
    for pkey, wards in raw["DICT_PROVINCE_WARD_NO_ACCENTED"].items():
        province = _nfc(raw["DICT_PROVINCE"][pkey]["provinceShort"])
        for ward in wards.values():
            kind = _kind(ward["wardType"])
            rows.append({"province": province, "kind": kind,
                         "name": _short(ward["ward"], kind)})
    return tuple(rows)


def districts_source() -> dict:
    """Where the register comes from: package, version, licence, file, counts."""
    rows = load_districts()
    return {
        "package": PACKAGE,
        "version": importlib.metadata.version(PACKAGE),
        "licence": "MIT (the package); the register is the General Statistics Office's",
        "file": DATA_FILE,
        "counts": {"provinces": len({r["province"] for r in rows}),
                   "district_level": len(rows),
                   "commune_level": sum(len(v) for r in rows for v in r["communes"].values())},
    }
