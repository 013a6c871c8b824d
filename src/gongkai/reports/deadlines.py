"""The report's deadline (条例第四十九条) and the countdown the back office shows.

Departments (and every agency that is not a people's government) submit and publish
by 31 January of the following year; a people's government publishes its own report
by 31 March. The deadline is a calendar date, not a count of working days.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from gongkai.agencies.models import Agency

COUNTDOWN_FROM_MONTH = 12  # the countdown starts on 1 December of the report year


def due_date(agency: Agency, year: int) -> date:
    if agency.kind == Agency.Kind.GOVERNMENT:
        return date(year + 1, 3, 31)
    return date(year + 1, 1, 31)


def report_year(today: date) -> int:
    """The report year staff are working on: this year from December, else last year."""
    return today.year if today.month >= COUNTDOWN_FROM_MONTH else today.year - 1


def day_zh(d: date) -> str:
    """A date as Chinese text: 2026年1月31日."""
    return f"{d.year}年{d.month}月{d.day}日"


@dataclass(frozen=True)
class Countdown:
    due: date
    days_left: int  # negative once the deadline has passed
    submitted_on: date | None = None

    @property
    def submitted(self) -> bool:
        return self.submitted_on is not None

    @property
    def overdue(self) -> bool:
        if self.submitted_on is not None:
            return self.submitted_on > self.due
        return self.days_left < 0

    @property
    def text(self) -> str:
        due = day_zh(self.due)
        if self.submitted_on is not None:
            late = (self.submitted_on - self.due).days
            when = "按时" if late <= 0 else f"逾期{late}天"
            return f"已于{day_zh(self.submitted_on)}报送（{when}）"
        if self.days_left > 0:
            return f"距报送截止（{due}）还有 {self.days_left} 天"
        if self.days_left == 0:
            return f"今天（{due}）是报送截止日"
        return f"已超过报送截止日期（{due}）{-self.days_left} 天"


def countdown(
    agency: Agency, year: int, today: date, *, submitted_on: date | None = None
) -> Countdown | None:
    """The countdown to show on `today` (None before 1 December of the report year), or
    once submitted, when and whether on time."""
    due = due_date(agency, year)
    if submitted_on is None and today < date(year, COUNTDOWN_FROM_MONTH, 1):
        return None
    return Countdown(due, (due - today).days, submitted_on)
