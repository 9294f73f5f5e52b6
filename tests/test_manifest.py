"""A folder's ``sources.yaml`` lends its files the URL and publisher a crawl would have
given (``pipeline.convert.manifest``): beside the files, or one folder up as
``corpus/sources.yaml`` is for ``corpus/texts/``. The manifest is looked up once a folder,
by the folder's absolute path, so the same relative path read from another working
folder finds that folder's manifest. Inputs are real corpus texts and their real entries.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from pipeline.convert import convert_path, manifest
from tests.conftest import REPO

SOURCES = yaml.safe_load((REPO / "corpus" / "sources.yaml").read_text(encoding="utf-8"))
A, B = "angiang_2020_par_index_2019", "bentre_2020_10_hcc_hoso"


def folder_with(root: Path, stem: str, *, beside: bool) -> Path:
    """``root/texts/<stem>.txt`` (the real corpus text), its real entry in a
    ``sources.yaml`` beside it or one folder up; the text file's path."""
    texts = root / "texts"
    texts.mkdir(parents=True)
    text = texts / f"{stem}.txt"
    text.write_bytes((REPO / "corpus" / "texts" / f"{stem}.txt").read_bytes())
    entry = {stem: {k: SOURCES[stem][k] for k in ("url", "publisher")}}
    (texts if beside else root).joinpath(manifest.NAME).write_text(
        yaml.safe_dump(entry, allow_unicode=True), encoding="utf-8")
    return text


@pytest.mark.parametrize("beside", [True, False])
def test_a_file_gets_its_manifest_entry(tmp_path: Path, beside: bool) -> None:
    path = folder_with(tmp_path, A, beside=beside)
    doc = manifest.annotate(convert_path(path), path)
    assert doc.metadata["url"] == SOURCES[A]["url"]
    assert doc.metadata["publisher"] == SOURCES[A]["publisher"]


def test_the_same_relative_path_in_another_folder_reads_that_folders_manifest(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, stem in (("a", A), ("b", B)):
        folder_with(tmp_path / name, stem, beside=True)
        # the same name in both: "texts/x.txt", each with its own folder's entry
        (tmp_path / name / "texts" / f"{stem}.txt").rename(tmp_path / name / "texts" / "x.txt")
        entry = {"x": {"url": SOURCES[stem]["url"]}}
        (tmp_path / name / "texts" / manifest.NAME).write_text(yaml.safe_dump(entry))
    urls = []
    for name in ("a", "b"):
        monkeypatch.chdir(tmp_path / name)
        urls.append(manifest.entry_for(Path("texts/x.txt"))["url"])
    assert urls == [SOURCES[A]["url"], SOURCES[B]["url"]]


def test_a_file_the_manifest_does_not_name_is_read_as_before(tmp_path: Path) -> None:
    path = folder_with(tmp_path, A, beside=True)
    other = path.with_name(f"{B}.txt")
    other.write_bytes((REPO / "corpus" / "texts" / f"{B}.txt").read_bytes())
    doc = convert_path(other)
    assert manifest.annotate(doc, other) == doc
