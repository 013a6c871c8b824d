"""The report tools on the command line: check, extract, render."""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gongkai import annualreport as ar
from gongkai.cli import main

from .expected import DATA

SAMPLES = DATA / "samples"
SEED = SAMPLES / "2020_xigong-culture-tourism-bureau.txt"
OLD = SAMPLES / "2018_pingtan_pre2019-layout.txt"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_check_the_seed_reports_warnings_and_no_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(SEED))
    assert code == 0
    assert "西工区文化旅游局 · 2020年度 · 2019年版" in out
    assert "错误0条" in out
    assert "[警告] 正文称“行政许可84项”" in out and "[NARR-T2]" in out
    assert "自称“我镇”" in out and "[SELF-REFERENCE]" in out
    assert "单元格 cells: t2/第二十条第（五）项/行政许可/处理决定数量" in out


def test_check_json_lines_follow_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(SEED), "--format", "json")
    assert code == 0
    (line,) = out.splitlines()
    data = json.loads(line)
    assert (
        data["format"] == "2019" and data["year"] == 2020 and data["agency"] == "西工区文化旅游局"
    )
    assert data["tables"]["t3"]["三.七"]["总计"] == 0
    assert data["tables"]["t4"]["行政复议"]["总计"] == 0
    assert data["tables"]["t2"]["第二十条第（五）项"]["行政许可"]["处理决定数量"] == 20
    rules = {f["rule"] for f in data["findings"]}
    assert {"NARR-T2", "SELF-REFERENCE"} <= rules
    assert all(set(f) >= {"rule", "severity", "message", "cells"} for f in data["findings"])


def test_check_refuses_the_old_layout_with_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", str(OLD))
    assert code == 2
    assert "无法读取" in out and "2019年以前的旧版格式" in out


def test_check_a_folder_checks_every_file_and_exit_2_wins(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    shutil.copy(SEED, nested / SEED.name)
    shutil.copy(OLD, tmp_path / OLD.name)
    broken = (SAMPLES / "2021_pingtan_page.html").read_text("utf-8").replace(">22<", ">21<")
    (tmp_path / "a" / "broken.html").write_text(broken, "utf-8")
    code, out, _ = run(capsys, "check", str(tmp_path), "--format", "json")
    records = [json.loads(line) for line in out.splitlines()]
    assert len(records) == 3
    assert code == 2
    by_name = {Path(r["source"]).name: r for r in records}
    assert "error" in by_name[OLD.name]
    assert any(f["severity"] == "error" for f in by_name["broken.html"]["findings"])


def test_check_exit_1_on_an_error_finding(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = (SAMPLES / "2021_pingtan_page.html").read_text("utf-8").replace(">22<", ">21<")
    path = tmp_path / "broken.html"
    path.write_text(broken, "utf-8")
    code, out, _ = run(capsys, "check", str(path))
    assert code == 1
    assert "[错误]" in out and "[T3-ROW-SUM]" in out


def test_check_with_previous_year(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys,
        "check",
        str(SAMPLES / "2022_pingtan.txt"),
        "--previous",
        str(SAMPLES / "2021_pingtan.txt"),
        "--format",
        "json",
    )
    data = json.loads(out)
    assert code == 0
    assert not [
        f for f in data["findings"] if f["rule"] == "XY-CARRYOVER" and f["severity"] == "error"
    ]


def test_list_rules(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "check", "--list-rules")
    assert code == 0
    for rule in ar.RULES:
        assert rule.id in out


@pytest.mark.parametrize("suffix", [".csv", ".xlsx", ".jsonl"])
def test_extract_every_report_into_one_table(
    tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / f"tables{suffix}"
    code, _, err = run(
        capsys, "extract", str(SAMPLES), "-o", str(out), "--jobs", "2", "--no-progress"
    )
    assert code == 2  # the pre-2019 report fails, and is listed
    assert "2018_pingtan_pre2019-layout.txt" in err
    if suffix == ".csv":
        rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    elif suffix == ".jsonl":
        rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    else:
        sheet = load_workbook(out, read_only=True).active
        values = list(sheet.values)
        rows = [dict(zip(values[0], r)) for r in values[1:]]
    assert len(rows) == 7
    by_name = {Path(str(r["source"])).name: r for r in rows}
    assert by_name[OLD.name]["status"] == "error"
    seed = by_name[SEED.name]
    assert seed["status"] == "ok" and str(seed["year"]) == "2020"
    assert str(seed["t2/第二十条第（五）项/行政许可/处理决定数量"]) == "20"
    pingtan = by_name["2021_pingtan_page.html"]
    assert str(pingtan["t3/一/总计"]) == "70"
    assert "NARR-T2" in str(seed["rules"])


def test_render_between_forms(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    for suffix in (".json", ".txt", ".html", ".docx", ".xlsx"):
        out = tmp_path / f"seed{suffix}"
        code, _, _ = run(capsys, "render", str(SEED), "-o", str(out))
        assert code == 0 and out.stat().st_size > 0
    back = ar.read(tmp_path / "seed.docx")
    assert back.value("t2/第二十条第（五）项/行政许可/处理决定数量") == 20


def test_render_refuses_an_unknown_form(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "render", str(SEED), "-o", str(tmp_path / "x.rtf"))
    assert code == 2 and "不支持的输出格式" in err
    assert not (tmp_path / "x.rtf").exists()


def _cut_inside_table_3(tmp_path: Path) -> Path:
    text = SEED.read_text("utf-8")
    cut = tmp_path / "cut.txt"
    cut.write_text(text[: text.index("3.要求提供公开出版物")], "utf-8")
    return cut


def test_a_report_cut_off_inside_table_3_exits_2(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    cut = _cut_inside_table_3(tmp_path)
    code, out, _ = run(capsys, "check", str(cut))
    assert code == 2
    assert out.count("[READ-TRUNCATED]") == 1 and "READ-MISSING" not in out
    assert "“2.重复申请”行之后中断" in out and "表四" in out
    code, out, _ = run(capsys, "check", str(cut), "--partial")
    assert code == 0 and "[READ-TRUNCATED]" in out


def test_check_starts_without_the_other_commands() -> None:
    """A `gongkai check` process imports only the report tools (a batch of many small
    runs pays each start), while `gongkai --help` still lists every command."""
    import subprocess
    import sys

    probe = (
        "import sys\nfrom gongkai.cli import main\n"
        f"code = main(['check', {str(DATA / 'samples' / '2022_pingtan.txt')!r}])\n"
        "print(code, sorted(m for m in sys.modules if m.startswith(('gongkai.screening',"
        " 'gongkai.workdays', 'django'))), file=sys.stderr)\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert done.stderr.strip().splitlines()[-1] == "0 []"
    listing = subprocess.run(
        [sys.executable, "-m", "gongkai.cli", "--help"], capture_output=True, text=True
    ).stdout
    assert "check" in listing and "deadline" in listing and "serve" in listing
