"""HTML pages and fragments: tables with rowspan and colspan, nested markup, portal chrome.

Each `<tr>` of a data table becomes a line of cells in source order (merged cells
appear once, where they start); a table that holds other tables is page layout and
is walked through. Text outside tables becomes lines at block boundaries.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from ..document import Document, Line
from ..interpret.meta import find_published

_BLOCK = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "section",
        "article",
        "header",
        "footer",
        "main",
        "aside",
        "nav",
        "blockquote",
        "pre",
        "address",
        "dl",
        "dt",
        "dd",
        "figure",
        "figcaption",
        "form",
        "fieldset",
        "center",
        "br",
        "hr",
    ]
)
_SKIP = frozenset(
    [
        "script",
        "style",
        "noscript",
        "template",
        "iframe",
        "object",
        "svg",
        "select",
        "option",
        "button",
        "head",
        "title",
    ]
)


# Markup that carries no text of the report: comments (Word's conditional comments hold
# its document properties and hundreds of latent styles), scripts, style sheets, and
# the inline tags Word and portal editors wrap around every run or every character.
# Dropping them before parsing keeps their text and halves what the parser and the
# walk below have to go through. Safe on GB18030 bytes too: "<" is never a trail byte.
_NOISE = re.compile(
    rb"<!--.*?-->|<!\[[^\]<>]{0,200}\]>|<(script|style)\b.*?</\1\s*>"
    rb"|</?(?:span|font|o:p|b|strong|i|em|u|st1:[a-z]+)\b[^<>]*>",
    re.S | re.I,
)


def reduce_markup(data: bytes) -> bytes:
    """The page without markup that holds no report text (see `_NOISE`)."""
    return _NOISE.sub(b"", data)


def html_document(text: str, source: str) -> Document:
    doc = Document(source=source, kind="html")
    tree = HTMLParser(text)
    for name in ("ArticleTitle", "title", "Title"):
        node = tree.css_first(f'meta[name="{name}"]')
        if node is not None and node.attributes.get("content"):
            doc.title = (node.attributes.get("content") or "").strip()
            break
    if doc.title is None:
        node = tree.css_first("title")
        if node is not None:
            doc.title = node.text(deep=True).split("_")[0].strip() or None
    for name in ("PubDate", "pubdate", "publishdate", "firstpublishedtime"):
        node = tree.css_first(f'meta[name="{name}"]')
        if node is not None and node.attributes.get("content"):
            doc.published = find_published("发布日期:" + (node.attributes.get("content") or ""))
            break
    root = _report_container(tree) or tree.body or tree.root
    if root is None:
        return doc
    walker = _Walker(doc)
    walker.plain = (
        root.css_first(
            "td script, td style, td noscript, td template, td select, th script, th style"
        )
        is None
    )
    walker.walk(root)
    walker.flush()
    return doc


class _Walker:
    def __init__(self, doc: Document):
        self.doc = doc
        self.buf: list[str] = []
        self.tables = 0
        self.paragraphs = 0
        self.plain = False  # no table cell holds a script or the like

    def flush(self) -> None:
        text = "".join(self.buf).strip()
        self.buf = []
        if text:
            self.paragraphs += 1
            for part in text.split("\n"):
                if part.strip():
                    self.doc.lines.append(Line((part.strip(),), None, f"段落{self.paragraphs}"))

    def walk(self, node: Node) -> None:
        for child in node.iter(include_text=True):
            tag = child.tag
            if tag == "-text":
                self.buf.append(child.text_content or "")
                continue
            if tag in _SKIP or tag == "-comment" or tag is None:
                continue
            if tag == "table":
                self.flush()
                self.table(child)
                continue
            block = tag in _BLOCK
            if block:
                self.flush()
            if tag == "br":
                continue
            self.walk(child)
            if block:
                self.flush()

    def table(self, table: Node) -> None:
        rows = _rows(table)
        if len(table.css("table")) > 1:  # the table itself is the first match
            # page layout: walk the cells as ordinary content
            for row in rows:
                for cell in _cells(row):
                    self.walk(cell)
                    self.flush()
            return
        self.tables += 1
        for r, row in enumerate(rows, start=1):
            cells = tuple(_cell_text(c, self.plain) for c in _cells(row))
            if cells:
                self.doc.lines.append(
                    Line(cells, None, f"表格{self.tables} 第{r}行", delimited=True)
                )


def _report_container(tree: HTMLParser) -> Node | None:
    """The smallest element holding the whole report (table 三 and the sections around
    it), so a portal's menus and footer are not read as the narrative."""
    for table in tree.css("table"):
        text = table.text(deep=True)
        if "本年新收" not in text or len(table.css("table")) > 1:
            continue
        node = table.parent
        while node is not None and node.tag not in ("body", "html"):
            content = node.text(deep=True)
            if "总体情况" in content and ("其他需要报告" in content or "存在的主要问题" in content):
                return node
            node = node.parent
        return None
    return None


def _rows(table: Node) -> list[Node]:
    out: list[Node] = []
    for child in table.iter():
        if child.tag == "tr":
            out.append(child)
        elif child.tag in ("thead", "tbody", "tfoot"):
            out.extend(c for c in child.iter() if c.tag == "tr")
    return out


def _cells(row: Node) -> list[Node]:
    return [c for c in row.iter() if c.tag in ("td", "th")]


def _cell_text(cell: Node, plain: bool) -> str:
    # lexbor joins the cell's text nodes in C, when no cell of the page holds a script
    # or the like (`reduce_markup` drops them before parsing)
    if plain:
        return " ".join(cell.text(deep=True).split())
    parts: list[str] = []
    for node in cell.traverse(include_text=True):
        if node.tag == "-text":
            parent = node.parent
            if parent is not None and parent.tag in _SKIP:
                continue
            parts.append(node.text_content or "")
    return " ".join("".join(parts).split())
