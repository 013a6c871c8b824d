"""OFD files (GB/T 33190, China's fixed-layout format): a zip of XML pages of positioned text.

`OFD.xml` names the document root (`Doc_0/Document.xml`), which lists the pages and the
page size; each page's `Content.xml` holds layers of `TextObject`s (a box, a font size,
and `TextCode` runs with the position of each character: X, Y and the `DeltaX` advances,
`g N v` meaning N advances of v) and `PathObject`s (the table's ruling lines, as
`AbbreviatedData` such as `M 0 0 L 170 0`). Units are millimetres with y growing
downwards. Characters and ruling lines go through the PDF reader's positional table
recovery (`pdflayout`), so a ruled table comes out as rows of cells however its
labels wrap. A template page (running header or footer) is read with each page that
uses it. The XML is read with lxml with entities, DTDs and the network off, every part
with a size cap; nothing but ReadError leaves this module.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
import zlib
from io import BytesIO
from typing import Any

from lxml import etree

from ..document import Document
from ..errors import NotAnnualReportError, ReadError
from ..interpret.meta import find_title
from .pagetext import add_pages
from .pdflayout import Char, Rule, is_cjk, layout_page

MAX_PART_BYTES = 32 * 1024 * 1024
MAX_PAGES = 200
MAX_CHARS = 1_000_000
MAX_OBJECTS = 200_000  # text and path objects in the whole file
MAX_SEGMENTS = 200_000
MAX_DEPTH = 8  # nested PageBlocks
PT = 72 / 25.4  # points per millimetre
_DEFAULT_BOX = (0.0, 0.0, 210.0, 297.0)  # A4
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")

_Matrix = tuple[float, float, float, float, float, float]


class _Budget:
    def __init__(self) -> None:
        self.objects = MAX_OBJECTS
        self.segments = MAX_SEGMENTS
        self.chars = MAX_CHARS


def ofd_document(data: bytes, source: str) -> Document:
    """The lines of an OFD file's pages. Raises ReadError for a damaged or hostile file,
    NotAnnualReportError for a zip that is not OFD, and says when there is no text."""
    try:
        with zipfile.ZipFile(BytesIO(data)) as zf:
            return _Reader(zf, source).read()
    except ReadError:
        raise
    except NotImplementedError as exc:
        raise ReadError(
            f"OFD 文件使用了不支持的压缩方式：{exc} (unsupported compression)", source=source
        ) from None
    except RuntimeError:
        raise ReadError(
            "OFD 文件的部件已加密，无法读取 (encrypted zip member)", source=source
        ) from None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError) as exc:
        raise ReadError(
            f"损坏的 OFD 文件（zip 结构错误：{exc}） (corrupt OFD zip)", source=source
        ) from None
    except (ValueError, IndexError, KeyError, RecursionError, MemoryError) as exc:
        raise ReadError(
            f"OFD 文件内容有误，无法读取：{exc!r} (malformed OFD)", source=source
        ) from None


def _local(el: Any) -> str:
    tag = el.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(el: Any, name: str) -> Any:
    for c in el:
        if _local(c) == name:
            return c
    return None


def _numbers(text: str | None) -> list[float]:
    return [float(x) for x in _NUMBER.findall(text or "")]


def _box(text: str | None) -> tuple[float, float, float, float] | None:
    nums = _numbers(text)
    return (nums[0], nums[1], nums[2], nums[3]) if len(nums) >= 4 else None


def _matrix(text: str | None) -> _Matrix | None:
    nums = _numbers(text)
    return (nums[0], nums[1], nums[2], nums[3], nums[4], nums[5]) if len(nums) >= 6 else None


def deltas(text: str | None) -> list[float]:
    """The advances of a DeltaX or DeltaY attribute: numbers, and `g N v` for N times v."""
    out: list[float] = []
    tokens = (text or "").split()
    i = 0
    while i < len(tokens):
        if tokens[i] == "g" and i + 2 < len(tokens):
            count = int(float(tokens[i + 1]))
            if count < 0 or count > MAX_CHARS:
                raise ValueError(f"DeltaX 的重复次数不合理：{count}")
            out.extend([float(tokens[i + 2])] * count)
            i += 3
        else:
            out.append(float(tokens[i]))
            i += 1
    return out


class _Reader:
    def __init__(self, zf: zipfile.ZipFile, source: str):
        self.zf = zf
        self.source = source
        self.names = set(zf.namelist())
        self.budget = _Budget()

    def part(self, name: str) -> Any:
        name = posixpath.normpath(name.lstrip("/"))
        if name not in self.names:
            raise ReadError(f"OFD 文件缺少部件 {name} (missing part {name})", source=self.source)
        info = self.zf.getinfo(name)
        too_big = ReadError(
            f"{name} 解压后超过 {MAX_PART_BYTES // 1024 // 1024} MB 上限，拒绝读取 (part too large)",
            source=self.source,
        )
        if info.file_size > MAX_PART_BYTES:
            raise too_big
        with self.zf.open(info) as fh:
            xml = fh.read(MAX_PART_BYTES + 1)
        if len(xml) > MAX_PART_BYTES:
            raise too_big
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
        except (etree.LxmlError, ValueError) as exc:
            raise ReadError(
                f"{name} 不是有效的 XML（{exc}） (malformed XML)", source=self.source
            ) from None
        if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
            raise ReadError(
                f"{name} 含有 DTD 声明，拒绝读取 (DTD in an OFD part)", source=self.source
            )
        return tree.getroot()

    def read(self) -> Document:
        if "OFD.xml" not in self.names:
            raise NotAnnualReportError(
                "这是 zip 文件但不是 OFD 文档（缺少 OFD.xml） (a zip file that is not OFD)",
                source=self.source,
            )
        root = self.part("OFD.xml")
        body = _child(root, "DocBody")
        doc_root = _child(body, "DocRoot") if body is not None else None
        if doc_root is None or not (doc_root.text or "").strip():
            raise ReadError("OFD.xml 未指明文档（缺少 DocRoot） (no DocRoot)", source=self.source)
        doc = Document(source=self.source, kind="ofd")
        info = _child(body, "DocInfo")
        title = _child(info, "Title") if info is not None else None
        if title is not None and (title.text or "").strip():
            text = " ".join((title.text or "").split())
            doc.meta["title"] = text
            if find_title([text])[0] is not None:
                doc.title = text
        doc_path = (doc_root.text or "").strip()
        document = self.part(doc_path)
        base = posixpath.dirname(doc_path.lstrip("/"))
        common = _child(document, "CommonData")
        box = _DEFAULT_BOX
        templates: dict[str, str] = {}
        if common is not None:
            area = _child(common, "PageArea")
            found = (
                _box(_child(area, "PhysicalBox").text)
                if area is not None and _child(area, "PhysicalBox") is not None
                else None
            )
            box = found or box
            for t in common:
                if _local(t) == "TemplatePage" and t.get("ID") and t.get("BaseLoc"):
                    templates[t.get("ID")] = posixpath.join(base, t.get("BaseLoc"))
        pages_el = _child(document, "Pages")
        refs = [p for p in pages_el if _local(p) == "Page"] if pages_el is not None else []
        if not refs:
            raise ReadError("OFD 文件没有页面 (OFD has no pages)", source=self.source)
        if len(refs) > MAX_PAGES:
            raise ReadError(
                f"OFD 有{len(refs)}页，超过{MAX_PAGES}页的上限，不像一份年度报告 (too many pages)",
                source=self.source,
            )
        pages = []
        total = 0
        for ref in refs:
            loc = ref.get("BaseLoc")
            if not loc:
                raise ReadError("OFD 的页面缺少 BaseLoc (page without BaseLoc)", source=self.source)
            page = self.part(posixpath.join(base, loc))
            area = _child(page, "Area")
            page_box = box
            if area is not None and _child(area, "PhysicalBox") is not None:
                page_box = _box(_child(area, "PhysicalBox").text) or box
            height = page_box[3] * PT
            chars: list[Char] = []
            rules: list[Rule] = []
            for t in page:
                if _local(t) == "Template" and t.get("TemplateID") in templates:
                    tpl = self.part(templates[t.get("TemplateID")])
                    self.content(tpl, height, chars, rules)
            self.content(page, height, chars, rules)
            total += len(chars)
            pages.append((height, layout_page(chars, rules)))
        if total == 0:
            raise ReadError(
                "OFD 没有文字（可能是扫描件），需要先做文字识别（OCR）才能读取"
                " (the OFD has no text: it needs OCR)",
                source=self.source,
            )
        add_pages(doc, pages)
        return doc

    def content(self, page: Any, height: float, chars: list[Char], rules: list[Rule]) -> None:
        content = _child(page, "Content")
        if content is None:
            return
        for layer in content:
            if _local(layer) == "Layer":
                self.objects(layer, height, chars, rules, 0)

    def objects(
        self, parent: Any, height: float, chars: list[Char], rules: list[Rule], depth: int
    ) -> None:
        for obj in parent:
            kind = _local(obj)
            if kind in ("TextObject", "PathObject"):
                self.budget.objects -= 1
                if self.budget.objects < 0:
                    raise ReadError(
                        "OFD 页面对象过多，不像一份年度报告 (too many objects)", source=self.source
                    )
            if kind == "TextObject":
                self.text(obj, height, chars)
            elif kind == "PathObject":
                self.path(obj, height, rules)
            elif kind == "PageBlock" and depth < MAX_DEPTH:
                self.objects(obj, height, chars, rules, depth + 1)

    def text(self, obj: Any, height: float, chars: list[Char]) -> None:
        box = _box(obj.get("Boundary"))
        if box is None:
            return
        size = float(obj.get("Size") or 3.5)
        ctm = _matrix(obj.get("CTM"))
        scale = abs(ctm[0] * ctm[3] - ctm[1] * ctm[2]) ** 0.5 if ctm else 1.0
        x = y = 0.0
        for code in obj:
            if _local(code) != "TextCode":
                continue
            text = code.text or ""
            if code.get("X") is not None:
                x = float(code.get("X"))
            if code.get("Y") is not None:
                y = float(code.get("Y"))
            dx = deltas(code.get("DeltaX"))
            dy = deltas(code.get("DeltaY"))
            self.budget.chars -= len(text)
            if self.budget.chars < 0:
                raise ReadError(
                    f"OFD 的文字超过{MAX_CHARS}个字符，不像一份年度报告 (too much text)",
                    source=self.source,
                )
            space = False
            for i, ch in enumerate(text):
                step = dx[i] if i < len(dx) else size * (1.0 if is_cjk(ch) else 0.5)
                if ch.isspace() or ord(ch) < 32:
                    space = True
                else:
                    px, py = (
                        (ctm[0] * x + ctm[2] * y + ctm[4], ctm[1] * x + ctm[3] * y + ctm[5])
                        if ctm
                        else (x, y)
                    )
                    wide = size * (1.0 if is_cjk(ch) else 0.6)
                    glyph = (min(step, wide) if step > 0 else size * 0.5) * scale
                    left = (box[0] + px) * PT
                    base = height - (box[1] + py) * PT
                    chars.append(
                        Char(ch, left, left + glyph * PT, base, size * scale * PT * 0.85, space)
                    )
                    space = False
                x += step
                if i < len(dy):
                    y += dy[i]

    def path(self, obj: Any, height: float, rules: list[Rule]) -> None:
        box = _box(obj.get("Boundary"))
        data = _child(obj, "AbbreviatedData")
        if box is None or data is None:
            return
        ctm = _matrix(obj.get("CTM"))
        tokens = (data.text or "").split()
        self.budget.segments -= len(tokens)
        if self.budget.segments < 0:
            return  # a page of endless drawing: read its text without ruling lines
        points: list[tuple[float, float]] = []
        start: tuple[float, float] | None = None

        def at(px: float, py: float) -> tuple[float, float]:
            if ctm:
                px, py = ctm[0] * px + ctm[2] * py + ctm[4], ctm[1] * px + ctm[3] * py + ctm[5]
            return (box[0] + px) * PT, height - (box[1] + py) * PT

        def flush() -> None:
            for (ax, ay), (bx, by) in zip(points, points[1:]):
                if abs(ax - bx) <= 0.5 and abs(ay - by) > 0.5:
                    rules.append(Rule(True, (ax + bx) / 2, min(ay, by), max(ay, by)))
                elif abs(ay - by) <= 0.5 and abs(ax - bx) > 0.5:
                    rules.append(Rule(False, (ay + by) / 2, min(ax, bx), max(ax, bx)))
            points.clear()

        i = 0
        sizes = {"M": 2, "S": 2, "L": 2, "Q": 4, "B": 6, "A": 7, "C": 0}
        while i < len(tokens):
            op = tokens[i]
            n = sizes.get(op)
            if n is None:
                i += 1
                continue
            args = [float(v) for v in tokens[i + 1 : i + 1 + n]]
            if len(args) < n:
                break
            i += 1 + n
            if op in ("M", "S"):
                flush()
                start = at(args[0], args[1])
                points.append(start)
            elif op == "L":
                points.append(at(args[0], args[1]))
            elif op == "C":
                if start is not None and points:
                    points.append(start)
                flush()
            else:  # a curve: not a ruling line
                flush()
                points.append(at(args[-2], args[-1]))
        flush()
