"""The statutory clock of an application (依申请公开): correction, consultation, extension."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from ._calendar import (
    Explained,
    Span,
    Step,
    WorkingCalendar,
    count_step,
    due_step,
    provisional_steps,
)
from ._schedule import WorkdaysError

ANSWER_DAYS = 20  # 第三十三条: answer within 20 working days of receipt
EXTENSION_MAX_DAYS = 20  # 第三十三条: one extension of at most 20 working days
CORRECTION_REQUEST_DAYS = 7  # 第三十条: ask for a correction within 7 working days
CONSULTATION_DAYS = 15  # 第三十二条: the third party answers within 15 working days
PUBLICATION_DAYS = 20  # 第二十六条: publish within 20 working days of forming or changing


class EventKind(StrEnum):
    """What happened to an application, as stored in a row."""

    CORRECTION_REQUESTED = "correction_requested"  # 补正告知 sent; the clock stops
    CORRECTION_RECEIVED = "correction_received"  # corrected application received; restart
    CONSULTATION_STARTED = "consultation_started"  # 征求意见 sent; the clock pauses
    CONSULTATION_ENDED = "consultation_ended"  # the answer (or the end of the wait); resume
    EXTENDED = "extended"  # the one extension, with ``days``
    FEE_NOTIFIED = "fee_notified"  # 收费通知 sent; the clock pauses until the fee is paid
    FEE_PAID = "fee_paid"  # the fee was paid; resume


class ClockState(StrEnum):
    RUNNING = "running"  # ``due`` is set
    PAUSED = "paused"  # a consultation is open; ``remaining`` is set
    AWAITING_CORRECTION = "awaiting_correction"  # no deadline until the correction arrives


@dataclass(frozen=True)
class ClockEvent:
    """One event of an application: ``kind`` (an :class:`EventKind` or its value) on ``on``.

    ``days`` is the length of an extension and must be None for other kinds.
    """

    kind: EventKind
    on: date
    days: int | None = None

    def __post_init__(self) -> None:
        try:
            object.__setattr__(self, "kind", EventKind(self.kind))
        except ValueError:
            known = ", ".join(k.value for k in EventKind)
            raise WorkdaysError(
                "event", f"unknown kind {self.kind!r}; expected one of {known}"
            ) from None


@dataclass(frozen=True)
class Clock(Explained):
    """Where an application's statutory clock stands after its events.

    ``due`` is the answer deadline while the clock runs, None while it is paused or awaits
    a correction. ``started`` is the day the current period counts from (the receipt, or
    the receipt of the corrected application). ``remaining`` is, while paused, the working
    days the clock had left when it stopped. ``correction_by`` is the last day a correction
    may still be requested (None once one was). Years without a holiday schedule between
    the receipt and the last date involved are in ``provisional_years``.
    """

    state: ClockState
    due: date | None
    received: date
    started: date
    days: int
    paused_days: int
    extension_days: int
    remaining: int | None
    correction_by: date | None
    provisional_years: tuple[int, ...]
    trace: tuple[Step, ...]

    def as_dict(self) -> dict[str, object]:
        """JSON-ready, with dates as ISO strings."""
        return {
            "state": self.state.value,
            "due": self.due.isoformat() if self.due else None,
            "received": self.received.isoformat(),
            "started": self.started.isoformat(),
            "days": self.days,
            "paused_days": self.paused_days,
            "extension_days": self.extension_days,
            "remaining": self.remaining,
            "correction_by": self.correction_by.isoformat() if self.correction_by else None,
            "provisional": self.provisional,
            "provisional_years": list(self.provisional_years),
            "steps": list(self.steps),
            "steps_en": list(self.steps_en),
            "trace": [step.as_dict() for step in self.trace],
        }


def application_clock(
    calendar: WorkingCalendar,
    received: date,
    events: Sequence[ClockEvent] = (),
    *,
    days: int = ANSWER_DAYS,
    count_first_day: bool = False,
) -> Clock:
    """Run an application's clock from ``received`` through ``events`` (in date order).

    Raises :class:`WorkdaysError` naming the event (``error.event`` is its index) when the
    events cannot have happened or the law does not allow them: see the package docstring.
    """
    if days < 1:
        raise WorkdaysError("application_clock", f"days must be at least 1, not {days}")
    # One span for the whole run: working-day indices are only comparable within a span.
    return calendar._run(
        lambda span: _run_clock(calendar, span, received, events, days, count_first_day)
    )


def _run_clock(
    calendar: WorkingCalendar,
    span: Span,
    received: date,
    events: Sequence[ClockEvent],
    days: int,
    count_first: bool,
) -> Clock:
    def start_index(day: date) -> int:
        return span.start(day.toordinal(), count_first)

    working = calendar.is_working_day
    trace = [
        Step("received", f"{received}收到申请", f"application received {received}", on=received),
        count_step(received, days, count_first_day=count_first, working=working(received)),
    ]
    started = received
    due_i = start_index(received) + days - 1
    correction_by: date | None = span.day(start_index(received) + CORRECTION_REQUEST_DAYS - 1)
    requested: date | None = None
    corrected: date | None = None
    extension: date | None = None
    extension_days = 0
    paused_days = 0
    open_consultations = 0
    pause_start = received  # start of the current pause while one is open
    in_block = 0  # consultations in the current pause
    fee_since: date | None = None  # the unpaid fee notice, which pauses the clock
    fee_in_block = False  # the current pause includes waiting for a fee
    touched = False  # a consultation or extension happened in the current period
    last = received

    for index, event in enumerate(events):
        kind, on = event.kind, event.on
        where = f"event {index + 1} ({kind.value} on {on})"

        def fail(problem: str, where: str = where, index: int = index) -> WorkdaysError:
            return WorkdaysError(where, problem, event=index)

        if on < received:
            raise fail(f"before the application was received on {received}")
        if on < last:
            raise fail(f"dated before the previous event ({last}); events must be in date order")
        if kind is not EventKind.EXTENDED and event.days is not None:
            raise fail("only an extension has a number of days")
        awaiting = requested is not None and corrected is None
        if awaiting and kind not in (EventKind.CORRECTION_REQUESTED, EventKind.CORRECTION_RECEIVED):
            raise fail(
                f"the clock is stopped awaiting the corrected application (asked {requested})"
            )

        if kind is EventKind.CORRECTION_REQUESTED:
            if requested is not None:
                raise fail(
                    f"a correction was already requested on {requested}; the applicant is told "
                    "once of everything to correct (第三十条)"
                )
            if touched or correction_by is None:
                raise fail("a correction must be requested before any consultation or extension")
            if on > correction_by:
                raise fail(
                    f"later than {CORRECTION_REQUEST_DAYS} working days after receipt "
                    f"(the last day was {correction_by}, 第三十条)"
                )
            requested, correction_by = on, None
            trace.append(
                Step(
                    "correction_requested",
                    f"{on}告知补正，停止计时，待收到补正后的申请重新起算",
                    f"correction requested {on}: the clock stops until the corrected application",
                    on=on,
                )
            )
        elif kind is EventKind.CORRECTION_RECEIVED:
            if requested is None:
                raise fail("no correction was requested")
            if corrected is not None:
                raise fail(f"the corrected application was already received on {corrected}")
            corrected = started = on
            due_i = start_index(on) + days - 1
            trace.append(
                Step(
                    "correction_received",
                    f"{on}收到补正后的申请，重新起算",
                    f"corrected application received {on}: the clock restarts",
                    on=on,
                )
            )
            trace.append(count_step(on, days, count_first_day=count_first, working=working(on)))
        elif kind in (EventKind.CONSULTATION_STARTED, EventKind.FEE_NOTIFIED):
            if kind is EventKind.FEE_NOTIFIED and fee_since is not None:
                raise fail(f"a fee notice of {fee_since} is still unpaid")
            if open_consultations == 0 and fee_since is None:
                due = span.day(due_i)
                if on > due:
                    raise fail(f"after the deadline {due} had passed; nothing is left to pause")
                pause_start, in_block, fee_in_block = on, 0, False
            if kind is EventKind.FEE_NOTIFIED:
                fee_since, fee_in_block = on, True
            else:
                open_consultations += 1
                in_block += 1
            touched, correction_by = True, None
        elif kind in (EventKind.CONSULTATION_ENDED, EventKind.FEE_PAID):
            if kind is EventKind.FEE_PAID:
                if fee_since is None:
                    raise fail("no fee notice is awaiting payment")
                fee_since = None
            else:
                if open_consultations == 0:
                    raise fail("no consultation is in progress")
                open_consultations -= 1
            if open_consultations == 0 and fee_since is None:
                paused = span.after(on.toordinal()) - start_index(pause_start)
                due_i += paused
                paused_days += paused
                trace.append(_pause_step(pause_start, on, paused, in_block, fee_in_block))
                if paused > CONSULTATION_DAYS and not fee_in_block:
                    trace.append(_long_pause_step(pause_start, on, paused))
                # A pause begun on the last day leaves nothing; the answer is then due when
                # the consultation ends, or the next working day if it ends on a day off.
                resume = span.on_or_after(on.toordinal())
                if due_i < resume:
                    due_i = resume
                    trace.append(_after_pause_step(span.day(resume), fee_in_block))
        else:  # EXTENDED
            if extension is not None:
                raise fail(
                    f"the application was already extended on {extension}; one extension only (第三十三条)"
                )
            if event.days is None or not 1 <= event.days <= EXTENSION_MAX_DAYS:
                raise fail(
                    f"an extension is 1 to {EXTENSION_MAX_DAYS} working days, not {event.days}"
                )
            if open_consultations == 0 and fee_since is None and on > span.day(due_i):
                raise fail(f"decided after the deadline {span.day(due_i)} had passed")
            extension, extension_days = on, event.days
            due_i += event.days
            touched, correction_by = True, None
            trace.append(
                Step(
                    "extension",
                    f"{on}决定延长答复期限{event.days}个工作日",
                    f"extended by {event.days} on {on}",
                    on=on,
                    days=event.days,
                )
            )
        last = on

    state = ClockState.RUNNING
    due_day: date | None = None
    remaining: int | None = None
    if requested is not None and corrected is None:
        state = ClockState.AWAITING_CORRECTION
        trace.append(
            Step(
                "awaiting_correction",
                "等待申请人补正，暂无答复期限",
                "awaiting the corrected application: no deadline yet",
                on=requested,
            )
        )
    elif open_consultations or fee_since is not None:
        state = ClockState.PAUSED
        remaining = due_i - start_index(pause_start) + 1
        why_zh, why_en = _pause_reason(in_block, fee_in_block)
        trace.append(
            Step(
                "paused",
                f"自{pause_start}起{why_zh}，暂停计时，剩余{remaining}个工作日",
                f"paused since {pause_start} {why_en}; {remaining} working days left",
                on=pause_start,
                days=remaining,
            )
        )
    else:
        due_day = span.day(due_i)
    provisional = calendar.provisional_years(received, due_day or last)
    trace.extend(provisional_steps(provisional))
    if due_day is not None:
        trace.append(due_step(due_day, zh_label="答复期限"))
    return Clock(
        state=state,
        due=due_day,
        received=received,
        started=started,
        days=days,
        paused_days=paused_days,
        extension_days=extension_days,
        remaining=remaining,
        correction_by=correction_by,
        provisional_years=provisional,
        trace=tuple(trace),
    )


def _pause_reason(consultations: int, fee: bool) -> tuple[str, str]:
    """Why the clock stood still, in Chinese and English."""
    several = f"（{consultations}项）" if consultations > 1 else ""
    several_en = f" ({consultations} at once)" if consultations > 1 else ""
    if consultations and fee:
        return f"征求意见{several}、等待缴纳信息处理费", f"for consultation{several_en} and the fee"
    if fee:
        return "等待缴纳信息处理费", "awaiting the fee"
    return f"征求意见{several}", f"for consultation{several_en}"


def _pause_step(start: date, end: date, paused: int, count: int, fee: bool = False) -> Step:
    why_zh, why_en = _pause_reason(count, fee)
    return Step(
        "pause",
        f"{start}至{end}{why_zh}，暂停计时{paused}个工作日",
        f"paused {paused} working days {why_en} ({start} to {end})",
        on=start,
        until=end,
        days=paused,
    )


def _long_pause_step(start: date, end: date, paused: int) -> Step:
    return Step(
        "pause_long",
        f"征求意见历时{paused}个工作日，超过第三方{CONSULTATION_DAYS}个工作日的答复期限，请核实",
        f"the consultation took {paused} working days, more than the {CONSULTATION_DAYS} "
        "a third party has to answer: check the dates",
        on=start,
        until=end,
        days=paused,
    )


def _after_pause_step(resume: date, fee: bool = False) -> Step:
    if fee:
        return Step(
            "after_pause",
            f"暂停始于期限最后一日，答复期限顺延至暂停结束后的{resume}",
            f"the pause began on the last day: the answer is due when it ends, {resume}",
            on=resume,
        )
    return Step(
        "after_pause",
        f"征求意见始于期限最后一日，答复期限顺延至征求意见结束后的{resume}",
        f"the consultation began on the last day: the answer is due when it ends, {resume}",
        on=resume,
    )
