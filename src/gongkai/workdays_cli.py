"""``gongkai deadline``: the due date of a period of working days, with its explanation."""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import date
from typing import Any

from gongkai.workdays import (
    ANSWER_DAYS,
    WorkdaysError,
    WorkingCalendar,
    YearSchedule,
    load_schedules,
)

EXIT_BAD_INPUT = 2


def register(subparsers: Any) -> None:
    """Add the ``deadline`` subcommand to the ``gongkai`` parser."""
    parser = subparsers.add_parser(
        "deadline",
        help="due date of N working days from a date (答复期限)",
        description=(
            "Print the due date of a period of working days counted from RECEIVED on the "
            "Chinese holiday calendar, and how it was counted. By default the day of receipt "
            "is not counted. Years without a holiday schedule are counted with weekends only "
            "and the result is marked provisional (暂定)."
        ),
    )
    parser.add_argument("received", metavar="RECEIVED", help="date of receipt, YYYY-MM-DD")
    parser.add_argument(
        "--days",
        type=_positive_int,
        default=ANSWER_DAYS,
        help=f"working days in the period (default {ANSWER_DAYS})",
    )
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument(
        "--count-first-day",
        action="store_true",
        help="count the day of receipt as day 1 when it is a working day",
    )
    parser.add_argument(
        "--schedule",
        action="append",
        default=[],
        metavar="FILE",
        help="a holiday schedule file for a year the built-in calendar lacks (repeatable)",
    )
    parser.set_defaults(func=run)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, found {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def parse_date(text: str) -> date:
    """``YYYY-MM-DD`` as a date; raises :class:`WorkdaysError` saying what was wrong."""
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text.strip()):
        raise WorkdaysError("RECEIVED", f"expected a date as YYYY-MM-DD, found {text!r}")
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise WorkdaysError("RECEIVED", f"{text.strip()} is not a valid date") from None


def run(args: argparse.Namespace) -> int:
    try:
        received = parse_date(args.received)
        schedules: list[YearSchedule] = []
        for path in args.schedule:
            schedules.extend(load_schedules(path))
        calendar = WorkingCalendar(schedules)
        deadline = calendar.add_working_days(
            received, args.days, count_first_day=args.count_first_day
        )
    except WorkdaysError as exc:
        print(f"gongkai deadline: error: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.format == "json":
        out = {
            "received": received.isoformat(),
            "days": args.days,
            "count_first_day": args.count_first_day,
            "due": deadline.due.isoformat(),
            "provisional": deadline.provisional,
            "provisional_years": list(deadline.provisional_years),
            "steps": list(deadline.steps),
            "steps_en": list(deadline.steps_en),
        }
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        mark = "（暂定）" if deadline.provisional else ""
        print(f"{deadline.due}{mark}")
        for step in deadline.steps:
            print(f"  {step}")
    return 0
