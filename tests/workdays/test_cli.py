"""`gongkai deadline` through gongkai.cli.main, as a user runs it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from gongkai.cli import main

from .conftest import DATA

CRAFTED_2027 = str(DATA / "schedules" / "2027-crafted.txt")


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", "2025-09-26", "--days", "5"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "2025-10-10",
        "  自2025-09-26起计5个工作日（当日不计入）",
        "  截止日期：2025-10-10（星期五）",
    ]


def test_default_is_twenty_days(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", "2026-12-03"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "2026-12-31"


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", "2026-12-03", "--days", "21", "--format", "json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["due"] == "2027-01-01"
    assert out["provisional"] is True
    assert out["provisional_years"] == [2027]
    assert out["steps"] == [
        "自2026-12-03起计21个工作日（当日不计入）",
        "2027年节假日安排尚未载入，按周六、周日休息推算，结果为暂定",
        "截止日期：2027-01-01（星期五）",
    ]


def test_provisional_mark_in_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", "2026-12-03", "--days", "21"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "2027-01-01（暂定）"


def test_schedule_file_makes_2027_exact(capsys: pytest.CaptureFixture[str]) -> None:
    argv = [
        "deadline",
        "2026-12-03",
        "--days",
        "21",
        "--format",
        "json",
        "--schedule",
        CRAFTED_2027,
    ]
    assert main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert (out["due"], out["provisional"]) == ("2027-01-04", False)


def test_count_first_day(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", "2025-09-28", "--days", "1", "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["due"] == "2025-09-29"
    argv = ["deadline", "2025-09-28", "--days", "1", "--format", "json", "--count-first-day"]
    assert main(argv) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["due"] == "2025-09-28"
    assert out["steps"][0] == "自2025-09-28起计1个工作日（当日计为第1日）"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-02-30", "RECEIVED: 2026-02-30 is not a valid date"),
        ("2026/03/01", "RECEIVED: expected a date as YYYY-MM-DD, found '2026/03/01'"),
        ("tomorrow", "RECEIVED: expected a date as YYYY-MM-DD, found 'tomorrow'"),
    ],
)
def test_bad_dates_exit_2(value: str, message: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["deadline", value]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.strip() == f"gongkai deadline: error: {message}"


def test_bad_days_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["deadline", "2026-03-02", "--days", "0"])
    assert caught.value.code == 2
    assert "argument --days: must be at least 1, not 0" in capsys.readouterr().err


def test_bad_schedule_file_names_the_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "2027.txt"
    bad.write_text("year 2027\nholiday 2027-01-01\nworkday 2027-02-10\n", encoding="utf-8")
    assert main(["deadline", "2026-12-03", "--schedule", str(bad)]) == 2
    err = capsys.readouterr().err
    assert f"{bad}, line 3: 2027-02-10 is a Wednesday" in err
