"""Hostile inputs, built at test time in well under a second each (issue 17's probes).

Nothing here is stored in the repository: a 2 MB file that unpacks to 2 GB is made by
repeating one compressed piece, which deflate allows when each piece ends with a full
flush (the compressor forgets everything before it, so the same input gives the same
bytes). The zip around it is written by hand, so its headers can say what we choose:

>>> len(deflate_repeated(b"\\0" * (1 << 20), 3)) < 4000
True
"""

from __future__ import annotations

import random
import struct
import zlib
from pathlib import Path

CONTENT_TYPES = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                 b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-'
                 b'package.relationships+xml"/><Default Extension="xml" ContentType='
                 b'"application/xml"/><Override PartName="/word/document.xml" ContentType='
                 b'"application/vnd.openxmlformats-officedocument.wordprocessingml.'
                 b'document.main+xml"/></Types>')
RELS = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
W = b'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
SYLLABLES = ("công", "văn", "hành", "chính", "cải", "cách", "thủ", "tục", "hồ", "sơ", "giải",
             "quyết", "đúng", "hạn", "trễ", "tỉnh", "huyện", "xã", "sở", "nội", "vụ", "năm",
             "kế", "hoạch", "báo", "cáo", "kết", "quả", "tiếp", "nhận", "trực", "tuyến")


def deflate_repeated(piece: bytes, times: int) -> bytes:
    """A raw deflate stream of ``piece`` ``times`` over, compressed once."""
    once = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = once.compress(piece) + once.flush(zlib.Z_FULL_FLUSH)
    return block * times + b"\x03\x00"  # an empty final block ends the stream


def zip_bytes(members: list[tuple[str, bytes, int, int]]) -> bytes:
    """A zip of deflated members ``(name, raw deflate data, claimed size, claimed crc)``:
    the headers say whatever the caller claims, true or not."""
    out, central = bytearray(), bytearray()
    for name, data, size, crc in members:
        raw = name.encode()
        head = struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0, crc, len(data), size,
                           len(raw), 0)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0, crc,
                               len(data), size, len(raw), 0, 0, 0, 0, 0, len(out)) + raw
        out += head + raw + data
    end = struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members),
                      len(central), len(out), 0)
    return bytes(out + central + end)


def honest(name: str, data: bytes) -> tuple[str, bytes, int, int]:
    """A member whose headers tell the truth."""
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    return name, c.compress(data) + c.flush(), len(data), zlib.crc32(data)


def docx_with(document: tuple[str, bytes, int, int]) -> bytes:
    """A DOCX-shaped zip whose ``word/document.xml`` is ``document``."""
    return zip_bytes([honest("[Content_Types].xml", CONTENT_TYPES), honest("_rels/.rels", RELS),
                      document])


def lying_docx(megabytes: int = 2200, claimed: int = 1000) -> bytes:
    """~2 MB whose document.xml inflates to ``megabytes`` MB while its headers claim
    ``claimed`` bytes (with the CRC of those first bytes, so a reader that trusts the
    header finds nothing wrong)."""
    piece = b"\0" * (1 << 20)
    return docx_with(("word/document.xml", deflate_repeated(piece, megabytes), claimed,
                      zlib.crc32(piece[:claimed])))


def bomb_docx(megabytes: int = 2200) -> bytes:
    """A deflate bomb that says what it is: the header claims the true size."""
    piece = b"\0" * (1 << 20)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(piece, crc)
    return docx_with(("word/document.xml", deflate_repeated(piece, megabytes),
                      megabytes << 20, crc))


def paragraphs_xml(megabytes: int, seed: int = 17) -> tuple[bytes, int, int]:
    """``megabytes`` MB of real WordprocessingML: paragraphs of Vietnamese-looking words
    that compress about tenfold, like a real document's XML."""
    rng = random.Random(seed)
    paras = []
    size = 0
    while size < (1 << 20):
        words = " ".join(rng.choice(SYLLABLES) for _ in range(rng.randint(8, 40)))
        para = f"<w:p><w:r><w:t>{words} {rng.randint(1, 99999)}</w:t></w:r></w:p>".encode()
        paras.append(para)
        size += len(para)
    piece = b"".join(paras)
    head = b'<?xml version="1.0" encoding="UTF-8"?><w:document ' + W + b"><w:body>"
    tail = b"</w:body></w:document>"
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    block = c.compress(piece) + c.flush(zlib.Z_FULL_FLUSH)
    start = c.compress(head) + c.flush(zlib.Z_FULL_FLUSH)
    end = c.compress(tail) + c.flush()
    data = start + block * megabytes + end
    crc = zlib.crc32(head)
    for _ in range(megabytes):
        crc = zlib.crc32(piece, crc)
    crc = zlib.crc32(tail, crc)
    return data, len(head) + len(piece) * megabytes + len(tail), crc


def huge_xml_docx(megabytes: int = 100) -> bytes:
    """A DOCX of ``megabytes`` MB of real paragraph XML (about a tenth of that on disk)."""
    data, size, crc = paragraphs_xml(megabytes)
    return docx_with(("word/document.xml", data, size, crc))


def entity_docx(padding: int = 0) -> bytes:
    """A DOCX whose document.xml declares entities ("billion laughs"), after a comment
    of ``padding`` bytes."""
    lol = (b'<?xml version="1.0"?><!--' + b"x" * padding + b"-->"
           b'<!DOCTYPE w:document [<!ENTITY a "aaaaaaaaaa">'
           b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;'
           b'&b;&b;">]><w:document ' + W + b"><w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p>"
           b"</w:body></w:document>")
    return docx_with(honest("word/document.xml", lol))


def big_page_pdf(inches: int = 200) -> bytes:
    """A tiny PDF of one ``inches``-inch square page holding one 1×1 image, so the page
    is a scan to OCR (the largest page PDF allows is 200 inches, 14,400 points)."""
    side = inches * 72
    content = f"q {side} 0 0 {side} 0 0 cm /Im1 Do Q".encode()
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        f"<</Type/Page/Parent 2 0 R/MediaBox[0 0 {side} {side}]"
        "/Resources<</XObject<</Im1 5 0 R>>>>/Contents 4 0 R>>".encode(),
        b"<</Length %d>>stream\n" % len(content) + content + b"\nendstream",
        b"<</Type/XObject/Subtype/Image/Width 1/Height 1/ColorSpace/DeviceGray"
        b"/BitsPerComponent 8/Length 1>>stream\n\x80\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj" % number + body + b"endobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1,
                                                                         xref)
    return bytes(out)


def large_text(path: Path, megabytes: int = 50) -> Path:
    """A ``megabytes`` MB UTF-8 text file of Vietnamese-looking lines."""
    rng = random.Random(17)
    line = " ".join(rng.choice(SYLLABLES) for _ in range(2000)) + "\n"
    block = (line * (1 + (1 << 20) // len(line.encode())))
    with path.open("w", encoding="utf-8") as f:
        for _ in range(megabytes):
            f.write(block)
    return path
