"""Every move of every workflow (items, applications, annual reports, cases), made by its
action: from each of its source states it ends in its target; from every other state it
is refused with the reason; every role it does not list is refused.

The moves are read from the models' `WORKFLOW`s, so a new move without a way to make it
here fails `test_every_move_is_made`.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime, time

import pytest
from django.core.exceptions import PermissionDenied
from django.test import override_settings
from django.utils import timezone

from gongkai.agencies.models import Membership, Role
from gongkai.annualreport.writers import render
from gongkai.appeals import actions as case_actions
from gongkai.appeals.models import Case
from gongkai.applications import actions as app_actions
from gongkai.applications import after_actions, applicant_actions, fee_actions
from gongkai.applications.classification import Outcome
from gongkai.applications.models import Application, Consultation, OnlineApplicant
from gongkai.applications.states import APPLICANT
from gongkai.documents import cleanup
from gongkai.documents.models import CleanupBatch
from gongkai.publishing import actions as item_actions
from gongkai.publishing.models import Item
from gongkai.reports import actions as report_actions
from gongkai.reports import checks, compute
from gongkai.reports.models import AnnualReport
from gongkai.workflow import ActionError
from tests.reports.test_workflow import finish
from tests.support.clock import today_is
from tests.support.personas import ALL_CONFIRMED, PERSON
from tests.support.records import application as recorded_application

TODAY = date(2026, 6, 1)  # a Monday
RECEIVED = date(2026, 5, 25)
EARLIER = date(2026, 5, 26)
YEAR = 2025


@pytest.fixture
def frozen(monkeypatch):
    moment = timezone.make_aware(datetime.combine(TODAY, time(12)))
    monkeypatch.setattr(timezone, "now", lambda: moment)
    monkeypatch.setattr(timezone, "localdate", today_is(TODAY))


@pytest.fixture
def staff(world, frozen):
    """One user per role in agency A (supervision from the government above), and the
    personas' roles for the applications."""
    Membership.objects.create(user=world.officer, agency=world.agency_a, role=Role.OFFICER)
    from django.contrib.auth import get_user_model

    only = {}
    for role in Role.values:
        user = get_user_model().objects.create_user(username=f"only-{role}", password="x")
        agency = world.government if role == Role.SUPERVISOR else world.agency_a
        Membership.objects.create(user=user, agency=agency, role=role)
        only[role] = user
    only[APPLICANT] = APPLICANT  # the applicant online: the move's lambda makes them
    return world, only


# ---------------------------------------------------------------- items


ITEM_MOVES = {
    "submit": lambda i, u: item_actions.submit_item(i, acting_user=u),
    "return": lambda i, u: item_actions.return_item(i, acting_user=u, comment="请修改"),
    "approve": lambda i, u: item_actions.approve_item(i, acting_user=u, answers=ALL_CONFIRMED),
    "publish": lambda i, u: item_actions.publish_item(i, acting_user=u),
    "withdraw": lambda i, u: item_actions.withdraw_item(i, acting_user=u, comment="撤回"),
    "repeal": lambda i, u: item_actions.repeal_item(i, acting_user=u, repealed_on=date(2026, 5, 1)),
    "revise": lambda i, u: item_actions.revise_item(i, acting_user=u, comment="修改"),
}


# ---------------------------------------------------------------- applications


def application_in(world, state):
    officer = world.officer
    if state == Application.Status.UNCONFIRMED:
        found, _ = app_actions.submit_online(world.agency_a, token=uuid.uuid4(), **PERSON)
        return found
    a = app_actions.register(
        world.agency_a, acting_user=officer, channel="counter", handed_over_on=RECEIVED, **PERSON
    )
    S = Application.Status
    if state == S.AWAITING_CORRECTION:
        app_actions.request_correction(
            a, acting_user=officer, on=EARLIER, items="请写明年度", until=date(2026, 5, 28)
        )
    elif state == S.CONSULTING:
        app_actions.start_consultation(
            a, acting_user=officer, on=EARLIER, party_kind="third_party", party_name="某公司"
        )
    elif state == S.AWAITING_FEE:
        with override_settings(APPLICATION_FEE_PAYMENT_DAYS=1):
            fee_actions.notify_fee(
                a, acting_user=officer, on=EARLIER, method="per_volume", pages=50
            )
    elif state == S.ANSWERED:
        app_actions.answer(a, acting_user=officer, on=EARLIER, outcome=Outcome.DISCLOSED)
    elif state == S.WITHDRAWN:
        app_actions.withdraw(a, acting_user=officer, on=EARLIER)
    elif state == S.ABANDONED:
        app_actions.request_correction(
            a, acting_user=officer, on=EARLIER, items="请写明年度", until=date(2026, 5, 28)
        )
        app_actions.abandon_uncorrected(a, acting_user=officer, on=TODAY)
    elif state == S.DISCARDED:
        found, _ = app_actions.submit_online(world.agency_a, token=uuid.uuid4(), **PERSON)
        return app_actions.discard(found, acting_user=officer, reason="无意义提交")
    return Application.objects.get(pk=a.pk)


def _pending_extension(a):
    if a.status in (Application.Status.PROCESSING, Application.Status.CONSULTING):
        app_actions.request_extension(a, acting_user=_officer(a), days=10, reason="需要调取档案")


def _second_consultation(a):
    if a.status == Application.Status.CONSULTING:
        app_actions.start_consultation(
            a, acting_user=_officer(a), on=TODAY, party_kind="agency", party_name="区财政局"
        )


def _officer(a):
    """The agency's officer (the tests' persona), to prepare a move made by someone else."""
    return Membership.objects.filter(agency=a.agency, role=Role.OFFICER).first().user


def _open_consultation(a):
    return Consultation.objects.filter(application=a, ended_on__isnull=True).first()


APPLICATION_MOVES = {
    "confirm": lambda a, u: app_actions.confirm(a, acting_user=u, on=TODAY),
    "request_correction": lambda a, u: app_actions.request_correction(
        a, acting_user=u, on=TODAY, items="请写明年度"
    ),
    "receive_correction": lambda a, u: app_actions.receive_correction(a, acting_user=u, on=TODAY),
    "reply_correction": lambda a, u: applicant_actions.reply_correction(
        a, acting_user=OnlineApplicant(a.code) if u == APPLICANT else u, text="申请2025年度"
    ),
    "abandon_uncorrected": lambda a, u: app_actions.abandon_uncorrected(a, acting_user=u, on=TODAY),
    "start_consultation": lambda a, u: app_actions.start_consultation(
        a, acting_user=u, on=TODAY, party_kind="third_party", party_name="某协会"
    ),
    "end_consultation": lambda a, u: app_actions.end_consultation(
        a, acting_user=u, consultation=_open_consultation(a), on=TODAY, result="agreed"
    ),
    "end_one_consultation": lambda a, u: (
        _second_consultation(a),
        app_actions.end_consultation(
            a, acting_user=u, consultation=_open_consultation(a), on=TODAY, result="agreed"
        ),
    ),
    "request_extension": lambda a, u: app_actions.request_extension(
        a, acting_user=u, days=10, reason="需要调取档案"
    ),
    "approve_extension": lambda a, u: (
        _pending_extension(a),
        app_actions.approve_extension(a, acting_user=u, on=TODAY),
    ),
    "reject_extension": lambda a, u: (
        _pending_extension(a),
        app_actions.reject_extension(a, acting_user=u, comment="理由不充分"),
    ),
    "notify_fee": lambda a, u: fee_actions.notify_fee(
        a, acting_user=u, on=TODAY, method="per_volume", pages=50
    ),
    "record_payment": lambda a, u: fee_actions.record_payment(
        a, acting_user=u, on=a.payment_due or TODAY
    ),
    "abandon_unpaid": lambda a, u: fee_actions.abandon_unpaid(a, acting_user=u, on=TODAY),
    "answer": lambda a, u: app_actions.answer(
        a, acting_user=u, on=TODAY, outcome=Outcome.DISCLOSED
    ),
    "correct_answer": lambda a, u: after_actions.correct_answer(
        a, acting_user=u, on=TODAY, outcome=Outcome.UNABLE_NOT_HELD, reason="本机关并不掌握该信息"
    ),
    "withdraw": lambda a, u: app_actions.withdraw(a, acting_user=u, on=TODAY),
    "discard": lambda a, u: app_actions.discard(a, acting_user=u, reason="批量无意义提交"),
}


# ---------------------------------------------------------------- annual reports


def _reasons(report):
    engine = compute.build(report.agency, report.year, report.narrative)
    result = checks.run(engine, report.agency, report.narrative)
    return {fp: "已核实，无需修改" for fp, _ in result.warning_items()}


def built_report(world, client_for):
    """Agency A's 2025 report, written here and submitted once."""
    recorded_application(world.agency_a, date(2025, 2, 3), date(2025, 2, 20), "三.一")
    client_for("officer").post(f"/staff/reports/a/agency-a/{YEAR}/start/")
    finish(client_for("officer"))
    report = AnnualReport.objects.get(agency=world.agency_a, year=YEAR)
    report_actions.submit_report(report, acting_user=world.officer, reasons=_reasons(report))
    return report


def _text_of(agency, year):
    return render(compute.build(agency, year, {"一": "本年度未收到政府信息公开申请。"}), "txt")


def imported_report(world, client_for):
    """Agency A's 2024 report, published elsewhere and imported."""
    data = _text_of(world.agency_a, YEAR - 1)
    report_actions.import_report(
        world.agency_a, YEAR - 1, acting_user=world.officer, data=data, filename="report.txt"
    )
    return AnnualReport.objects.get(agency=world.agency_a, year=YEAR - 1)


REPORT_MOVES = {
    "submit": lambda r, u: report_actions.submit_report(
        r, acting_user=u, reasons=_reasons(r), note="更正笔误"
    ),
    "return": lambda r, u: report_actions.return_report(r, acting_user=u, comment="请修改"),
    "publish": lambda r, u: report_actions.publish_report(r, acting_user=u),
    "correct": lambda r, u: report_actions.start_correction(r, acting_user=u, reason="更正"),
    "import": lambda r, u: report_actions.import_report(
        r.agency,
        r.year,
        acting_user=u,
        data=_text_of(r.agency, r.year),
        filename="report.txt",
        reason="原文件有误，重新导入",
    ),
}


# ---------------------------------------------------------------- cases


def case_in(world, state):
    decided = None if state == Case.Result.PENDING else date(2026, 4, 1)
    return case_actions.create_case(
        world.agency_a,
        acting_user=world.officer,
        kind="reconsideration",
        filed_on=date(2026, 3, 1),
        result=state,
        decided_on=decided,
    )


def _decide(result):
    decided = None if result == Case.Result.PENDING else date(2026, 4, 1)
    return lambda c, u: case_actions.update_case(
        c, acting_user=u, result=result, decided_on=decided
    )


CASE_MOVES = {f"record_{r}": _decide(r) for r in Case.Result.values}


# ---------------------------------------------------------------- 清理 batches


def cleanup_in(world, state):
    batch = cleanup.open_batch(
        world.agency_a, acting_user=world.supervisor, title="规范性文件清理", due_on=TODAY
    )
    if state == CleanupBatch.Status.FINISHED:
        cleanup.finish(batch, acting_user=world.supervisor)
    return CleanupBatch.objects.get(pk=batch.pk)


CLEANUP_MOVES = {"finish": lambda b, u: cleanup.finish(b, acting_user=u)}


# ---------------------------------------------------------------- the walk

WORKFLOWS = {
    "item": (Item, ITEM_MOVES),
    "application": (Application, APPLICATION_MOVES),
    "report": (AnnualReport, REPORT_MOVES),
    "case": (Case, CASE_MOVES),
    "cleanup": (CleanupBatch, CLEANUP_MOVES),
}
CASES = [
    (kind, name) for kind, (model, _) in WORKFLOWS.items() for name in model.WORKFLOW.transitions
]


class Maker:
    """Objects in a given state: items, applications and cases made afresh through the
    actions; the one annual report of the test (built or imported) put in the state."""

    def __init__(self, kind, name, world, client_for):
        self.kind, self.name, self.world, self.client_for = kind, name, world, client_for
        self.report = None

    def __call__(self, state):
        if self.kind == "item":
            return self.world.item(state)
        if self.kind == "application":
            return application_in(self.world, state)
        if self.kind == "case":
            return case_in(self.world, state)
        if self.kind == "cleanup":
            return cleanup_in(self.world, state)
        if self.report is None:
            made = imported_report if self.name == "import" else built_report
            self.report = made(self.world, self.client_for)
        AnnualReport.objects.filter(pk=self.report.pk).update(status=state)  # the test's shortcut
        return AnnualReport.objects.get(pk=self.report.pk)


def state_of(obj):
    obj.refresh_from_db()
    return obj.WORKFLOW.state_of(obj)


def test_every_move_is_made():
    for kind, (model, moves) in WORKFLOWS.items():
        assert set(moves) == set(model.WORKFLOW.transitions), kind


@pytest.mark.parametrize(("kind", "name"), CASES, ids=[f"{k}.{n}" for k, n in CASES])
def test_move(staff, client_for, kind, name):
    world, only = staff
    model, moves = WORKFLOWS[kind]
    transition = model.WORKFLOW[name]
    make = Maker(kind, name, world, client_for)
    user = only[transition.roles[0]]
    for state, _ in model._meta.get_field(model.WORKFLOW.field).choices:
        obj = make(state)
        if state in transition.sources:
            moves[name](obj, user)
            assert state_of(obj) == transition.reaches(state), f"{kind}.{name} from {state}"
        elif kind == "case" and state == transition.target:
            moves[name](obj, user)  # the result it has already: an edit of the case, no move
            assert state_of(obj) == state
        else:
            with pytest.raises(ActionError, match="不能"):
                moves[name](obj, user)
            assert state_of(obj) == state, f"{kind}.{name} from {state}"


@pytest.mark.parametrize(("kind", "name"), CASES, ids=[f"{k}.{n}" for k, n in CASES])
def test_move_refuses_other_roles(staff, client_for, kind, name):
    world, only = staff
    model, moves = WORKFLOWS[kind]
    transition = model.WORKFLOW[name]
    make = Maker(kind, name, world, client_for)
    state = transition.sources[0]
    for role in sorted(set(Role.values) - set(transition.roles)):
        obj = make(state)
        with pytest.raises(PermissionDenied):
            moves[name](obj, only[role])
        assert state_of(obj) == state, f"{kind}.{name} by {role}"
