"""Make the Word test inputs of tests/data/annualreport/docx/ from the real samples.

    .venv/bin/python scripts/make_docx_inputs.py [--out DIR]

Each sample is converted by LibreOffice (`libreoffice-writer-nogui`, a test tool,
not a runtime dependency) exactly as an office would save a web page as Word:
HTML samples as they are; tab-separated text copies first wrapped as HTML, each run
of tab-separated lines becoming one table (the empty cells a text copy adds between
a label and its numbers are layout, not blank cells, and are left out). Each input
gets the sample's expected file, since the same report must read the same, except
where the text copy lost a cell (`LOST`): the Word table then has a blank cell there.
"""

from __future__ import annotations

import argparse
import html
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "data" / "annualreport" / "samples"
OUT = ROOT / "tests" / "data" / "annualreport" / "docx"

# Sample file -> name of the Word input made from it.
INPUTS = {
    "2019_shanghai-general-office.html": "2019_shanghai-general-office.docx",
    "2021_pingtan_page.html": "2021_pingtan_page.docx",
    "2020_xigong-culture-tourism-bureau.txt": "2020_xigong-culture-tourism-bureau.docx",
}

# Cells a text copy lost (its row is one cell short), so that the Word table made from
# it has a blank cell where the text reader recovered the value by arithmetic.
LOST = {
    "2020_xigong-culture-tourism-bureau.txt": ["t3/三.四.1/总计"],
}


def wrap_text(text: str) -> str:
    """A tab-separated text copy of a page as HTML: tables for the tab lines."""
    out = ['<html><head><meta charset="utf-8"></head><body>']
    in_table = False
    lines = text.splitlines()
    for i, raw in enumerate(lines):
        if in_table and not raw.strip():
            following = next((x for x in lines[i + 1 :] if x.strip()), "")
            if "\t" in following:
                continue  # a blank line inside a table of the page
        if "\t" in raw:
            if not in_table:
                out.append('<table border="1" cellspacing="0">')
                in_table = True
            cells = [c.strip() for c in raw.split("\t") if c.strip()]
            out.append("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in cells) + "</tr>")
            continue
        if in_table:
            out.append("</table>")
            in_table = False
        if raw.strip():
            out.append(f"<p>{html.escape(raw.strip())}</p>")
    if in_table:
        out.append("</table>")
    out.append("</body></html>")
    return "\n".join(out)


def convert(sample: Path, target: Path, work: Path) -> None:
    if sample.suffix in (".html", ".htm"):
        source = work / (target.stem + ".html")
        shutil.copyfile(sample, source)
    else:
        source = work / (target.stem + ".html")
        source.write_text(wrap_text(sample.read_text("utf-8")), "utf-8")
    subprocess.run(
        [
            "libreoffice",
            "--headless",
            "--infilter=HTML (StarWriter)",
            "--convert-to",
            "docx:MS Word 2007 XML",
            "--outdir",
            str(work),
            str(source),
        ],
        check=True,
        capture_output=True,
    )
    shutil.copyfile(work / (target.stem + ".docx"), target)


def handmade(target: Path) -> None:
    """A small 2021 report typed in Word (python-docx, not our writer): table 三 with
    vertically merged label cells (三、本年度办理结果 over every result row, each
    （三）…（六） over its sub-rows) and a blank numeric cell, to pin down how merged
    cells read. Its expected file is written by hand beside it."""
    from docx import Document  # python-docx, a dependency of the library

    doc = Document()
    doc.core_properties.title = "样例县统计局2023年政府信息公开工作年度报告"
    doc.add_paragraph("样例县统计局2023年政府信息公开工作年度报告")
    doc.add_paragraph("一、总体情况")
    doc.add_paragraph("2023年，本局依法做好政府信息公开工作。")
    doc.add_paragraph("二、主动公开政府信息情况")
    t2 = doc.add_table(rows=0, cols=4)
    t2.style = "Table Grid"
    blocks = [
        (
            "第二十条第（一）项",
            ["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
            [["规章", "0", "0", "0"], ["行政规范性文件", "3", "1", "12"]],
        ),
        ("第二十条第（五）项", ["信息内容", "本年处理决定数量"], [["行政许可", "41"]]),
        (
            "第二十条第（六）项",
            ["信息内容", "本年处理决定数量"],
            [["行政处罚", "17"], ["行政强制", "2"]],
        ),
        (
            "第二十条第（八）项",
            ["信息内容", "本年收费金额（单位：万元）"],
            [["行政事业性收费", "1.5"]],
        ),
    ]
    for title, head, rows in blocks:
        cells = t2.add_row().cells
        cells[0].merge(cells[3]).text = title
        for values in [head, *rows]:
            cells = t2.add_row().cells
            cells[0].text = values[0]
            if len(values) == 2:
                cells[1].merge(cells[3]).text = values[1]
            else:
                for i, v in enumerate(values[1:], start=1):
                    cells[i].text = v
    doc.add_paragraph("三、收到和处理政府信息公开申请情况")
    labels: list[tuple[str, str, str]] = [
        ("一、本年新收政府信息公开申请数量", "", ""),
        ("二、上年结转政府信息公开申请数量", "", ""),
    ]
    labels += [
        ("三、本年度办理结果", "（一）予以公开", ""),
        ("三、本年度办理结果", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ""),
    ]
    groups = {
        "（三）不予公开": [
            "1.属于国家秘密",
            "2.其他法律行政法规禁止公开",
            "3.危及“三安全一稳定”",
            "4.保护第三方合法权益",
            "5.属于三类内部事务信息",
            "6.属于四类过程性信息",
            "7.属于行政执法案卷",
            "8.属于行政查询事项",
        ],
        "（四）无法提供": [
            "1.本机关不掌握相关政府信息",
            "2.没有现成信息需要另行制作",
            "3.补正后申请内容仍不明确",
        ],
        "（五）不予处理": [
            "1.信访举报投诉类申请",
            "2.重复申请",
            "3.要求提供公开出版物",
            "4.无正当理由大量反复申请",
            "5.要求行政机关确认或重新出具已获取信息",
        ],
        "（六）其他处理": [
            "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
            "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            "3.其他",
        ],
    }
    for group, subs in groups.items():
        labels += [("三、本年度办理结果", group, sub) for sub in subs]
    labels += [("三、本年度办理结果", "（七）总计", ""), ("四、结转下年度继续办理", "", "")]
    # 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计; "" is a blank cell.
    values = {
        "一、本年新收政府信息公开申请数量": ["20", "3", "0", "0", "1", "0", "24"],
        "二、上年结转政府信息公开申请数量": ["2", "0", "0", "0", "0", "0", "2"],
        "（一）予以公开": ["9", "1", "0", "0", "0", "0", "10"],
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": [
            "3",
            "0",
            "0",
            "0",
            "1",
            "0",
            "4",
        ],
        "4.保护第三方合法权益": ["1", "1", "0", "", "0", "0", "2"],
        "1.本机关不掌握相关政府信息": ["5", "1", "0", "0", "0", "0", "6"],
        "2.重复申请": ["2", "0", "0", "0", "0", "0", "2"],
        "（七）总计": ["20", "3", "0", "0", "1", "0", "24"],
        "四、结转下年度继续办理": ["2", "0", "0", "0", "0", "0", "2"],
    }
    t3 = doc.add_table(rows=3 + len(labels), cols=10)
    t3.style = "Table Grid"
    t3.cell(0, 0).merge(
        t3.cell(2, 2)
    ).text = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
    t3.cell(0, 3).merge(t3.cell(0, 9)).text = "申请人情况"
    t3.cell(1, 3).merge(t3.cell(2, 3)).text = "自然人"
    t3.cell(1, 4).merge(t3.cell(1, 8)).text = "法人或其他组织"
    t3.cell(1, 9).merge(t3.cell(2, 9)).text = "总计"
    for i, name in enumerate(["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]):
        t3.cell(2, 4 + i).text = name
    first: dict[str, int] = {}
    for r, (top, mid, sub) in enumerate(labels, start=3):
        if not mid:
            t3.cell(r, 0).merge(t3.cell(r, 2)).text = top
        else:
            first.setdefault(top, r)
            if sub:
                first.setdefault(mid, r)
                t3.cell(r, 2).text = sub
            else:
                t3.cell(r, 1).merge(t3.cell(r, 2)).text = mid
        row_values = values.get(sub or mid or top, ["0"] * 6 + ["0"])
        for i, v in enumerate(row_values):
            t3.cell(r, 3 + i).text = v
    # Vertical merges, made after the rows are filled: the label stays in the top cell.
    for label, start in first.items():
        end = max(r for r, lab in enumerate(labels, start=3) if label in lab)
        col = 0 if label.startswith("三、") else 1
        t3.cell(start, col).merge(t3.cell(end, col)).text = label
    doc.add_paragraph("四、政府信息公开行政复议、行政诉讼情况")
    t4 = doc.add_table(rows=4, cols=15)
    t4.style = "Table Grid"
    t4.cell(0, 0).merge(t4.cell(1, 4)).text = "行政复议"
    t4.cell(0, 5).merge(t4.cell(0, 14)).text = "行政诉讼"
    t4.cell(1, 5).merge(t4.cell(1, 9)).text = "未经复议直接起诉"
    t4.cell(1, 10).merge(t4.cell(1, 14)).text = "复议后起诉"
    for g in range(3):
        for i, name in enumerate(["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"]):
            t4.cell(2, g * 5 + i).text = name
    for i, v in enumerate(
        ["1", "0", "0", "1", "2", "0", "0", "0", "0", "0", "1", "0", "0", "0", "1"]
    ):
        t4.cell(3, i).text = v
    doc.add_paragraph("五、存在的主要问题及改进情况")
    doc.add_paragraph("信息公开的及时性有待提高，下一步将加强审核。")
    doc.add_paragraph("六、其他需要报告的事项")
    doc.add_paragraph("本年度未收取信息处理费。")
    doc.save(str(target))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    handmade(args.out / "2023_handmade-merged-labels.docx")
    if shutil.which("libreoffice") is None:
        print(
            "libreoffice is missing: apt-get install -y libreoffice-writer-nogui", file=sys.stderr
        )
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        for name, target in INPUTS.items():
            sample = SAMPLES / name
            convert(sample, args.out / target, Path(tmp))
            expected = json.loads((SAMPLES / (name + ".expected.json")).read_text("utf-8"))
            for cell_id in LOST.get(name, []):
                table, row, column = cell_id.split("/")
                expected[table][row][column] = None
                expected.setdefault("states", {})[cell_id] = "blank"
            (args.out / (target + ".expected.json")).write_text(
                json.dumps(expected, ensure_ascii=False, indent=1) + "\n", "utf-8"
            )
            print(f"{name} -> {args.out / target}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
