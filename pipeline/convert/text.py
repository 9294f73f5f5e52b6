"""Plain text files: decode the bytes to NFC text.

Vietnamese text files arrive as UTF-8, UTF-8 with a byte-order mark (Notepad), UTF-16
(Word's "Unicode text"), Windows-1258 (tone marks as separate combining bytes: "hòa" is
h-o-0xCC-a), or one of the pre-Unicode font encodings, TCVN3/VNI/VISCII ("Céng hßa" for
"Cộng hòa"). Single-byte files are decoded every plausible way and the reading whose
letters are Vietnamese wins. NFC is applied here, once: every later offset indexes the
NFC text.
"""

from __future__ import annotations

import hashlib

from extractors.text.view import nfc
from pipeline.convert import legacy
from pipeline.convert.quality import assess, census_of, vietnamese_ratio
from pipeline.convert.safety import check_chars
from pipeline.detect import sniff_text
from pipeline.errors import DecodeError, EmptyFile
from schemas import Conversion, Document
from schemas.document import remember_utf8


def _single_byte_readings(data: bytes) -> list[tuple[float, float, str, str]]:
    """``(syllable score, vietnamese_ratio, text, encoding)`` for each way single-byte
    ``data`` can read. Two readings can both use only Vietnamese letters; the one whose
    words are Vietnamese syllables ("Cộng hòa", not "Cộng hòâ") is the right one."""
    readings = []
    try:
        text = nfc(data.decode("cp1258"))
        readings.append((assess(text).score, vietnamese_ratio(text), text, "windows-1258"))
    except UnicodeDecodeError:
        pass
    surface = data.decode("latin-1")
    encoding = legacy.detect(surface)
    if encoding:
        text = legacy.convert(surface, encoding)
        readings.append((assess(text).score, vietnamese_ratio(text), text, encoding))
    return readings


def decode(data: bytes, source: str) -> tuple[str, str]:
    """Decode text bytes, returning ``(text, encoding)``; raise ``DecodeError`` if unknown.
    ``"utf-8"`` means ``text`` is ``data.decode("utf-8")`` as it is (no byte-order mark,
    no legacy letters repaired), so that its UTF-8 is ``data`` (``convert`` relies on it).

    >>> decode("Cộng hòa".encode("utf-8"), "a.txt")
    ('Cộng hòa', 'utf-8')
    """
    encoding, text = sniff_text(data)
    if encoding is not None:
        try:
            text = text if text is not None else data.decode(encoding)
        except UnicodeDecodeError as e:
            raise DecodeError(source, f"invalid {encoding} at byte {e.start}") from e
        check_chars(text, source)  # before the legacy check reads all of it
        # UTF-8 can still carry legacy surface letters (text pasted from a .VnTime PDF).
        # Its census, which the garbage check of the conversion counts again (the text
        # as a rule goes on as it is), says so instead of a scan of its own (~0.02 ms).
        fixed, legacy_encoding = legacy.repair(text, census_of(text))
        return fixed, f"{encoding}+{legacy_encoding}" if legacy_encoding else encoding
    check_chars(data, source)  # a single-byte text has one character a byte
    readings = _single_byte_readings(data)
    if readings:
        _, ratio, text, name = max(readings, key=lambda r: (r[0], r[1]))
        if ratio >= 0.8:
            return text, name
    raise DecodeError(source, "not Vietnamese text in UTF-8, UTF-16, Windows-1258, TCVN3, "
                              "VNI or VISCII (no known encoding fits)")


def convert(data: bytes, source: str) -> Document:
    """A text file's bytes → ``Document``, with the bytes' hash (``raw_sha256``).

    Most files are UTF-8 already NFC with no carriage return: their text is ``data``
    decoded as it is, the same object through NFC, so its UTF-8 is ``data`` and the
    bytes' hash is the text's too (``remember_utf8``): the document's key is not
    hashed again from its text (~35 us a page of 11k characters, twice an ingest).
    """
    text, encoding = decode(data, source)
    as_read = text if encoding == "utf-8" else None  # ``data`` decoded as it is
    # A text file keeps its own layout (offsets in gold files index it): NFC and \n only.
    text = nfc(text)
    if "\r" in text:  # one scan where most files have no carriage return
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isspace() or not text:  # ``not text.strip()``, without a copy of it
        raise EmptyFile(source, "the text is empty")
    raw = hashlib.sha256(data).hexdigest()
    if text is as_read:  # unchanged by NFC and line ends: its UTF-8 is ``data``
        remember_utf8(text, data, raw)
    return Document(
        source=source,
        format="txt",
        text=text,
        raw_sha256=raw,
        conversion=Conversion(converter="text", encoding=encoding),
    )
