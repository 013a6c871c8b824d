"""Writes the page-furniture inputs of this folder from the real samples, with their expected results.

Run once by hand (`.venv/bin/python tests/data/annualreport/noise/make_inputs.py`); the
files are committed. Each input is a sample with what a copy of a PDF carries where a
page ends, put inside its tables: page numbers (`— 3 —`, `-2-`, `第 4 页 共 6 页`, a bare
number beside a form feed) and a running header repeated on every page. The expected
results are the sample's expected file (written by eye): the furniture changes nothing.
"""

import json
from pathlib import Path

HERE = Path(__file__).parent
SAMPLES = HERE.parent / "samples"


def _insert(text: str, anchor: str, what: str, nth: int = 1) -> str:
    at = -1
    for _ in range(nth):
        at = text.index(anchor, at + 1)
    return text[:at] + what + text[at:]


def _expected(sample: str, note: str) -> dict:
    exp = json.loads((SAMPLES / f"{sample}.expected.json").read_text("utf-8"))
    out = {k: v for k, v in exp.items() if not k.startswith("_")}
    out["_source"] = note
    out.setdefault("findings", []).append({"rule": "READ-NOISE", "severity": "info"})
    return out


def science() -> None:
    """Text taken out of a PDF: form feeds, dashed page numbers and a running header."""
    name = "2024_shanghai-science-commission.md"
    text = (SAMPLES / name).read_text("utf-8")
    header = "上海市科学技术委员会2024年政府信息公开工作年度报告\n"
    text = _insert(text, "第二十条第（六）项", "\n— 5 —\n\f" + header)
    text = _insert(text, "| 3.危及“三安全一稳定”", "— 6 —\n\f" + header)
    # a row broken by the page: its first cells, the page's end, the rest of its cells
    row = "| 7.属于行政执法案卷 | 0 | 0 | 0 | 0 | 0 | 0 | 0 |"
    text = text.replace(
        row, "| 7.属于行政执法案卷 | 0 | 0 | 0 |\n- 6 -\n\f" + header + "| 0 | 0 | 0 | 0 |"
    )
    text = _insert(text, "（七）总计", "- 7 -\n\f" + header)
    text = _insert(text, "\n（一）主要问题", "\n8\n\f" + header)
    out = HERE / "2024_shanghai-science-commission_page-breaks.md"
    out.write_text(text, "utf-8")
    exp = _expected(name, f"samples/{name} with page numbers and headers inside tables 二 and 三")
    (HERE / f"{out.name}.expected.json").write_text(
        json.dumps(exp, ensure_ascii=False, indent=1) + "\n", "utf-8"
    )


def seed() -> None:
    """A tab-separated copy: page numbers on lines of their own between table rows."""
    name = "2020_xigong-culture-tourism-bureau.txt"
    text = (SAMPLES / name).read_text("utf-8")
    text = _insert(text, "\t\t5.属于三类内部事务信息", "-3-\n")
    # a row broken by the page, with the report's title as the running header
    row = "\t\t7.属于行政执法案卷\t\t0\t0\t0\t0\t0\t0\t0"
    header = "西工区文化旅游局2020年政府信息公开工作年度报告"
    broken = "\t\t7.属于行政执法案卷\t\t0\t0\t0\n- 4 -\n\f" + header + "\n0\t0\t0\t0"
    text = text.replace(row, broken)
    text = _insert(text, "四、政府信息公开行政复议", "- 5 -\n\f" + header + "\n")
    text = _insert(text, "四、结转下年度继续办理", "第 4 页 共 6 页\n")
    text = _insert(text, "\n0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0\t0", "\n— 5 —")
    out = HERE / "2020_xigong-culture-tourism-bureau_page-numbers.txt"
    out.write_text(text, "utf-8")
    exp = _expected(name, f"samples/{name} with page numbers inside tables 三 and 四")
    (HERE / f"{out.name}.expected.json").write_text(
        json.dumps(exp, ensure_ascii=False, indent=1) + "\n", "utf-8"
    )


if __name__ == "__main__":
    science()
    seed()
