"""Zip containers (DOCX, and the XLSX or ZIP a crawl may attach) opened safely.

A zip's headers say how large each member is, and nothing makes them tell the truth: a
2 MB .docx can claim 1,000 bytes for a ``word/document.xml`` that inflates to 2 GB, and
Python's ``zipfile.read`` inflates all of it into memory before it cuts the result to
the claimed size. So the headers are never trusted. Before any library opens the
archive, every member is inflated here in 1 MB steps and what really comes out is
counted and thrown away, and the archive is refused as soon as a member gives more than
its header claims, more than ``CCHC_MAX_RATIO`` times its compressed size, an XML part
more than ``CCHC_MAX_XML_BYTES``, or all members together more than
``CCHC_MAX_UNPACKED``. Once this pass succeeds, a reader that trusts the headers
(python-docx) is bounded by them.

XML parts must not declare a DTD (looked for in a part's first megabyte, where the
prolog is): Word never writes one, and a DTD is how an XML file declares entities that
expand a billion-fold. python-docx's parser does not expand
entities and keeps lxml's ``huge_tree`` off; refusing the DTD says so in words instead
of converting to an empty text.

Only a Word document is inflated at all: an XLSX or a plain zip is refused by its list of
members before a byte of it is unpacked.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Iterator

from pipeline.convert.safety import MAX_RATIO, MAX_UNPACKED, MAX_XML_BYTES, amount
from pipeline.errors import CorruptFile, EncryptedFile, UnsafeFile, UnsupportedFormat

#: Inflated bytes per step: the most that is ever held of one member while counting.
STEP = 1 << 20
#: Members smaller than this are not held to the ratio (a small XML part may compress
#: 300-fold and harm no one).
RATIO_FLOOR = 1 << 20
_LOCAL_HEADER = struct.Struct("<IHHHHHIIIHH")
_DTD = (b"<!DOCTYPE", b"<!ENTITY")


def open_zip(data: bytes, source: str, member: str = "word/document.xml") -> zipfile.ZipFile:
    """The archive, once its member list says it is a Word document and every member has
    been inflated within the limits; broken, encrypted and hostile zips raise."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, EOFError, ValueError, NotImplementedError) as e:
        raise CorruptFile(source, f"not a readable zip/DOCX container ({e})") from e
    if member not in archive.namelist():
        raise UnsupportedFormat(source, "a zip archive that is not a Word document (no "
                                        f"{member}); xlsx, odt and plain zips are not converted")
    check_members(data, infos, source)
    return archive


def check_members(data: bytes, infos: list[zipfile.ZipInfo], source: str) -> None:
    """Inflate every member, counting real bytes against the claims and the limits."""
    max_total, max_ratio, max_xml = MAX_UNPACKED.value(), MAX_RATIO.value(), MAX_XML_BYTES.value()
    total = 0
    for info in infos:
        if info.is_dir():
            continue
        name = info.filename
        xml = name.endswith((".xml", ".rels"))
        produced = 0
        for chunk in inflate(data, info, source):
            if xml and produced == 0 and any(tag in chunk for tag in _DTD):
                raise UnsafeFile(source, f"{name} declares a DTD (entities), which Word "
                                         "never writes")
            produced += len(chunk)
            total += len(chunk)
            if produced > info.file_size:
                raise UnsafeFile(source, f"{name} unpacks to more than the {info.file_size} "
                                         "bytes its header claims (a zip bomb)")
            if produced > RATIO_FLOOR and produced > max_ratio * max(info.compress_size, 1):
                raise UnsafeFile(source, f"{name} expands more than {max_ratio}-fold "
                                         f"(a zip bomb; {MAX_RATIO.env})")
            if xml and produced > max_xml:
                raise UnsafeFile(source, f"{name} is more than {amount(max_xml, 'bytes')} of "
                                         f"XML ({MAX_XML_BYTES.env})")
            if total > max_total:
                raise UnsafeFile(source, "unpacks to more than "
                                         f"{MAX_UNPACKED.shown(max_total)} (a zip bomb?)")


def inflate(data: bytes, info: zipfile.ZipInfo, source: str) -> Iterator[bytes]:
    """A member's content, ``STEP`` bytes at a time, from its own compressed bytes (the
    local header says where they start; the central directory how many there are)."""
    if info.flag_bits & 0x1:
        raise EncryptedFile(source, "the Office file is encrypted (needs a password)")
    start = _data_start(data, info, source)
    packed = memoryview(data)[start:start + info.compress_size]
    if info.compress_type == zipfile.ZIP_STORED:
        for at in range(0, len(packed), STEP):
            yield bytes(packed[at:at + STEP])
        return
    if info.compress_type != zipfile.ZIP_DEFLATED:
        raise UnsupportedFormat(source, f"{info.filename} is compressed with method "
                                        f"{info.compress_type}, which Word never uses")
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        for at in range(0, len(packed), STEP):
            chunk = inflater.decompress(packed[at:at + STEP], STEP)
            while True:
                if chunk:
                    yield chunk
                if not inflater.unconsumed_tail:
                    break
                chunk = inflater.decompress(inflater.unconsumed_tail, STEP)
            if inflater.eof:
                return
        rest = inflater.flush()  # output zlib still held when the input ran out
        if rest:
            yield rest
    except zlib.error as e:
        raise CorruptFile(source, f"{info.filename} is not valid deflate data ({e})") from e


def _data_start(data: bytes, info: zipfile.ZipInfo, source: str) -> int:
    """Where a member's compressed bytes begin, after its local header."""
    at = info.header_offset
    fields = data[at:at + _LOCAL_HEADER.size]
    if len(fields) < _LOCAL_HEADER.size or fields[:4] != b"PK\x03\x04":
        raise CorruptFile(source, f"{info.filename}: no local header where the directory "
                                  "says (a truncated or damaged zip)")
    *_, name_length, extra_length = _LOCAL_HEADER.unpack(fields)
    return at + _LOCAL_HEADER.size + name_length + extra_length
