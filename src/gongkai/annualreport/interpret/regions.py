"""Where the three tables are in the token stream, and which layout they follow."""

from __future__ import annotations

from dataclasses import dataclass

from ..labels import norm
from .textindex import TextIndex
from .tokens import Token

T3_FIRST = (norm("本年新收政府信息公开申请"), norm("本年新收申请"))
T3_SECOND = (norm("上年结转政府信息公开申请"), norm("上年结转申请"), norm("上年结转"))
T3_HEADING = norm("收到和处理政府信息公开申请情况")
T2_BLOCK = norm("第二十条第")
T2_HEADING = norm("主动公开政府信息情况")
T4_START = (norm("行政复议"),)
CARRIED_OUT = norm("结转下年度")

# Content that tells the layouts apart.
LAYOUT_2021 = tuple(
    norm(s) for s in ("本年制发件数", "本年废止件数", "现行有效件数", "本年收费金额")
)
LAYOUT_2021_T3 = tuple(
    norm(s) for s in ("申请人无正当理由逾期不补正", "申请人逾期未按收费通知要求缴纳费用")
)
LAYOUT_2019 = tuple(
    norm(s)
    for s in (
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
        "上一年项目数量",
        "采购项目数量",
    )
)
OLD_LAYOUT = tuple(
    norm(s)
    for s in (
        "政府信息公开情况统计表",
        "受理依申请公开信息总数",
        "对申请的答复总数",
        "主动公开文件数",
    )
)


@dataclass
class Regions:
    t2: tuple[int, int] | None
    t3: tuple[int, int]
    t4: tuple[int, int] | None
    layout_hint: str | None  # "2019" or "2021" when the content says so


# Labels of table 三's result rows, to recognise the table when its first rows are lost.
T3_RESULTS = tuple(
    norm(s)
    for s in ("予以公开", "部分公开", "不予公开", "无法提供", "不予处理", "其他处理", "结转下年度")
)


def find_t3(idx: TextIndex) -> int:
    """Offset in idx.text where table 三 starts, or -1.

    Its first two rows' labels in order, close together (the common case); failing
    that, both labels near each other in any order (text taken out of a PDF may give a
    table's labels out of order); failing that, table 三's heading followed by the
    labels of most of its result rows (the first rows lost, cut off at a page edge)."""
    text = idx.text
    for first in T3_FIRST:
        for pos in idx.find_all(first):
            window = text[pos : pos + 400]
            if any(s in window for s in T3_SECOND):
                return pos
    for first in T3_FIRST:
        for pos in idx.find_all(first):
            # the second row's label just before the first's: the table starts there
            before = [text.rfind(s, max(0, pos - 1500), pos) for s in T3_SECOND]
            if any(x >= 0 for x in before):
                return max(before)
    for pos in idx.find_all(T3_HEADING):
        window = text[pos : pos + 4000]
        if sum(s in window for s in T3_RESULTS) >= 5:
            return pos
    return -1


def what_is_there(idx: TextIndex) -> tuple[list[str], list[str]]:
    """What a text that is not a readable report holds and lacks, said in Chinese."""
    text = idx.text
    found: list[str] = []
    lacking: list[str] = []
    for name, needles in (
        ("表二（第二十条各项）", (T2_BLOCK,)),
        ("表三的标题“收到和处理政府信息公开申请情况”", (T3_HEADING,)),
        ("表三第一行“本年新收政府信息公开申请数量”", T3_FIRST),
        ("表三第二行“上年结转政府信息公开申请数量”", T3_SECOND[:2]),
        ("表四（行政复议、行政诉讼）", (norm("行政复议"),)),
    ):
        (found if any(n in text for n in needles) else lacking).append(name)
    rows = [s for s in T3_RESULTS if s in text]
    if rows:
        found.append("表三的办理结果行（" + "、".join(rows) + "）")
    return found, lacking


def looks_old_layout(idx: TextIndex) -> bool:
    return any(s in idx.text for s in OLD_LAYOUT)


def find_regions(tokens: list[Token], idx: TextIndex, t3_pos: int) -> Regions:
    text = idx.text
    heading = text.rfind(T3_HEADING, max(0, t3_pos - 800), t3_pos)
    t3_from = heading if heading >= 0 else t3_pos
    t3_start = idx.token(t3_from)
    # Table 四 starts at the first 行政复议 after table 三's last row.
    after = text.find(CARRIED_OUT, t3_pos)
    t4_pos = idx.find_first(T4_START, after if after >= 0 else t3_pos)
    t4_start = idx.token(t4_pos) if t4_pos >= 0 else None
    t3_end = t4_start if t4_start is not None else len(tokens)
    # Table 二: the chain of 第二十条 block headings that ends before table 三.
    t2_offset = None
    blocks = idx.find_all(T2_BLOCK, 0, t3_from)
    if blocks:
        chain = [blocks[-1]]
        for pos in reversed(blocks[:-1]):
            if chain[-1] - pos > 1500:
                break
            chain.append(pos)
        first = chain[-1]
        if t3_from - chain[0] <= 4000:
            head = text.rfind(T2_HEADING, max(0, first - 300), first)
            t2_offset = head if head >= 0 else first
    if t2_offset is None:
        head = text.rfind(T2_HEADING, max(0, t3_from - 3000), t3_from)
        if head >= 0:
            t2_offset = head
    t2 = (idx.token(t2_offset), t3_start) if t2_offset is not None else None
    t4 = (t4_start, len(tokens)) if t4_start is not None else None
    hint = _layout_hint(text, t2_offset if t2_offset is not None else t3_from, t3_from, t4_pos)
    return Regions(t2, (t3_start, t3_end), t4, hint)


def _layout_hint(text: str, t2_from: int, t3_from: int, t4_pos: int) -> str | None:
    t2 = text[t2_from:t3_from]
    t3 = text[t3_from : t4_pos if t4_pos >= 0 else len(text)]
    votes_2021 = sum(s in t2 for s in LAYOUT_2021) + 2 * sum(s in t3 for s in LAYOUT_2021_T3)
    votes_2019 = sum(s in t2 for s in LAYOUT_2019)
    if votes_2021 > votes_2019:
        return "2021"
    if votes_2019 > votes_2021:
        return "2019"
    return None
