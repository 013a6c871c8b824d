"""WorkdaysError problems in Chinese, for the forms that show them.

The pure library speaks English (its messages go to logs and the command line); the
interface speaks Chinese. Each pattern below matches one problem the library raises;
anything unmatched is shown as the library wrote it, so nothing is hidden.
"""

from __future__ import annotations

import re

from gongkai.workdays import WorkdaysError

_D = r"(\d{4}-\d{2}-\d{2})"
PATTERNS: tuple[tuple[str, str], ...] = (
    # schedules
    (
        r"expected 'year', 'holiday' or 'workday', found '(.*)'",
        "无法识别“{0}”，每行应以 year、holiday（放假）或 workday（上班）开头",
    ),
    (r"expected a year such as 2027, found '(.*)'", "年份应为四位数字（如 2027），而不是“{0}”"),
    (r"year (\d+) already given on line (\d+)", "{0}年已在第{1}行给出"),
    (r"a 'year' line must come first", "请先写 year 行，再列出日期"),
    (_D + r" already listed on line (\d+)", "{0}已在第{1}行列出"),
    (r"no 'year' line: the file holds no schedule", "没有 year 行，未找到任何年度安排"),
    (
        r"expected a date or a range such as .*, found '(.*)'",
        "应为日期或日期范围（如 2027-02-06..2027-02-14），而不是“{0}”",
    ),
    (r"range ends \((.*)\) before it starts \((.*)\)", "日期范围的结束日{0}早于开始日{1}"),
    (
        r"range of (\d+) days is longer than (\d+): check the dates",
        "日期范围长达{0}天，超过{1}天，请核对",
    ),
    (r"expected a date as YYYY-MM-DD, found '(.*)'", "日期应写作 YYYY-MM-DD，而不是“{0}”"),
    (r"(.*) is not a valid date", "{0}不是有效日期"),
    (r"no holidays listed for (\d+)", "{0}年没有列出任何放假日期"),
    (
        _D + r" is not in (\d+) \(nor in the December before it\)",
        "{0}不在{1}年（也不在其前一年12月）",
    ),
    (
        _D + r" is a \w+, a working day anyway; list only make-up working weekend days",
        "{0}本来就是工作日，上班日只需列出调休上班的周六、周日",
    ),
    (_D + r" is listed both as holiday and as workday", "{0}同时被列为放假和上班"),
    (r"year (\d+) is already given by (.*)", "{0}年的安排重复"),
    # the application clock
    (r"before the application was received on " + _D, "早于收到申请日期{0}"),
    (r"dated before the previous event \(" + _D + r"\).*", "早于上一个办理环节的日期{0}"),
    (
        r"the clock is stopped awaiting the corrected application \(asked " + _D + r"\)",
        "正在等待申请人补正（{0}告知补正），收到补正前不能进行其他环节",
    ),
    (
        r"a correction was already requested on " + _D + r".*",
        "已于{0}告知补正，补正应一次性告知（条例第三十条）",
    ),
    (
        r"a correction must be requested before any consultation or extension",
        "已征求意见或延期，不能再告知补正",
    ),
    (
        r"later than (\d+) working days after receipt \(the last day was " + _D + r".*",
        "超过收到申请后{0}个工作日（最后一日为{1}），不能再告知补正（条例第三十条）",
    ),
    (r"no correction was requested", "尚未告知补正"),
    (r"the corrected application was already received on " + _D, "已于{0}收到补正后的申请"),
    (
        r"after the deadline " + _D + r" had passed; nothing is left to pause",
        "答复期限{0}已过，不能再暂停计时",
    ),
    (r"no consultation is in progress", "没有正在进行的征求意见"),
    (r"no fee notice is awaiting payment", "没有待缴费的收费通知"),
    (r"a fee notice of " + _D + r" is still unpaid", "{0}发出的收费通知尚未缴费"),
    (
        r"the application was already extended on " + _D + r".*",
        "已于{0}延长答复期限，只能延长一次（条例第三十三条）",
    ),
    (r"an extension is 1 to (\d+) working days, not (.*)", "延长期限应为1至{0}个工作日，而不是{1}"),
    (r"decided after the deadline " + _D + r" had passed", "答复期限{0}已过，不能再延长"),
    (r"(.*) is outside the years the calendar counts", "{0}超出了日历可计算的年份"),
)
_COMPILED = tuple((re.compile(p + r"$"), zh) for p, zh in PATTERNS)


def problem_zh(problem: str) -> str:
    for pattern, zh in _COMPILED:
        found = pattern.match(problem)
        if found:
            return zh.format(*found.groups())
    return problem


def explain(error: WorkdaysError) -> str:
    """The error in Chinese: the line when known, then the problem."""
    text = problem_zh(error.problem)
    if error.line is not None:
        return f"第{error.line}行：{text}"
    return text
