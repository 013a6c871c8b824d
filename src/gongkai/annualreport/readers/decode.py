"""Bytes to text: BOM, declared charset, strict UTF-8, then GB18030 and detection."""

from __future__ import annotations

import codecs
import re

from ..errors import ReadError

_META_CHARSET = re.compile(rb"""<meta\b[^>]{0,300}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-]+)""", re.I)

# Declared Chinese encodings are read as GB18030, their superset.
_SUPERSET = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "hz-gb-2312": "gb18030",
}


def _codec(name: str) -> str | None:
    name = _SUPERSET.get(name.lower(), name.lower())
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def declared_charset(data: bytes) -> str | None:
    head = data[:4096]
    if b"charset" not in head.lower() and b"encoding" not in head:
        return None  # the common case of a text file: no need for the patterns
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return _codec(m.group(1).decode("ascii", "replace")) if m else None


def decode(data: bytes, source: str) -> str:
    """The text of `data`. Raises ReadError when no encoding fits."""
    return decode_as(data, source)[0]


def decode_as(data: bytes, source: str) -> tuple[str, str | None]:
    """`decode(data, source)` and the codec that read `data` whole and strictly (its
    name as `codecs` gives it, "utf-8" for plain UTF-8), or None (a byte order mark
    taken off, or bytes replaced)."""
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            return data[len(bom) :].decode(enc, errors="replace"), None
    declared = declared_charset(data)
    tried = []
    # Valid UTF-8 with Chinese in it is UTF-8 whatever the page declares (CMS migrations
    # leave stale gbk declarations); otherwise the declaration, then GB18030.
    for enc in ["utf-8"] + ([declared] if declared else []) + ["gb18030"]:
        if enc in tried:
            continue
        tried.append(enc)
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if enc == "gb18030" and not _plausible_chinese(text):
            break
        return text, enc
    from charset_normalizer import from_bytes

    best = from_bytes(data[:2_000_000], cp_isolation=["gb18030", "big5", "utf_16", "utf_8"]).best()
    if best is not None and best.encoding:
        return data.decode(best.encoding, errors="replace"), None
    raise ReadError(
        "无法识别文件的字符编码（试过 UTF-8、GB18030 等） (unknown text encoding)", source=source
    )


# Runs of the characters of Chinese text: CJK ideographs, ASCII, CJK and full-width
# punctuation. Dropping them leaves the uncommon characters. The common runs are long
# and the regex engine reads each in one tight loop, where a search for the uncommon
# characters began a match attempt at every common one (three times the time).
_COMMON = re.compile(r"[\u4e00-\u9fff\x00-\x7f\u3000-\u303f\uff00-\uffef]+")


def _plausible_chinese(text: str) -> bool:
    """GB18030 decodes almost any bytes; accept it only when the result reads as Chinese."""
    sample = text[:20000]
    if not sample:
        return True
    uncommon = len(_COMMON.sub("", sample))
    return uncommon / len(sample) < 0.15
