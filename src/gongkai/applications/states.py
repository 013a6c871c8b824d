"""The states of an application and the moves between them, as data.

    unconfirmed ──confirm──► processing ◄────────────────────────────────────────┐
    (online, awaiting         │  ├─request_correction─► awaiting_correction ─receive_correction┘
     confirmation of          │  │                          └─abandon_uncorrected─► abandoned (三.六.1)
     receipt, 第三十一条)      │  ├─start_consultation─► consulting ─end_consultation (last open)┘
                              │  ├─notify_fee─► awaiting_fee ─record_payment─► processing
                              │  │                   └─abandon_unpaid─► abandoned (三.六.2)
                              │  └─answer (one outcome of table 三)─► answered
    any open state ─withdraw─► withdrawn (三.六.3)
    unconfirmed ─discard (a reason; one by one or in bulk on the desk)─► discarded
        (abuse never received in law: no outcome, in no table; 三.五.4 is an answer to a
        received application, made only when 第三十五条's conditions are met)

The extension is not a state: the officer asks (request_extension), a reviewer approves
or rejects; the approval is a clock event that moves the due date. Ending one of several
consultations keeps the application consulting (end_one_consultation, made by the
end_consultation page). The actions make every move through `gongkai.workflow`.
"""

from __future__ import annotations

from django.db import models

from gongkai.agencies.models import Role
from gongkai.workflow import Transition, Workflow

from .classification import Outcome


class Status(models.TextChoices):
    UNCONFIRMED = "unconfirmed", "待确认收到"
    PROCESSING = "processing", "办理中"
    AWAITING_CORRECTION = "awaiting_correction", "待补正"
    CONSULTING = "consulting", "征求意见中"
    AWAITING_FEE = "awaiting_fee", "待缴费"
    ANSWERED = "answered", "已答复"
    WITHDRAWN = "withdrawn", "已撤回"
    ABANDONED = "abandoned", "视为放弃"
    # An online submission the office never confirmed because it is abuse (a flood, junk):
    # not an application received in law (第三十一条), so in no table of the annual report.
    DISCARDED = "discarded", "滥用提交（未受理）"


OPEN_STATES = (
    Status.UNCONFIRMED,
    Status.PROCESSING,
    Status.AWAITING_CORRECTION,
    Status.CONSULTING,
    Status.AWAITING_FEE,
)
CLOSED_STATES = (Status.ANSWERED, Status.WITHDRAWN, Status.ABANDONED, Status.DISCARDED)
# States of what was never received in law: counted nowhere.
NOT_RECEIVED = (Status.UNCONFIRMED, Status.DISCARDED)
# Waiting for the applicant: the clock is stopped or paused by what they have to do.
WAITING_STATES = (Status.AWAITING_CORRECTION, Status.AWAITING_FEE)

# Outcomes reached only through their own move, never chosen in an answer.
ABANDON_OUTCOMES = (Outcome.OTHER_NOT_CORRECTED, Outcome.OTHER_FEE_UNPAID)
ANSWER_OUTCOMES = tuple(o for o in Outcome if o not in ABANDON_OUTCOMES)


def closed_status_for(outcome: str) -> str:
    """The closed state an outcome belongs to when a record is created with it directly."""
    if outcome in ABANDON_OUTCOMES:
        return Status.ABANDONED
    return Status.ANSWERED


# The applicant on the tracking page, who gave the code and the second factor: not a
# staff role, held only for their own application (`Application.roles_of`).
APPLICANT = "applicant"
OFF, REV = Role.OFFICER, Role.REVIEWER
S = Status
WORKFLOW = Workflow(
    "application",
    {
        "confirm": Transition((S.UNCONFIRMED,), S.PROCESSING, (OFF,), "确认收到申请"),
        "request_correction": Transition(
            (S.PROCESSING,), S.AWAITING_CORRECTION, (OFF,), "告知补正"
        ),
        "receive_correction": Transition(
            (S.AWAITING_CORRECTION,), S.PROCESSING, (OFF,), "收到补正"
        ),
        "reply_correction": Transition(
            (S.AWAITING_CORRECTION,), S.PROCESSING, (APPLICANT,), "申请人在线补正", offered=False
        ),
        "abandon_uncorrected": Transition(
            (S.AWAITING_CORRECTION,),
            S.ABANDONED,
            (OFF,),
            "逾期未补正，不再处理",
            outcome=Outcome.OTHER_NOT_CORRECTED,
        ),
        "start_consultation": Transition(
            (S.PROCESSING, S.CONSULTING), S.CONSULTING, (OFF,), "征求意见"
        ),
        "end_consultation": Transition((S.CONSULTING,), S.PROCESSING, (OFF,), "征求意见结束"),
        "end_one_consultation": Transition(
            (S.CONSULTING,), None, (OFF,), "一方征求意见结束（仍在征求其他方意见）", offered=False
        ),
        "request_extension": Transition((S.PROCESSING, S.CONSULTING), None, (OFF,), "申请延期"),
        "approve_extension": Transition((S.PROCESSING, S.CONSULTING), None, (REV,), "批准延期"),
        "reject_extension": Transition((S.PROCESSING, S.CONSULTING), None, (REV,), "不批准延期"),
        "notify_fee": Transition((S.PROCESSING,), S.AWAITING_FEE, (OFF,), "发出收费通知"),
        "record_payment": Transition((S.AWAITING_FEE,), S.PROCESSING, (OFF,), "确认缴费"),
        "abandon_unpaid": Transition(
            (S.AWAITING_FEE,),
            S.ABANDONED,
            (OFF,),
            "逾期未缴费，不再处理",
            outcome=Outcome.OTHER_FEE_UNPAID,
        ),
        "answer": Transition((S.PROCESSING,), S.ANSWERED, (OFF,), "答复"),
        "correct_answer": Transition((S.ANSWERED,), None, (REV,), "更正答复", needs_comment=True),
        "discard": Transition(
            (S.UNCONFIRMED,), S.DISCARDED, (OFF,), "标记为滥用提交", needs_comment=True
        ),
        "withdraw": Transition(
            OPEN_STATES, S.WITHDRAWN, (OFF,), "申请人撤回", outcome=Outcome.OTHER
        ),
    },
)  # fmt: skip  (a table: one move a line)
