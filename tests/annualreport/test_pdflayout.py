"""Page geometry to rows of cells, on hand-made pages (points, y grows upwards)."""

from __future__ import annotations

from gongkai.annualreport.readers.pdflayout import Char, Row, Rule, layout_page, running_rows

EM = 10.0


def text(s: str, x: float, base: float, em: float = EM) -> list[Char]:
    """Characters of `s` from x on one baseline: CJK one em wide, others half."""
    out = []
    for ch in s:
        if ch == " ":
            x += em / 2
            continue
        w = em if ord(ch) > 0x2E80 else em / 2
        out.append(Char(ch, x, x + w, base, em))
        x += w
    return out


def grid(xs: list[float], ys: list[float]) -> list[Rule]:
    """A full grid of cell borders, drawn one cell side at a time as PDF producers do."""
    rules = []
    for y in ys:
        rules += [Rule(False, y, a, b) for a, b in zip(xs, xs[1:])]
    for x in xs:
        rules += [Rule(True, x, a, b) for a, b in zip(ys, ys[1:])]
    return rules


def test_ruled_table_rows_keep_wrapped_labels_and_blank_cells() -> None:
    xs = [50, 150, 200, 250, 300]
    ys = [500, 530, 560]  # two rows, bottom-up
    chars = (
        text("二、上年结转", 52, 545)
        + text("申请数量", 52, 535)  # label wrapped in its cell
        + text("18", 170, 540)
        + text("18", 270, 540)  # middle column left blank
        + text("一、本年新收", 52, 510)
        + text("3", 170, 510)
        + text("0", 220, 510)
        + text("3", 270, 510)
    )
    rows = layout_page(chars, grid(xs, ys))
    assert [r.cells for r in rows] == [
        ["二、上年结转申请数量", "18", "", "18"],
        ["一、本年新收", "3", "0", "3"],
    ]
    assert all(r.delimited for r in rows)


def test_empty_cells_left_of_a_label_are_merged_label_cells_and_dropped() -> None:
    # col 50-80 is a label merged over both rows; its text sits in the upper row
    xs = [50, 80, 150, 200, 250]
    ys = [500, 530, 560]
    rules = [r for r in grid(xs, ys) if not (not r.vertical and r.pos == 530 and r.lo == 50)]
    chars = text("三、", 52, 540) + text("（一）予以公开", 82, 540) + text("5", 170, 540)
    chars += text("（二）部分公开", 82, 510) + text("1", 170, 510) + text("6", 220, 510)
    rows = layout_page(chars, rules)
    assert [r.cells for r in rows] == [
        ["三、", "（一）予以公开", "5", ""],
        ["（二）部分公开", "1", "6"],
    ]


def test_a_row_of_values_keeps_its_leading_blank() -> None:
    xs = [50, 100, 150, 200]
    ys = [500, 530, 560]
    chars = text("维持", 60, 540) + text("纠正", 110, 540) + text("总计", 160, 540)
    chars += text("2", 120, 510) + text("2", 170, 510)
    rows = layout_page(chars, grid(xs, ys))
    assert rows[1].cells == ["", "2", "2"]


def test_a_page_frame_is_not_a_table() -> None:
    frame = [
        Rule(True, 40, 40, 800),
        Rule(True, 560, 40, 800),
        Rule(False, 40, 40, 560),
        Rule(False, 800, 40, 560),
    ]
    chars = text("一、总体情况", 60, 700) + text("本年新收申请 3 件。", 60, 680)
    rows = layout_page(chars, frame)
    assert [(r.cells, r.delimited) for r in rows] == [
        (["一、总体情况"], False),
        (["本年新收申请 3 件。"], False),
    ]


def test_baseline_jitter_stays_one_line() -> None:
    chars = text("行政", 50, 600) + text("许可", 70, 600.9) + text("97", 150, 599.2)
    (row,) = layout_page(chars, [])
    assert row.cells == ["行政许可", "97"] and row.delimited


def test_wide_gaps_split_a_borderless_table_row_narrow_ones_do_not() -> None:
    chars = text("一、本年新收政府信息公开申请数量", 50, 600)
    for i, v in enumerate(["32", "2", "0", "0", "0", "0", "34"]):
        chars += text(v, 260 + 30 * i, 600)
    chars += text("全年收到申请 34 件，上年结转 2 件。", 50, 560)
    rows = layout_page(chars, [])
    assert rows[0].cells == [
        "一、本年新收政府信息公开申请数量",
        "32",
        "2",
        "0",
        "0",
        "0",
        "0",
        "34",
    ]
    assert rows[0].delimited
    assert rows[1].cells == ["全年收到申请 34 件，上年结转 2 件。"] and not rows[1].delimited


def test_two_tables_on_one_page_stay_apart() -> None:
    rules = grid([50, 150, 250, 350], [700, 720, 740]) + grid([50, 100, 150, 200], [500, 520, 540])
    chars = text("规章", 55, 725) + text("1", 190, 725) + text("2", 290, 725)
    chars += text("结果", 55, 505) + text("3", 120, 505) + text("4", 170, 505)
    rows = layout_page(chars, rules)
    assert [r.cells for r in rows] == [["规章", "1", "2"], ["结果", "3", "4"]]


def _page(*rows: tuple[float, str]) -> tuple[float, list[Row]]:
    return 842.0, [Row(top, [t], False, 50, 300, EM) for top, t in rows]


def test_running_headers_and_page_numbers_are_dropped() -> None:
    pages = [
        _page((830, "上海市政府信息公开工作年度报告"), (700, "一、总体情况"), (30, "— 1 —")),
        _page(
            (830, "上海市政府信息公开工作年度报告"), (700, "正文接上页"), (30, "第 2 页 共 3 页")
        ),
        _page((830, "上海市政府信息公开工作年度报告"), (700, "六、其他需要报告的事项"), (30, "3")),
    ]
    drop = running_rows(pages)
    kept = [r.cells[0] for _, rows in pages for r in rows if id(r) not in drop]
    assert kept == ["一、总体情况", "正文接上页", "六、其他需要报告的事项"]


def test_text_in_the_body_is_never_taken_for_a_header() -> None:
    pages = [
        _page((700, "2019年上海市人民政府办公厅政府信息公开工作年度报告"), (650, "正文")),
        _page((700, "2019年上海市人民政府办公厅政府信息公开工作年度报告")),
    ]
    assert running_rows(pages) == set()
