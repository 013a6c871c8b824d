"""Word (.docx) files: the paragraphs and tables of the document body, in order.

The XML is read with lxml straight from the zip, so a corrupt or hostile file
gives a `ReadError` and nothing else: the parts are read with a size cap (a
deflate bomb stops at the cap), DTDs are refused, and every zip and XML error is
turned into a message naming the file and the reason.

Each table row becomes a line of cells; a cell merged across columns (gridSpan)
is one cell, and a cell that continues a vertical merge (vMerge) is left out, as
the HTML reader leaves out the cells a rowspan covers: the merged label was given
on the row where it starts. A table whose cells hold tables is page layout and is
walked through. Each paragraph becomes a line of text (split at line breaks), and
the paragraphs of a text box follow the paragraph that anchors it. Tracked changes
read as accepted: deleted text is skipped and inserted text kept; a field reads as
its result.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Iterable
from io import BytesIO
from typing import Any

from lxml import etree

from ..document import Document, Line
from ..errors import NotAnnualReportError, ReadError
from ..interpret.meta import find_title

# document.xml of a long report with many tables is a few megabytes; a deflate bomb
# is stopped here rather than filling memory. A long report has tens of thousands of
# elements; past MAX_ELEMENTS the file is refused before lxml builds its tree (which
# takes about 150 bytes of memory per element and the walk a microsecond or more each).
MAX_PART_BYTES = 16 * 1024 * 1024
MAX_FILE_BYTES = 64 * 1024 * 1024  # pictures make the file, not its text, large
MAX_ELEMENTS = 400_000
MAX_CORE_BYTES = 1024 * 1024

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_W_STRICT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_MATH = "http://schemas.openxmlformats.org/officeDocument/2006/math"
_DC = "http://purl.org/dc/elements/1.1/"

# Elements whose content is never shown as body text: properties, deleted and moved
# away text, field instructions, ruby guide text, references to notes and comments.
_SKIP = frozenset(
    [
        "rPr",
        "pPr",
        "tblPr",
        "trPr",
        "tcPr",
        "sectPr",
        "sdtPr",
        "sdtEndPr",
        "del",
        "moveFrom",
        "delText",
        "delInstrText",
        "instrText",
        "rt",
        "footnoteReference",
        "endnoteReference",
        "commentReference",
        "annotationRef",
        "fldData",
        "bookmarkStart",
        "bookmarkEnd",
        "proofErr",
        "lastRenderedPageBreak",
    ]
)
# Containers that hold paragraphs and tables.
_BLOCK_WRAPPERS = frozenset(["sdtContent", "customXml", "ins", "moveTo"])
_ROW_WRAPPERS = frozenset(["sdt", "sdtContent", "customXml", "ins", "moveTo"])
_OFF = frozenset({"0", "false", "off"})
# Run content that prints as text: w:t and w:sym are read, the others print as this.
_TEXT = {
    "t": "",
    "sym": "",
    "tab": "\t",
    "ptab": "\t",
    "br": "\n",
    "cr": "\n",
    "noBreakHyphen": "-",
    "softHyphen": "",
}

# Symbol-font characters (w:sym, code F0xx) that can appear in a report.
_SYMBOLS = {
    "symbol": {
        0x2D: "−",
        0xB4: "×",
        0xB8: "÷",
        0xA3: "≤",
        0xB3: "≥",
        0xB1: "±",
        0xD6: "√",
        0xB7: "•",
    },
    "wingdings": {
        0xFC: "√",
        0xFB: "×",
        0xFD: "☒",
        0xFE: "☑",
        0xA8: "□",
        0x6F: "□",
        0x6C: "●",
        0x9F: "•",
    },
    "wingdings 2": {0x50: "√", 0x4F: "×", 0x52: "☑", 0x54: "☒", 0xA3: "□"},
}


def docx_document(data: bytes, source: str) -> Document:
    """The body of the Word file `data` as lines; raises ReadError when it cannot be read."""
    body_xml, core_xml = _parts(data, source)
    elements = body_xml.count(b"<") - body_xml.count(b"</")
    if elements > MAX_ELEMENTS:
        raise ReadError(
            f"word/document.xml 有约 {elements} 个元素，超过 {MAX_ELEMENTS} 个的上限，拒绝读取"
            f" (more than {MAX_ELEMENTS} elements)",
            source=source,
        )
    root = _parse(body_xml, source, "word/document.xml")
    ns = etree.QName(root).namespace
    if ns not in (_W, _W_STRICT) or etree.QName(root).localname != "document":
        raise NotAnnualReportError(
            "word/document.xml 不是 Word 正文（根元素不是 w:document） (word/document.xml is not a Word body)",
            source=source,
        )
    doc = Document(source=source, kind="docx")
    if core_xml is not None:
        _core_properties(core_xml, doc)
    body = root.find(f"{{{ns}}}body")
    if body is None:
        return doc
    walker = _Walker(doc, ns)
    try:
        walker.blocks(body)
    except RecursionError:
        raise ReadError(
            "Word 文档嵌套过深，无法读取 (document nested too deeply)", source=source
        ) from None
    return doc


def _parts(data: bytes, source: str) -> tuple[bytes, bytes | None]:
    """document.xml and (if present) docProps/core.xml, each read with a size cap."""
    if len(data) > MAX_FILE_BYTES:
        raise ReadError(
            f"Word 文件过大（{len(data) // 1024 // 1024} MB），不像一份年度报告 (file too large)",
            source=source,
        )
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            body = _read_part(zf, "word/document.xml", MAX_PART_BYTES, source)
            core = None
            if "docProps/core.xml" in zf.namelist():
                try:
                    core = _read_part(zf, "docProps/core.xml", MAX_CORE_BYTES, source)
                except ReadError:
                    core = None  # the properties are optional; the body is what matters
            return body, core
    except ReadError:
        raise
    except NotImplementedError as exc:  # before RuntimeError, its base class
        raise ReadError(
            f"Word 文件使用了不支持的压缩方式：{exc} (unsupported compression)", source=source
        ) from None
    except RuntimeError:  # an encrypted member
        raise ReadError(
            "Word 文件的正文已加密，无法读取 (encrypted zip member)", source=source
        ) from None
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        EOFError,
        OSError,
        ValueError,
    ) as exc:
        raise ReadError(
            f"损坏的 Word 文件（zip 结构错误：{exc}） (corrupt .docx zip)", source=source
        ) from None


def _read_part(zf: zipfile.ZipFile, name: str, limit: int, source: str) -> bytes:
    try:
        info = zf.getinfo(name)
    except KeyError:
        raise NotAnnualReportError(
            f"这是 zip 文件但不是 Word 文档（缺少 {name}） (a zip file that is not .docx: no {name})",
            source=source,
        ) from None
    too_big = ReadError(
        f"{name} 解压后超过 {limit // 1024 // 1024} MB 上限，可能是压缩炸弹，拒绝读取"
        f" ({name} expands beyond {limit // 1024 // 1024} MB: refused as a zip bomb)",
        source=source,
    )
    if info.file_size > limit:
        raise too_big
    with zf.open(info) as fh:
        content = fh.read(limit + 1)
    if len(content) > limit:
        raise too_big
    return content


def _parse(xml: bytes, source: str, name: str) -> Any:
    parser = etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        tree = etree.parse(BytesIO(xml), parser)
    except etree.XMLSyntaxError as exc:
        raise ReadError(
            f"{name} 不是有效的 XML（{exc.msg}） (malformed XML)", source=source
        ) from None
    except (etree.LxmlError, ValueError) as exc:
        raise ReadError(f"{name} 不是有效的 XML（{exc}） (malformed XML)", source=source) from None
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        raise ReadError(
            f"{name} 含有 DTD 声明，Word 文档不应有，拒绝读取 (DTD in a Word part: refused)",
            source=source,
        )
    return tree.getroot()


def _core_properties(xml: bytes, doc: Document) -> None:
    """The title from the core properties, when it looks like a report title."""
    try:
        root = _parse(xml, doc.source, "docProps/core.xml")
    except ReadError:
        return
    node = root.find(f"{{{_DC}}}title")
    text = " ".join((node.text or "").split()) if node is not None else ""
    if not text:
        return
    doc.meta["title"] = text
    # Pages saved from portals carry "title_column_site"; the report title comes first.
    for part in text.split("_"):
        if find_title([part])[0] is not None:
            doc.title = part.strip()
            return


def _join(lines: Iterable[str]) -> str:
    """The lines of a cell as one line: a break between two Chinese characters is
    dropped (a narrow column wraps 结果维持 as 结/果/维/持), any other becomes a space
    (so that 1 and 2 on two lines do not read as 12)."""
    out = ""
    for line in lines:
        line = " ".join(line.split())
        if not line:
            continue
        if out and not (_wide(out[-1]) and _wide(line[0])):
            out += " "
        out += line
    return out


def _wide(ch: str) -> bool:
    return "\u2e80" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\uff00" <= ch <= "\uffef"


class _Walker:
    """Walks the body in document order and appends lines to the document."""

    def __init__(self, doc: Document, ns: str):
        self.doc = doc
        self.ns = ns
        self.tables = 0
        self.paragraphs = 0
        # Open fields, innermost last: True while in the instruction part (hidden),
        # False once the result part starts. Fields may span paragraphs.
        self.fields: list[bool] = []

    def _local(self, el: Any) -> str | None:
        """The local name of a WordprocessingML element; None for other namespaces."""
        tag = el.tag
        if not isinstance(tag, str) or not tag.startswith("{"):
            return None
        ns, _, local = tag[1:].partition("}")
        return local if ns == self.ns else None

    def _w(self, name: str) -> str:
        return f"{{{self.ns}}}{name}"

    # -- block level
    def blocks(self, parent: Any) -> None:
        for el in parent:
            tag = self._local(el)
            if tag == "p":
                self.paragraph(el)
            elif tag == "tbl":
                self.table(el)
            elif tag == "sdt":
                content = el.find(self._w("sdtContent"))
                if content is not None:
                    self.blocks(content)
            elif tag in _BLOCK_WRAPPERS:
                self.blocks(el)

    def paragraph(self, p: Any) -> None:
        out: list[str] = []
        boxes: list[Any] = []
        self.inline(p, out, boxes)
        self._end_paragraph()
        text = "".join(out).strip()
        if text:
            self.paragraphs += 1
            detail = f"段落{self.paragraphs}"
            for part in text.split("\n"):
                if part.strip():
                    self.doc.lines.append(Line((part.strip(),), None, detail))
        for box in boxes:
            self.blocks(box)

    def table(self, tbl: Any) -> None:
        rows = [[tc for tc in self._cells(tr)] for tr in self._rows(tbl)]
        if any(tc.find(".//" + self._w("tbl")) is not None for row in rows for tc in row):
            # a layout table: its cells are ordinary content
            for row in rows:
                for tc in row:
                    if not self._continues(tc):
                        self.blocks(tc)
            return
        self.tables += 1
        for r, row in enumerate(rows, start=1):
            cells = tuple(self.cell_text(tc) for tc in row if not self._continues(tc))
            if cells:
                self.doc.lines.append(
                    Line(cells, None, f"表格{self.tables} 第{r}行", delimited=True)
                )

    def _rows(self, parent: Any) -> list[Any]:
        out: list[Any] = []
        for el in parent:
            tag = self._local(el)
            if tag == "tr":
                if not self._deleted(el, "trPr", "del"):
                    out.append(el)
            elif tag in _ROW_WRAPPERS:
                out.extend(self._rows(el))
        return out

    def _cells(self, parent: Any) -> list[Any]:
        out: list[Any] = []
        for el in parent:
            tag = self._local(el)
            if tag == "tc":
                if not self._deleted(el, "tcPr", "cellDel"):
                    out.append(el)
            elif tag in _ROW_WRAPPERS:
                out.extend(self._cells(el))
        return out

    def _deleted(self, el: Any, props: str, mark: str) -> bool:
        pr = el.find(self._w(props))
        return pr is not None and pr.find(self._w(mark)) is not None

    def _continues(self, tc: Any) -> bool:
        """True for a cell that continues a merge started above (vMerge) or to the left
        (the old hMerge): its content was given where the merge starts."""
        pr = tc.find(self._w("tcPr"))
        if pr is None:
            return False
        for name in ("vMerge", "hMerge"):
            merge = pr.find(self._w(name))
            if merge is not None and merge.get(self._w("val"), "continue") == "continue":
                return True
        return False

    def cell_text(self, tc: Any) -> str:
        parts: list[str] = []
        self._collect(tc, parts)
        return _join(line for part in parts for line in part.split("\n"))

    def _collect(self, parent: Any, parts: list[str]) -> None:
        """The text of the paragraphs under `parent` (a cell or a text box), in order."""
        for el in parent:
            tag = self._local(el)
            if tag == "p":
                out: list[str] = []
                boxes: list[Any] = []
                self.inline(el, out, boxes)
                self._end_paragraph()
                parts.append("".join(out))
                for box in boxes:
                    self._collect(box, parts)
            elif tag == "tbl":
                for tr in self._rows(el):
                    for tc in self._cells(tr):
                        if not self._continues(tc):
                            self._collect(tc, parts)
            elif tag == "sdt":
                content = el.find(self._w("sdtContent"))
                if content is not None:
                    self._collect(content, parts)
            elif tag in _BLOCK_WRAPPERS:
                self._collect(el, parts)

    # -- inline level
    def inline(self, parent: Any, out: list[str], boxes: list[Any]) -> None:
        """Append the shown text of `parent`'s runs to `out`; text boxes met on the way
        go to `boxes`, to be read as blocks after the paragraph."""
        for el in parent:
            tag = el.tag
            if not isinstance(tag, str):
                continue
            local = self._local(el)
            if local is None:
                qname = etree.QName(el)
                if qname.namespace == _MC and qname.localname == "AlternateContent":
                    # Choice and Fallback hold the same content (a text box drawn twice);
                    # read the first only.
                    branch = next((c for c in el if isinstance(c.tag, str)), None)
                    if branch is not None:
                        self.inline(branch, out, boxes)
                elif qname.namespace == _MATH and qname.localname == "t":
                    out.append(el.text or "")
                else:
                    self.inline(el, out, boxes)  # drawings, shapes: look for text boxes
                continue
            if local in _SKIP:
                continue
            if local == "r":
                if not self._hidden(el):
                    self.inline(el, out, boxes)
            elif local == "fldChar":
                self._field(el.get(self._w("fldCharType")))
            elif local == "txbxContent":
                boxes.append(el)
            elif local in _TEXT:
                if not any(self.fields):  # not inside a field instruction
                    out.append(self._text(local, el))
            else:
                self.inline(el, out, boxes)

    def _text(self, local: str, el: Any) -> str:
        if local == "t":
            return (el.text or "").replace("\u00ad", "")  # soft hyphens are not printed
        if local == "sym":
            return self._symbol(el)
        return _TEXT[local]

    def _hidden(self, run: Any) -> bool:
        pr = run.find(self._w("rPr"))
        if pr is None:
            return False
        vanish = pr.find(self._w("vanish"))
        return vanish is not None and vanish.get(self._w("val"), "true") not in _OFF

    def _end_paragraph(self) -> None:
        # A field instruction never runs past its paragraph in practice; an unfinished
        # one (a damaged file) must not hide the rest of the document.
        while self.fields and self.fields[-1]:
            self.fields.pop()

    def _field(self, kind: str | None) -> None:
        if kind == "begin":
            self.fields.append(True)
        elif kind == "separate" and self.fields:
            self.fields[-1] = False
        elif kind == "end" and self.fields:
            self.fields.pop()

    def _symbol(self, el: Any) -> str:
        font = (el.get(self._w("font")) or "").strip().lower()
        try:
            code = int(el.get(self._w("char")) or "", 16)
        except ValueError:
            return ""
        if 0xF000 <= code <= 0xF0FF:
            code -= 0xF000
        mapped = _SYMBOLS.get(font, {}).get(code)
        if mapped is not None:
            return mapped
        if font == "symbol" and 0x20 <= code < 0x7F and not chr(code).isalpha():
            return chr(code)  # digits and punctuation are themselves in the Symbol font
        if font in _SYMBOLS or not 0x20 <= code <= 0x10FFFF:
            return ""
        try:
            return chr(code)
        except ValueError:
            return ""
