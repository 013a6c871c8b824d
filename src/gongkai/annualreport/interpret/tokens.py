"""Lines of cells to a stream of tokens: text, numbers, not-applicable marks, blanks.

In running text the spaces between table cells are often lost, so a number token
there may hold several values run together (`splittable`); `split.py` takes them
apart with the table's arithmetic. A digit glued to the next label's numbering
(`00000002.其他…`) is given to the label.
"""

from __future__ import annotations

import re
from enum import IntEnum

from ..document import Document
from ..labels import halfwidth, norm, scan_at


class Kind(IntEnum):
    TEXT = 0
    NUM = 1
    NA = 2
    BLANK = 3


NA_MARKS = frozenset(
    {"/", "／", "\\", "-", "--", "－", "－－", "—", "——", "―", "–", "无", "不适用", "×", "x", "X"}
)
# How our writers mark a cell that could not be read, so it reads back as unreadable.
UNREADABLE_MARKS = frozenset({"?", "？"})

_NUMBER_CELL = re.compile(
    r"(?P<num>[+\-−＋－]?(?:\d{1,3}(?:[,，]\d{3})+|\d+)(?:[.．]\d+)?)\s*(?P<unit>万元|元|件|条|项|个)?"
)
_SCAN = re.compile(
    r"(?P<br>[(（][^()（）]{0,200}[)）])"
    r"|(?P<date>(?<![\d.．])\d{1,4}\s*(?:年|月|日|号|时|分|岁|%|％|‰))"
    r"|(?P<ord>第\s*\d+)"
    r"|(?P<num>(?<![\w.．])[+\-−＋－]?\d+(?:[.．]\d+)?|\d+(?:[.．]\d+)?)(?P<unit>\s*(?:万元|元))?"
    r"|(?P<na>(?:(?<=\s)|^)(?:/|／|-|－|—+|―|–|无|不适用)(?=\s|$))"
)
# The characters a match of `_SCAN` can start with (see `scan_at`).
_SCAN_START = re.compile(r"[(（\d第+\-−＋－/／—―–无不]")


# A digit or a free-standing not-applicable mark: the cell needs the full scan.
_NEEDS_SCAN = re.compile(r"\d|(?:(?<=\s)|^)(?:/|／|-|－|—+|―|–|无|不适用)(?=\s|$)")
_PREFIX_AFTER = re.compile(r"[.、．]\s*[\u4e00-\u9fff]")
_ZERO_WIDTH = "\u200b\ufeff"


class Token:
    """One token of the stream. A plain class with slots rather than a dataclass: the
    interpreter makes thousands a report, and compiled with mypyc its `__init__` is
    native code (a dataclass's generated `__init__` stays interpreted). Tokens compare
    by identity; nothing compares them by value."""

    __slots__ = ("kind", "text", "line", "cell", "splittable", "unit", "soft", "norm", "sep")

    kind: Kind
    text: str  # as written; numbers in plain ASCII
    line: int  # index into Document.lines
    cell: int  # index of the cell in its line
    splittable: bool
    unit: str | None
    soft: bool  # a blank that may be a layout artefact
    norm: str  # TEXT: the identifying characters
    sep: str  # what separated this token from the previous one: "", " ", "\t", "\n"

    def __init__(
        self,
        kind: Kind,
        text: str,
        line: int,
        cell: int,
        splittable: bool = False,
        unit: str | None = None,
        soft: bool = False,
        norm: str = "",
        sep: str = "",
    ) -> None:
        self.kind = kind
        self.text = text
        self.line = line
        self.cell = cell
        self.splittable = splittable
        self.unit = unit
        self.soft = soft
        self.norm = norm
        self.sep = sep

    def __repr__(self) -> str:
        return (
            f"Token({self.kind.name}, {self.text!r}, line={self.line}, cell={self.cell}, "
            f"splittable={self.splittable}, unit={self.unit!r}, soft={self.soft}, "
            f"norm={self.norm!r}, sep={self.sep!r})"
        )


def _text(tokens: list[Token], text: str, li: int, ci: int, sep: str) -> None:
    """Append text, as written, to the stream (merged with text before it in the cell)."""
    if not text:
        return
    n = norm(text)
    if tokens and tokens[-1].kind is Kind.TEXT and tokens[-1].line == li and tokens[-1].cell == ci:
        prev = tokens[-1]
        prev.text += sep + text if sep and prev.text else text
        prev.norm += n
        return
    tokens.append(Token(Kind.TEXT, text, li, ci, norm=n, sep=sep))


def _number(text: str) -> str:
    """A number as plain ASCII: full-width digits, point and signs to their plain forms."""
    if not text.isascii():
        text = halfwidth(text).replace("−", "-")
    return text.replace(",", "")


# A short cell's tokens depend only on its text and its line's kind: the same labels
# and numbers recur in every report, so their shapes are remembered (bounded), in one
# table per kind of line (delimited, soft blanks), keyed by the text alone.
_Shape = tuple[tuple[Kind, str, bool, "str | None", bool, str, "str | None"], ...]
_SHAPES: list[dict[str, _Shape]] = [{}, {}, {}, {}]
_FIRST = "\x00"  # stands for the separator the first token gets from its caller


def tokenize_cell(
    tokens: list[Token],
    raw: str,
    li: int,
    ci: int,
    delimited: bool,
    soft: bool,
    shapes: dict[str, _Shape],
    sep: str,
) -> None:
    """Append the tokens of one cell (see `_scan_cell`); `shapes` is the table of
    `_SHAPES` for the line's kind."""
    if len(raw) > 64:
        _scan_cell(tokens, raw, li, ci, delimited, soft, sep)
        return
    shape = shapes.get(raw)
    if shape is None:
        made: list[Token] = []
        _scan_cell(made, raw, 0, 0, delimited, soft, _FIRST)
        shape = tuple(
            (
                t.kind,
                t.text,
                t.splittable,
                t.unit,
                t.soft,
                t.norm,
                None if t.sep == _FIRST else t.sep,
            )
            for t in made
        )
        if len(shapes) > 50_000:
            shapes.clear()
        shapes[raw] = shape
    for kind, text, splittable, unit, blank_soft, nrm, own in shape:
        tokens.append(
            Token(
                kind, text, li, ci, splittable, unit, blank_soft, nrm, sep if own is None else own
            )
        )


def _scan_cell(
    tokens: list[Token], raw: str, li: int, ci: int, delimited: bool, soft: bool, sep: str
) -> None:
    """Append the tokens of one cell. The text is scanned as written: every pattern
    accepts both full- and half-width forms, and only numbers are normalised."""
    text = raw.strip()
    if delimited and text.isdigit() and text.isascii():
        tokens.append(Token(Kind.NUM, text, li, ci, sep=sep))  # the common case of a table cell
        return
    text = text.strip(_ZERO_WIDTH)
    if not text:
        if delimited:
            tokens.append(Token(Kind.BLANK, "", li, ci, soft=soft, sep=sep))
        return
    if delimited:
        if text in NA_MARKS or text in UNREADABLE_MARKS:
            tokens.append(Token(Kind.NA, text, li, ci, sep=sep))
            return
        m = _NUMBER_CELL.fullmatch(text)
        if m:
            tokens.append(Token(Kind.NUM, _number(m["num"]), li, ci, unit=m["unit"], sep=sep))
            return
    if not _NEEDS_SCAN.search(text):
        _text(tokens, text, li, ci, sep)  # plain text: the common case
        return
    splittable = not delimited
    pos = 0
    pending_sep = sep
    for m in scan_at(_SCAN, _SCAN_START, text):
        kind = m.lastgroup
        if kind in ("br", "date", "ord"):
            continue  # stays part of the surrounding text
        start, end = m.start(), m.end()
        if kind == "unit":
            kind = "num"
        gap = text[pos:start]
        if gap.strip():
            _text(tokens, gap.strip(), li, ci, " " if gap[:1].isspace() else pending_sep)
            pending_sep = " " if gap[-1:].isspace() else ""
        elif gap:
            pending_sep = " "
        if kind == "num":
            digits = _number(m["num"])
            unit = m["unit"].strip() if m["unit"] else None
            if unit is None and "." not in digits and _PREFIX_AFTER.match(text, m.end("num")):
                # The last digit numbers the next label ("00000002.其他法律…").
                digits = digits[:-1]
                end = m.end("num") - 1
                if not digits or digits in "+-":
                    pos = start
                    continue
            tokens.append(
                Token(
                    Kind.NUM,
                    digits,
                    li,
                    ci,
                    splittable=splittable and digits.isdigit(),
                    unit=unit,
                    sep=pending_sep,
                )
            )
            pending_sep = ""
        elif _inside_words(text, start, end):
            # 无 between spaced-out characters (申 请 人 无 正 当): a word, not a mark
            _text(tokens, m.group(), li, ci, " ")
            pending_sep = " "
        else:  # na
            tokens.append(Token(Kind.NA, m.group(), li, ci, sep=" "))
            pending_sep = " "
        pos = end
    rest = text[pos:]
    if rest.strip():
        _text(tokens, rest.strip(), li, ci, " " if rest[:1].isspace() else pending_sep)


def _inside_words(text: str, start: int, end: int) -> bool:
    """A word mark (无, 不适用) with Chinese characters right around its spaces, as
    text justified by spaces between its characters has it."""
    if not ("\u4e00" <= text[start] <= "\u9fff"):
        return False
    before = text[:start].rstrip()[-1:]
    after = text[end:].lstrip()[:1]
    if not after or not ("\u4e00" <= after <= "\u9fff"):
        return False
    return not before or "\u4e00" <= before <= "\u9fff"


# Words that only a table of the report holds; a line of prose without them needs no scan.
_TABLE_WORDS = re.compile(
    r"第二十条|信息内容|本年新收|上年结转|办理结果|予以公开|不予公开|无法提供|不予处理|其他处理|"
    r"结转下年度|行政复议|行政诉讼|结果维持|规章|规范性文件|行政许可|行政处罚|行政强制|收费|采购|总计"
)


def _is_prose(cells: tuple[str, ...]) -> bool:
    """A paragraph of running text (sentences, no table words): one text token will do.
    For the cells of a line that is not delimited."""
    if len(cells) != 1:
        return False
    text = cells[0]
    return len(text) > 40 and "。" in text and not _TABLE_WORDS.search(text)


def tokenize(doc: Document, skip: dict[int, str] | set[int] | None = None) -> list[Token]:
    """Every line of the document as one token stream, in reading order; the lines in
    `skip` (page furniture) are left out."""
    tokens: list[Token] = []
    for li, line in enumerate(doc.lines):
        if skip and li in skip:
            continue
        # the line's fields read once: Line is a plain Python class
        cells = line.cells
        delimited = line.delimited
        if not delimited and _is_prose(cells):
            _text(tokens, cells[0].strip(), li, 0, "\n")
            continue
        soft = line.soft_blanks
        shapes = _SHAPES[2 * delimited + soft]
        between = "\t" if delimited else " "
        for ci, cell in enumerate(cells):
            sep = "\n" if ci == 0 else between
            tokenize_cell(tokens, cell, li, ci, delimited, soft, shapes, sep)
    return tokens


def raw_text(tokens: list[Token]) -> str:
    """The tokens joined back into text (for the narrative)."""
    out: list[str] = []
    for t in tokens:
        if t.kind is Kind.BLANK:
            continue
        if out:
            out.append("\n" if t.sep == "\n" else (" " if t.sep in (" ", "\t") else ""))
        out.append(t.text)
    return "".join(out)
