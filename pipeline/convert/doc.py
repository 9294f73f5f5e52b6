"""DOC (Word 97–2003) → text through antiword, or LibreOffice headless when antiword fails.

Many district and commune offices still save .doc. antiword (Debian ``antiword``) is
small and fast and reads Word 97–2003 text with UTF-8 output; files it cannot read
(Word 6/95, fast-saved files) go through LibreOffice (``soffice --convert-to docx``) when
it is installed, then the DOCX converter. Text typed in .VnTime/VNI fonts comes out of
antiword as Latin-1 letters ("Céng hßa") and is converted by ``legacy``.

An encrypted Word file (and an encrypted .docx, which is an OLE file too) is reported as
such, not as a broken one.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from pipeline.convert import legacy
from pipeline.convert.clean import assemble
from pipeline.errors import CorruptFile, EmptyFile, EncryptedFile, MissingTool, UnsupportedFormat
from schemas import Conversion, Document

TIMEOUT = 120
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_WORD = "WordDocument".encode("utf-16-le")


def check_ole(data: bytes, source: str) -> None:
    """An OLE file must be a Word document we can read: not encrypted, not Excel/PowerPoint."""
    if _ENCRYPTED in data:
        raise EncryptedFile(source, "the Office file is encrypted (needs a password)")
    if _WORD not in data:
        raise UnsupportedFormat(source, "an OLE file that is not a Word document "
                                        "(.xls/.ppt are not converted)")


def _antiword(path: Path, source: str) -> str | None:
    """antiword's UTF-8 text, or None when antiword is missing or cannot read the file."""
    exe = shutil.which("antiword")
    if exe is None:
        return None
    done = subprocess.run([exe, "-m", "UTF-8.txt", "-w", "0", str(path)], capture_output=True,
                          timeout=TIMEOUT, check=False)
    message = done.stderr.decode("utf-8", "replace").strip()
    if "encrypted" in message.lower():
        raise EncryptedFile(source, "the Word document is encrypted (needs a password)")
    if done.returncode != 0 or not done.stdout.strip():
        return None
    return done.stdout.decode("utf-8", "replace")


def _libreoffice(path: Path, source: str) -> str | None:
    """The DOCX LibreOffice makes of the file, converted; None if LibreOffice is absent."""
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        return None
    from pipeline.convert import docx

    with tempfile.TemporaryDirectory() as out:
        profile = Path(out, "profile").as_uri()
        subprocess.run([exe, f"-env:UserInstallation={profile}", "--headless", "--convert-to",
                        "docx", "--outdir", out, str(path)], capture_output=True,
                       timeout=TIMEOUT, check=False)
        made = Path(out, path.stem + ".docx")
        if not made.exists():
            return None
        return docx.convert(made.read_bytes(), source).text


def _read(data: bytes, source: str) -> tuple[str, str]:
    """(raw text, converter): antiword, or LibreOffice where antiword fails or would
    lose TCVN3's "ư"."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp, "input.doc")
        path.write_bytes(data)
        os.chmod(path, 0o600)
        raw = _antiword(path, source)
        if raw is not None and not (legacy.detect(raw) == "tcvn3" and shutil.which("soffice")):
            return raw, "antiword"
        office = _libreoffice(path, source)
        if office is not None:
            return office, "libreoffice"
    if raw is None:
        raise CorruptFile(source, "neither antiword nor LibreOffice could read this .doc")
    return raw, "antiword"


def convert(data: bytes, source: str) -> Document:
    """A .doc's bytes → ``Document`` (antiword first, LibreOffice as the fallback)."""
    check_ole(data, source)
    if not (shutil.which("antiword") or shutil.which("soffice") or shutil.which("libreoffice")):
        raise MissingTool(source, ".doc needs antiword or LibreOffice (apt-get install "
                                  "antiword; `make system-deps` does it)")
    raw, converter = _read(data, source)
    # antiword marks page breaks with form feeds: they give the page map.
    raw_pages = [_antiword_tables(p) for p in raw.split("\f")]
    encoding = legacy.detect(raw)
    warnings = []
    if encoding:
        raw_pages = [legacy.convert(p, encoding) for p in raw_pages]
        if encoding == "tcvn3" and converter == "antiword":
            warnings.append("antiword drops TCVN3's letter ư (stored as a soft hyphen); "
                            "install LibreOffice for an exact conversion")
    text, starts = assemble(raw_pages)
    if not text.strip():
        raise EmptyFile(source, "the Word document has no text")
    return Document(source=source, format="doc", text=text, pages=starts,
                    conversion=Conversion(converter=converter, encoding=encoding,
                                          warnings=warnings))


def _antiword_tables(text: str) -> str:
    """antiword draws table rows as "|cell |cell |": make them our "cell | cell" rows."""
    lines = []
    for line in text.split("\n"):
        if line.startswith("|") and line.rstrip().endswith("|"):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            line = " | ".join(c for c in cells if c)
        lines.append(line)
    return "\n".join(lines)
