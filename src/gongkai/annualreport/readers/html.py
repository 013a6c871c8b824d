"""HTML pages and fragments: tables with rowspan and colspan, nested markup, portal chrome.

Each `<tr>` of a data table becomes a line of cells in source order (merged cells
appear once, where they start); a table that holds other tables is page layout and
is walked through. Text outside tables becomes lines at block boundaries.
"""

from __future__ import annotations

import re
from functools import cache

from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from ..document import Document, make_line
from ..errors import ReadError
from ..interpret.meta import find_published

# Elements nested deeper than this are not a report but a crafted or broken page: real
# pages (Word's HTML, portals) nest a few dozen levels.
MAX_DEPTH = 256
# How far above table 三 the element holding the whole report is looked for.
_CONTAINER_LEVELS = 64

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
#
# Written for the engine's speed, the same as
#     <!--.*?(-->|\Z)|<!\[[^\]<>]{0,200}\]>|<(script|style)\b.*?(</\1\s*>|\Z)|</?(?:span|…)\b[^>]*>
# with re.S | re.I: one "<" before the branches, so the engine skips to the next "<";
# case ignored only in tag names; a run of inline tags one match (a portal's
# `</span><span style=…>` between every two characters), as only the inline branch
# can match where one ends. Every repeat is of a single excluded byte (`[^-]`, `[^<]`,
# `[^>]`), which the engine runs as a tight loop of its own, where a class of several
# bytes or a lazy `.*?` costs a step of the engine for each byte (the attributes are
# most of a portal page's bytes). A tag runs to the first ">" as in the HTML
# tokenizer, where a "<" inside a tag is part of an attribute's name; a comment, script
# or style sheet left open runs to the end of the page, as there (and a page of many
# unclosed ones costs one pass, not one to the end for each).
_INLINE = rb"/?(?i:span|font|o:p|b|strong|i|em|u|st1:[a-z]+)\b[^>]*+>"
_NOISE = re.compile(
    rb"<(?:!--(?:[^-]++|-(?!->))*+(?:-->|\Z)|!\[[^\]<>]{0,200}\]>"
    rb"|((?i:script|style))\b(?:[^<]++|<(?!/(?i:\1)\s*>))*+(?:</(?i:\1)\s*>|\Z)"
    rb"|" + _INLINE + rb"(?:<" + _INLINE + rb")*+)",
    re.S,
)


# The attributes of <td> and <p>: Word writes a width, a border and a style sheet into
# every cell and paragraph, four fifths of the bytes left after `_NOISE` (the report
# reads none of them). Without them the page is decoded, checked for depth and parsed
# in half the time. Quoted values are skipped whole, as the HTML tokenizer does (a
# ">" may stand in one); a tag written `<td … />` is left as it is.
_ATTRIBUTES = {
    name: re.compile(rb"<" + name + rb"""\s(?:[^>"']++|"[^"]*+"|'[^']*+')*+(?<!/)(?=>)""")
    for name in (b"td", b"p")
}


def reduce_markup(data: bytes) -> bytes:
    """The page without markup that holds no report text (see `_NOISE`) and without the
    attributes of its cells and paragraphs (see `_ATTRIBUTES`)."""
    data = _NOISE.sub(b"", data)
    for name, attributes in _ATTRIBUTES.items():
        data = attributes.sub(b"<" + name, data)
    return data


# The start tags of the elements whose text a table cell must not show (see `plain` in
# `html_document`): a page without any is told from its bytes in a twentieth of a
# millisecond, where the selector engine walks the whole tree (a seventh of one).
_CELL_NOISE = re.compile(rb"<(?i:s(?:cript|tyle|elect)|noscript|template)")


def html_document(
    text: str, source: str, utf8: bytes | None = None, ascii_same: bytes | None = None
) -> Document:
    """The lines of an HTML page. Raises ReadError for a page nested deeper than
    `MAX_DEPTH`, before parsing it (the parser's time grows with the square of the
    depth) and again on the parsed tree. `utf8`, when given, is `text` in UTF-8: what
    the parser reads (it would encode `text` to that itself). `ascii_same`, when
    given, is what `text` was decoded from, each ASCII character of `text` the same
    byte there (UTF-8 and GB18030 make ASCII characters of ASCII bytes only)."""
    if _nests_deeper_than(text, MAX_DEPTH, ascii_same):
        raise too_deep(source)
    doc = Document(source=source, kind="html")
    tree = HTMLParser(utf8 if utf8 is not None else text)
    # the first <meta> of each name, in one search of the tree rather than one a name
    metas: dict[str, Node] = {}
    for meta in _named_metas(tree, ascii_same):
        metas.setdefault(meta.attributes.get("name") or "", meta)
    for name in ("ArticleTitle", "title", "Title"):
        node = metas.get(name)
        if node is not None and node.attributes.get("content"):
            doc.title = (node.attributes.get("content") or "").strip()
            break
    if doc.title is None:
        node = tree.css_first("title")
        if node is not None:
            doc.title = node.text(deep=True).split("_")[0].strip() or None
    for name in ("PubDate", "pubdate", "publishdate", "firstpublishedtime"):
        node = metas.get(name)
        if node is not None and node.attributes.get("content"):
            doc.published = find_published("发布日期:" + (node.attributes.get("content") or ""))
            break
    top = tree.root
    if top is None:
        return doc
    if _deeper_than(top, MAX_DEPTH):
        raise too_deep(source)
    root = _report_container(tree) or tree.body or top
    walker = _Walker(doc)
    # a tag name is ASCII letters, so a page whose bytes show no such start tag (the
    # commonest case: `reduce_markup` dropped the scripts and styles) has no such element
    walker.plain = (ascii_same is not None and _CELL_NOISE.search(ascii_same) is None) or (
        root.css_first(
            "td script, td style, td noscript, td template, td select, th script, th style"
        )
        is None
    )
    walker.walk(root)
    walker.flush()
    return doc


# A <meta> start tag, in any case: each <meta> element of a page was made from one.
_META_TAG = re.compile(rb"<(?i:meta)")


def _named_metas(tree: HTMLParser, ascii_same: bytes | None) -> list[Node]:
    """The <meta> elements with a name, in document order. Looked for in the <head>
    alone (a few elements) when the page's bytes show no more <meta> start tags than
    the head holds elements: then none is elsewhere. The search of the whole tree
    costs about as much as the parse of a small page (0.15 ms)."""
    head = tree.head
    if (
        ascii_same is not None
        and head is not None
        and len(_META_TAG.findall(ascii_same)) == len(head.css("meta"))
    ):
        return head.css("meta[name]")
    return tree.css("meta[name]")


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
                    self.doc.lines.append(
                        make_line((part.strip(),), None, f"段落{self.paragraphs}")
                    )

    def walk(self, root: Node) -> None:
        """Lines from the content of `root`, in document order.

        Iterative, so a page nested deeper than Python's recursion limit is read (or
        refused at `MAX_DEPTH`) instead of ending in a RecursionError, and linear in the
        number of nodes: each node is visited once.
        """
        # The stack holds what is left to do, last first: a node to read (with its
        # depth) or a paragraph break to make once a block's content has been read.
        stack: list[tuple[Node, int] | None] = [
            (c, 1) for c in reversed(list(root.iter(include_text=True)))
        ]
        while stack:
            entry = stack.pop()
            if entry is None:
                self.flush()
                continue
            child, depth = entry
            tag = child.tag
            if tag == "-text":
                self.buf.append(child.text_content or "")
                continue
            if tag in _SKIP or tag == "-comment" or tag is None:
                continue
            if depth > MAX_DEPTH:
                raise too_deep(self.doc.source)
            if tag == "table":
                self.flush()
                cells = self.table(child)
                # a layout table: its cells are read as ordinary content, one paragraph each
                for cell in reversed(cells):
                    stack.append(None)
                    stack.extend(
                        (c, depth + 1) for c in reversed(list(cell.iter(include_text=True)))
                    )
                continue
            block = tag in _BLOCK
            if block:
                self.flush()
            if tag == "br":
                continue
            if block:
                stack.append(None)
            stack.extend((c, depth + 1) for c in reversed(list(child.iter(include_text=True))))

    def table(self, table: Node) -> list[Node]:
        """Lines of a data table; for a table that holds tables (page layout), the cells
        to read as ordinary content instead."""
        rows = _rows(table)
        if _holds_table(table):  # page layout
            return [cell for row in rows for cell in _cells(row)]
        self.tables += 1
        plain = self.plain
        for r, row in enumerate(rows, start=1):
            if plain:  # `_cell_text` inlined: a page's tables hold some 300 cells
                cells = tuple(
                    " ".join(c.text(deep=True).split()) for c in row.iter() if c.tag in _CELL_TAGS
                )
            else:
                cells = tuple(_cell_text(c, False) for c in _cells(row))
            if cells:
                self.doc.lines.append(
                    make_line(cells, None, f"表格{self.tables} 第{r}行", delimited=True)
                )
        return []


def too_deep(source: str | None) -> ReadError:
    return ReadError(
        f"HTML 元素嵌套超过 {MAX_DEPTH} 层，不像一份年度报告"
        f" (elements nested more than {MAX_DEPTH} deep)",
        source=source,
    )


# Elements that never hold others, or whose end tag may be left out (the parser closes
# them itself): they do not make the page deeper.
_FLAT = frozenset(
    str.split(
        "area base br col embed hr img input link meta param source track wbr keygen"
        " p li dt dd tr td th thead tbody tfoot colgroup caption option optgroup"
        " rb rt rp rtc html head body"
    )
)
# Elements an unknown end tag does not close (the HTML parser ignores that end tag).
_SPECIAL = frozenset(
    str.split(
        "address applet article aside blockquote button center dir div dl fieldset figcaption"
        " figure footer form frameset h1 h2 h3 h4 h5 h6 header hgroup iframe listing main"
        " marquee menu nav noembed noframes noscript object ol pre search section select"
        " summary table template textarea ul xmp details"
    )
)

# The tags that can make the page deeper: start and end tags of elements not in
# `_FLAT` (those are passed over by the engine, not by a Python loop: a Word page is
# mostly <p>, <td> and <tr>). The attributes are taken greedily (a lazy `[^<>]*?(/?)>`
# made the engine try the end of the tag after every character of Word's long style
# attributes); whether the tag closes itself (`/>`) is read from their last character.
# The commonest names first, as the engine tries the names in turn at every tag.
# Matched on the page's bytes with ASCII letters made small (`bytes.lower`), where
# there are such bytes (see `ascii_same` in `html_document`): the engine then compares
# bytes as they are, in half the time it takes to ignore case; on the text otherwise.
_COMMON_FLAT = ("p", "td", "tr", "th")
_TAG_PATTERN = (
    r"<(/?)(?!(?:"
    + "|".join(_COMMON_FLAT + tuple(sorted(_FLAT.difference(_COMMON_FLAT))))
    + r")(?![A-Za-z0-9:._-]))([A-Za-z][A-Za-z0-9:._-]*)([^<>]*)>"
)
_TAG = re.compile(_TAG_PATTERN, re.IGNORECASE | re.ASCII)
_TAG_LOWER_BYTES = re.compile(_TAG_PATTERN.encode())


def _tags(text: str, ascii_same: bytes | None) -> list[tuple[bool, str, bool]]:
    """The tags `_TAG` finds: (an end tag, the name in small letters, ends with "/")."""
    if ascii_same is not None:
        # a tag is ASCII, and no byte of a tag's name or "<", ">" is part of a
        # character of more than one byte in UTF-8 or GB18030: the same tags
        return [
            (closing == b"/", name.decode("ascii"), rest.endswith(b"/"))
            for closing, name, rest in _TAG_LOWER_BYTES.findall(ascii_same.lower())
        ]
    return [
        (closing == "/", name.lower(), rest.endswith("/"))
        for closing, name, rest in _TAG.findall(text)
    ]


def _nests_deeper_than(text: str, limit: int, ascii_same: bytes | None = None) -> bool:
    """Whether the page's elements would nest more than `limit` deep, told from its tags
    the way the HTML parser builds its stack of open elements (end tags close the
    nearest open element of their name; an end tag of an ordinary element does not
    close past a block; `/>` closes only inside SVG and MathML). Linear, and run before
    the parser so that a crafted page costs nothing. `ascii_same` as in
    `html_document`."""
    stack: list[str] = []
    foreign = 0
    for closing, name, self_closing in _tags(text, ascii_same):
        if closing:
            for at in range(len(stack) - 1, -1, -1):
                if stack[at] == name:
                    del stack[at:]
                    break
                if name not in _SPECIAL and stack[at] in _SPECIAL:
                    break
            foreign = sum(1 for n in stack if n in ("svg", "math")) if foreign else 0
            continue
        if foreign and self_closing:
            continue
        stack.append(name)
        if name in ("svg", "math"):
            foreign += 1
        if len(stack) > limit:
            return True
    return False


def _deeper_than(top: Node, limit: int) -> bool:
    """Whether any element under `top` is nested more than `limit` levels deep (one
    pass over the elements, without recursion).

    A node that deep has an element `limit` deep above it, which lexbor's selector
    engine finds (a chain of `limit + 1` elements, `top` the first) without a Python
    object per node; only a page that has one is walked to decide."""
    if top.css_first(_chain(limit + 1)) is None:
        return False
    stack = [(top, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        stack.extend((c, depth + 1) for c in node.iter())
    return False


@cache
def _chain(length: int) -> str:
    """A selector for an element with `length - 1` element ancestors: `* > * > … > *`."""
    return " > ".join(["*"] * length)


def _holds_table(table: Node) -> bool:
    """Whether `table` has another table inside it (stops at the first one found)."""
    # lexbor's selector search, not a Python object per node (its result may hold
    # the table itself)
    return any(node.mem_id != table.mem_id for node in table.css("table"))


def _report_container(tree: HTMLParser) -> Node | None:
    """The smallest element holding the whole report (table 三 and the sections around
    it), so a portal's menus and footer are not read as the narrative."""
    for table in tree.css("table"):
        if _holds_table(table) or "本年新收" not in table.text(deep=True):
            continue
        node = table.parent
        levels = 0
        while node is not None and node.tag not in ("body", "html") and levels < _CONTAINER_LEVELS:
            content = node.text(deep=True)
            if "总体情况" in content and ("其他需要报告" in content or "存在的主要问题" in content):
                return node
            node = node.parent
            levels += 1
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


_CELL_TAGS = ("td", "th")


def _cells(row: Node) -> list[Node]:
    return [c for c in row.iter() if c.tag in _CELL_TAGS]


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
