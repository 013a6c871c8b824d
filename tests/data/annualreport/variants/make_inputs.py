"""Writes the layout-variant inputs of this folder from the real samples, with their expected results.

Run once by hand (`.venv/bin/python tests/data/annualreport/variants/make_inputs.py`); the
files are committed. Each input is a 2021-format sample whose table 三 prints （六）其他处理
the 2019 way, as one row: the three rows 1.-3. are replaced by one row holding their sums.
The expected results come from the samples' expected files (written by eye) and those sums;
the reader is not used.
"""

import json
import re
from pathlib import Path

HERE = Path(__file__).parent
SAMPLES = HERE.parent / "samples"
COLS = ["自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计"]
SUBROWS = ["三.六.1", "三.六.2", "三.六.3"]


def sums(expected: dict) -> list[int]:
    return [sum(expected["t3"][r][c] for r in SUBROWS) for c in COLS]


def expected_for(sample: str, sources: str) -> dict:
    exp = json.loads((SAMPLES / f"{sample}.expected.json").read_text("utf-8"))
    t3 = dict(exp["t3"])
    t3["三.六"] = dict(zip(COLS, sums(exp), strict=True))
    for r in SUBROWS:
        t3[r] = dict.fromkeys(COLS)
    out = {k: exp[k] for k in ("format", "year", "agency") if k in exp}
    out.update(
        {
            "_source": sources,
            "t3": t3,
            "t4": exp["t4"],
            "states": {f"t3/{r}/{c}": "unreadable" for r in SUBROWS for c in COLS},
            "findings": [{"rule": "READ-VARIANT", "severity": "info"}],
            "absent_rules": ["T3-RESULT-SUM", "T3-ROW-SUM", "T3-BALANCE", "READ-EXTRA-ROW"],
            "max_severity": "warning",
        }
    )
    return out


def page() -> None:
    """The Word-made HTML page: the three <tr> of （六） become one."""
    name = "2021_pingtan_page.html"
    html = (SAMPLES / name).read_text("utf-8")
    at = html.index("（六）其他处理")
    start = html.rindex("<tr", 0, at)
    end = start
    for _ in range(3):
        end = html.index("</tr>", end) + len("</tr>")
    rows = re.findall(r"<tr.*?</tr>", html[start:end], re.S)
    assert len(rows) == 3
    tds = re.findall(r"<td.*?</td>", rows[0], re.S)
    label, values = tds[0], tds[-7:]
    total = sums(json.loads((SAMPLES / f"{name}.expected.json").read_text("utf-8")))
    label = label.replace('rowspan="3"', 'colspan="2"')
    values = [re.sub(r">\d+<", f">{v}<", td, count=1) for td, v in zip(values, total, strict=True)]
    row = rows[0][: rows[0].index("<td")] + label + "".join(values) + "</tr>"
    out = html[:start] + row + html[end:]
    (HERE / "2021_pingtan_page_one-other-row.html").write_text(out, "utf-8")
    exp = expected_for(name, f"samples/{name}: the rows of （六）其他处理 replaced by one row")
    _write(HERE / "2021_pingtan_page_one-other-row.html.expected.json", exp)


def text() -> None:
    """The crawler text copy: the run-together rows of （六） become one run."""
    name = "2022_pingtan.txt"
    data = (SAMPLES / name).read_text("utf-8")
    start = data.index("（六）其他处理")
    end = data.index("（七）总计", start)
    total = sums(json.loads((SAMPLES / f"{name}.expected.json").read_text("utf-8")))
    out = data[:start] + "（六）其他处理 " + "".join(str(v) for v in total) + data[end:]
    (HERE / "2022_pingtan_one-other-row.txt").write_text(out, "utf-8")
    exp = expected_for(name, f"samples/{name}: the rows of （六）其他处理 replaced by one run")
    _write(HERE / "2022_pingtan_one-other-row.txt.expected.json", exp)


def _write(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")


if __name__ == "__main__":
    page()
    text()
