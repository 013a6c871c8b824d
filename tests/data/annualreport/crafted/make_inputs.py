"""Writes the crafted inputs of this folder and their expected results.

Run once by hand (`.venv/bin/python tests/data/annualreport/crafted/make_inputs.py`); the files are committed. Inputs and
expectations both come from the numbers below, chosen by hand; the reader is not used.
"""

import json
from pathlib import Path

HERE = Path(__file__).parent
COLS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
ROWS_2021 = [
    ("一", "一、本年新收政府信息公开申请数量"),
    ("二", "二、上年结转政府信息公开申请数量"),
    ("三.一", "（一）予以公开"),
    ("三.二", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),
    ("三.三.1", "1.属于国家秘密"),
    ("三.三.2", "2.其他法律行政法规禁止公开"),
    ("三.三.3", "3.危及“三安全一稳定”"),
    ("三.三.4", "4.保护第三方合法权益"),
    ("三.三.5", "5.属于三类内部事务信息"),
    ("三.三.6", "6.属于四类过程性信息"),
    ("三.三.7", "7.属于行政执法案卷"),
    ("三.三.8", "8.属于行政查询事项"),
    ("三.四.1", "1.本机关不掌握相关政府信息"),
    ("三.四.2", "2.没有现成信息需要另行制作"),
    ("三.四.3", "3.补正后申请内容仍不明确"),
    ("三.五.1", "1.信访举报投诉类申请"),
    ("三.五.2", "2.重复申请"),
    ("三.五.3", "3.要求提供公开出版物"),
    ("三.五.4", "4.无正当理由大量反复申请"),
    ("三.五.5", "5.要求行政机关确认或重新出具已获取信息"),
    ("三.六.1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
    ("三.六.2", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请"),
    ("三.六.3", "3.其他"),
    ("三.七", "（七）总计"),
    ("四", "四、结转下年度继续办理"),
]
# A consistent year: 12 new (10 natural persons, 2 companies), 1 carried in, 12 handled, 1 carried out.
VALUES = {k: [0] * 6 for k, _ in ROWS_2021}
VALUES["一"] = [10, 2, 0, 0, 0, 0]
VALUES["二"] = [1, 0, 0, 0, 0, 0]
VALUES["三.一"] = [5, 1, 0, 0, 0, 0]
VALUES["三.二"] = [2, 0, 0, 0, 0, 0]
VALUES["三.三.4"] = [1, 0, 0, 0, 0, 0]
VALUES["三.四.1"] = [2, 1, 0, 0, 0, 0]
VALUES["三.七"] = [10, 2, 0, 0, 0, 0]
VALUES["四"] = [1, 0, 0, 0, 0, 0]
T4 = [1, 0, 0, 1, 2, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0]
T4_GROUPS = ["行政复议", "未经复议直接起诉", "复议后起诉"]
T4_COLS = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]


def row(k):
    v = VALUES[k]
    return v + [sum(v)]


def t3_expected():
    return {k: dict(zip(COLS, row(k))) for k, _ in ROWS_2021}


def t4_expected():
    return {g: dict(zip(T4_COLS, T4[i * 5 : i * 5 + 5])) for i, g in enumerate(T4_GROUPS)}


HEAD = "<html><head><meta charset='utf-8'><title>{title}</title></head><body><p>{title}</p>"
NARR = "<p>一、总体情况</p><p>本年度共收到政府信息公开申请12件，办结12件。</p>"
T2 = (
    "<p>二、主动公开政府信息情况</p><table border=1>"
    "<tr><td colspan=4>第二十条第（一）项</td></tr>"
    "<tr><td>信息内容</td><td>本年制发件数</td><td>本年废止件数</td><td>现行有效件数</td></tr>"
    "<tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr><tr><td>行政规范性文件</td><td>3</td><td>1</td><td>20</td></tr>"
    "<tr><td colspan=2>第二十条第（五）项</td></tr><tr><td>信息内容</td><td>本年处理决定数量</td></tr>"
    "<tr><td>行政许可</td><td>150</td></tr>"
    "<tr><td colspan=2>第二十条第（六）项</td></tr><tr><td>信息内容</td><td>本年处理决定数量</td></tr>"
    "<tr><td>行政处罚</td><td>7</td></tr><tr><td>行政强制</td><td>0</td></tr>"
    "<tr><td colspan=2>第二十条第（八）项</td></tr><tr><td>信息内容</td><td>本年收费金额（单位：万元）</td></tr>"
    "<tr><td>行政事业性收费</td><td>1.25</td></tr></table>"
)
T2_EXPECTED = {
    "第二十条第（一）项": {
        "规章": {"本年制发件数": 0, "本年废止件数": 0, "现行有效件数": 0},
        "行政规范性文件": {"本年制发件数": 3, "本年废止件数": 1, "现行有效件数": 20},
    },
    "第二十条第（五）项": {"行政许可": {"本年处理决定数量": 150}},
    "第二十条第（六）项": {
        "行政处罚": {"本年处理决定数量": 7},
        "行政强制": {"本年处理决定数量": 0},
    },
    "第二十条第（八）项": {"行政事业性收费": {"本年收费金额": 1.25}},
}
T4_HTML = (
    "<p>四、政府信息公开行政复议、行政诉讼情况</p><table border=1>"
    "<tr><td colspan=5 rowspan=2>行政复议</td><td colspan=10>行政诉讼</td></tr>"
    "<tr><td colspan=5>未经复议直接起诉</td><td colspan=5>复议后起诉</td></tr>"
    "<tr>" + "".join(f"<td>{c}</td>" for c in T4_COLS * 3) + "</tr>"
    "<tr>" + "".join(f"<td>{v}</td>" for v in T4) + "</tr></table>"
)
TAIL = "<p>五、存在的主要问题及改进情况</p><p>无。</p><p>六、其他需要报告的事项</p><p>无。</p></body></html>"


def t3_html(subtotal=False, extra_row=False, reword=None):
    org_head = "<td>法人或其他组织小计</td>" if subtotal else ""
    out = [
        "<p>三、收到和处理政府信息公开申请情况</p><table border=1>",
        "<tr><td>（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）</td><td>自然人</td>"
        + org_head
        + "".join(f"<td>{c}</td>" for c in COLS[1:])
        + "</tr>",
    ]
    for k, label in ROWS_2021:
        vals = row(k)
        if subtotal:
            vals = [vals[0], sum(vals[1:6])] + vals[1:]
        if reword and k in reword:
            label = reword[k]
        out.append(f"<tr><td>{label}</td>" + "".join(f"<td>{v}</td>" for v in vals) + "</tr>")
        if extra_row and k == "一":
            out.append(
                "<tr><td>其中：通过互联网提出申请</td>"
                + "".join(f"<td>{v}</td>" for v in [8, 1, 0, 0, 0, 0, 9])
                + "</tr>"
            )
    out.append("</table>")
    return "".join(out)


def page(title, **kw):
    return HEAD.format(title=title) + NARR + T2 + t3_html(**kw) + T4_HTML + TAIL


def expected(agency, extra=None):
    out = {
        "format": "2021",
        "year": 2025,
        "agency": agency,
        "t2": T2_EXPECTED,
        "t3": t3_expected(),
        "t4": t4_expected(),
        "max_severity": "warning",
    }
    out.update(extra or {})
    return out


def spaced_text(title, signature):
    """A copy where cells are separated by runs of spaces, the title names no agency,
    and the agency signs at the end."""
    out = [
        title,
        "",
        "一、总体情况",
        "本年度共收到政府信息公开申请12件，办结12件，结转下年度1件。",
        "二、主动公开政府信息情况",
    ]
    out += [
        "第二十条第（一）项",
        "信息内容  本年制发件数  本年废止件数  现行有效件数",
        "规章  0  0  0",
        "行政规范性文件  3  1  20",
    ]
    out += ["第二十条第（五）项", "信息内容  本年处理决定数量", "行政许可  150"]
    out += ["第二十条第（六）项", "信息内容  本年处理决定数量", "行政处罚  7", "行政强制  0"]
    out += ["第二十条第（八）项", "信息内容  本年收费金额（单位：万元）", "行政事业性收费  1.25"]
    out += [
        "三、收到和处理政府信息公开申请情况",
        "申请人情况  自然人  商业企业  科研机构  社会公益组织  法律服务机构  其他  总计",
    ]
    for k, label in ROWS_2021:
        out.append(label + "  " + "  ".join(str(v) for v in row(k)))
    out += [
        "四、政府信息公开行政复议、行政诉讼情况",
        "  ".join(T4_COLS * 3),
        "  ".join(str(v) for v in T4),
    ]
    out += [
        "五、存在的主要问题及改进情况",
        "无。",
        "六、其他需要报告的事项",
        "无。",
        "",
        *signature,
    ]
    return "\n".join(out) + "\n"


CASES = {
    "spaced-text-signed.txt": (
        spaced_text(
            "2025年度政府信息公开工作年度报告", ["龙华区住房和城乡建设局", "2026年1月20日"]
        ),
        expected(
            "龙华区住房和城乡建设局", {"published": "2026-01-20", "absent_rules": ["NARR-T3"]}
        ),
    ),
    "subtotal-column.html": (
        page("青山区教育局2025年政府信息公开工作年度报告", subtotal=True),
        expected("青山区教育局", {"findings": [{"rule": "READ-SUBTOTAL", "severity": "info"}]}),
    ),
    "provincial-extra-row.html": (
        page("白云区民政局2025年政府信息公开工作年度报告", extra_row=True),
        expected("白云区民政局", {"findings": [{"rule": "READ-EXTRA-ROW", "severity": "info"}]}),
    ),
    "reworded-labels.html": (
        page(
            "金水区卫生健康委员会2025年政府信息公开工作年度报告",
            reword={
                "三.四.1": "1.本机关不掌握相关的政府信息",
                "三.四.2": "2.没有现成信息需另行制作",
            },
        ),
        expected(
            "金水区卫生健康委员会", {"findings": [{"rule": "READ-LABEL", "severity": "info"}]}
        ),
    ),
}


def tab_copy(html_path: Path) -> str:
    """What a browser gives when a page is selected and copied as text: table cells
    separated by tabs, empty cells kept as empty fields."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html_path.read_text("utf-8"))
    lines = []
    for node in tree.body.iter():
        if node.tag == "table":
            for tr in node.css("tr"):
                lines.append(
                    "\t".join(
                        td.text(deep=True).replace("\xa0", " ").strip() for td in tr.css("td")
                    )
                )
        else:
            lines.append(node.text(deep=True))
    return "\n".join(lines)


def one_cell_per_line(text: str) -> str:
    """Text taken out of a PDF that puts every table cell on a line of its own."""
    return "\n".join(part for line in text.split("\n") for part in line.split("  ") if part)


CASES["vertical-cells.txt"] = (
    one_cell_per_line(
        spaced_text("2025年度政府信息公开工作年度报告", ["龙华区住房和城乡建设局", "2026年1月20日"])
    ),
    CASES["spaced-text-signed.txt"][1],
)

SAMPLES = HERE.parent / "samples"


def sample_expected(name, **extra):
    exp = json.loads((SAMPLES / (name + ".expected.json")).read_text("utf-8"))
    keep = {k: exp[k] for k in ("format", "year", "agency", "t2", "t3", "t4", "states") if k in exp}
    keep.update(extra)
    return keep


CASES["shanghai-tab-copy.txt"] = (
    tab_copy(SAMPLES / "2019_shanghai-general-office.html"),
    sample_expected("2019_shanghai-general-office.html", max_severity="warning"),
)

if __name__ == "__main__":
    for name, (data, exp) in CASES.items():
        (HERE / name).write_text(data, "utf-8")
        (HERE / (name + ".expected.json")).write_text(
            json.dumps(exp, ensure_ascii=False, indent=1), "utf-8"
        )
    print("written:", ", ".join(CASES))
