"""One page per move: a form, then the action, then back to the application.

`MOVES` maps each move the workflow offers (`states.WORKFLOW`) to its form and the call that makes it;
`view_for(name)` builds the view, wrapped in `staff_view` with the move's roles, so the
access walker tests each one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.agencies.models import Role
from gongkai.backoffice.access import staff_view
from gongkai.holidays import calendar as holidays
from gongkai.workflow import ActionError, show_on_form

from . import actions, after_actions, clock, fee_actions
from . import forms_actions as f
from .access import load_application
from .models import Application
from .states import WORKFLOW


@dataclass(frozen=True)
class Move:
    form: type
    run: Callable
    done: str
    intro: str = ""


def _fee_intro(application) -> str:
    ordinal = fee_actions.month_ordinal(application)
    return f"该申请人本自然月向本机关提出的第{ordinal}件申请（按件计收时据此计算）。"


MOVES: dict[str, Move] = {
    "confirm": Move(
        f.ConfirmForm,
        lambda a, u, d: actions.confirm(a, acting_user=u, **d),
        "已确认收到，答复期限自确认之日起算。",
    ),
    "request_correction": Move(
        f.CorrectionForm,
        lambda a, u, d: actions.request_correction(a, acting_user=u, **d),
        "已告知补正，补正告知书已生成。",
        "补正告知后停止计时；收到补正后的申请之日起重新计算20个工作日。",
    ),
    "receive_correction": Move(
        f.ReceiveCorrectionForm,
        lambda a, u, d: actions.receive_correction(
            a, acting_user=u, on=d["on"], note=d["note"], uploads=d["attachments"]
        ),
        "已收到补正，答复期限重新起算。",
    ),
    "abandon_uncorrected": Move(
        f.DateForm,
        lambda a, u, d: actions.abandon_uncorrected(a, acting_user=u, **d),
        "已按逾期未补正处理（其他处理1），告知书已生成。",
        "申请人无正当理由逾期不补正的，视为放弃申请（条例第三十条）。",
    ),
    "start_consultation": Move(
        f.ConsultationForm,
        lambda a, u, d: actions.start_consultation(a, acting_user=u, **d),
        "已发出征求意见函，暂停计时。",
        "征求第三方或其他机关意见所需时间不计算在答复期限内（第三十三条），对方应在15个工作日内提出意见。",
    ),
    "end_consultation": Move(
        f.EndConsultationForm,
        lambda a, u, d: actions.end_consultation(a, acting_user=u, **d),
        "征求意见已结束，恢复计时。",
    ),
    "request_extension": Move(
        f.ExtensionRequestForm,
        lambda a, u, d: actions.request_extension(a, acting_user=u, **d),
        "延期申请已提交，等待审核人批准。",
    ),
    "approve_extension": Move(
        f.ApproveExtensionForm,
        lambda a, u, d: actions.approve_extension(a, acting_user=u, **d),
        "已批准延期，延期答复告知书已生成。",
    ),
    "reject_extension": Move(
        f.RejectExtensionForm,
        lambda a, u, d: actions.reject_extension(a, acting_user=u, **d),
        "已不批准延期。",
    ),
    "notify_fee": Move(
        f.FeeForm,
        lambda a, u, d: fee_actions.notify_fee(a, acting_user=u, **d),
        "收费通知书已生成，等待申请人缴费。",
    ),
    "record_payment": Move(
        f.DateForm,
        lambda a, u, d: fee_actions.record_payment(a, acting_user=u, **d),
        "已确认缴费，恢复计时。",
    ),
    "abandon_unpaid": Move(
        f.DateForm,
        lambda a, u, d: fee_actions.abandon_unpaid(a, acting_user=u, **d),
        "已按逾期未缴费处理（其他处理2），告知书已生成。",
    ),
    "answer": Move(
        f.AnswerForm,
        lambda a, u, d: actions.answer(a, acting_user=u, **d),
        "已答复，答复告知书已生成。",
    ),
    "correct_answer": Move(
        f.CorrectAnswerForm,
        lambda a, u, d: after_actions.correct_answer(a, acting_user=u, **d),
        "答复已更正，更正后的告知书已生成，原告知书标为作废。",
        "答复有误的，以新的告知书更正并说明理由；原告知书保留在记录中。申请人的救济期限自更正后的告知书送达之日起计算。",
    ),
    "withdraw": Move(
        f.WithdrawForm,
        lambda a, u, d: actions.withdraw(a, acting_user=u, **d),
        "已按申请人撤回办结。",
    ),
    "discard": Move(
        f.DiscardForm,
        lambda a, u, d: actions.discard(a, acting_user=u, **d),
        "已标记为滥用提交，不予受理，不计入年度报告。",
        "未经确认收到的网上提交属于滥用（大量、重复、无意义提交）的，可以不予受理："
        "它不是依法收到的申请，不计入年度报告任何一栏。对已受理的申请，"
        "因数量、频次明显超过合理范围而不予处理的（第三十五条），应先要求申请人说明理由，"
        "再以“答复”办结为“无正当理由大量反复申请”。",
    ),
}


def view_for(name: str):
    move = MOVES[name]
    transition = WORKFLOW[name]

    @staff_view(*transition.roles)
    def view(request, code):
        application, _ = load_application(request, code)
        kwargs = {"application": application} if move.form is f.EndConsultationForm else {}
        form = move.form(request.POST or None, request.FILES or None, **kwargs)
        if application.status not in transition.sources:
            messages.error(
                request,
                f"当前状态为“{application.get_status_display()}”，不能{transition.label}。",
            )
            return redirect(application.get_absolute_url())
        if request.method == "POST" and form.is_valid():
            try:
                move.run(application, request.user, dict(form.cleaned_data))
            except ActionError as e:
                show_on_form(form, e)
            else:
                messages.success(request, move.done)
                return redirect(application.get_absolute_url())
        intro = move.intro
        if name == "notify_fee":
            intro = _fee_intro(application)
        left = None
        if application.due_on and application.is_open:
            left = clock.days_left(application.due_on, timezone.localdate(), holidays.current())
        return render(
            request,
            "applications/move.html",
            {
                "a": application,
                "form": form,
                "label": transition.label,
                "intro": intro,
                "name": name,
                "left": left,
            },
        )

    view.__name__ = name
    return view


VIEWS = {name: view_for(name) for name in MOVES}


@staff_view(Role.OFFICER)
def service(request, code, letter):
    """Record how and when a letter reached the applicant (送达)."""
    application, _ = load_application(request, code)
    found = application.letters.filter(code=letter, to_applicant=True).first()
    if found is None:
        raise Http404("没有找到该告知书。")
    form = f.ServiceForm(request.POST or None, initial={"method": _method_for(application)})
    if request.method == "POST" and form.is_valid():
        try:
            after_actions.record_service(found, acting_user=request.user, **form.cleaned_data)
        except ActionError as e:
            show_on_form(form, e)
        else:
            messages.success(request, "已登记送达。")
            return redirect(application.get_absolute_url())
    return render(
        request,
        "applications/move.html",
        {
            "a": application,
            "form": form,
            "label": f"登记送达：{found.number}",
            "intro": "申请人的行政复议期限（60日）和行政诉讼期限（6个月）自送达之日起计算。",
            "name": "service",
        },
    )


@require_POST
@staff_view(Role.OFFICER)
def publicise(request, code):
    """纳入主动公开: open a publishing draft from the application's information."""
    application, _ = load_application(request, code)
    try:
        item = after_actions.publicise(application, acting_user=request.user)
    except ActionError as e:
        messages.error(request, e.message)
        return redirect(application.get_absolute_url())
    messages.success(request, "已纳入主动公开，已生成草稿，请完善后送审发布。")
    return redirect(item.get_staff_url())


def _method_for(application) -> str:
    return {"post": "post", "email": "email", "collect": "in_person"}.get(
        application.delivery, "online"
    )


@staff_view(Role.OFFICER)
def assign(request, code):
    application, _ = load_application(request, code)
    officers = (
        get_user_model()
        .objects.filter(memberships__agency=application.agency, memberships__role=Role.OFFICER)
        .distinct()
        .order_by("username")
    )
    form = f.AssignForm(
        request.POST or None,
        officers=officers,
        initial={"assignee": application.assignee_id or request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.assign(
                application, acting_user=request.user, assignee=form.cleaned_data["assignee"]
            )
        except ActionError as e:
            form.add_error("assignee", e.message)
        else:
            messages.success(request, "已指定承办人。")
            return redirect(application.get_absolute_url())
    return render(
        request,
        "applications/move.html",
        {"a": application, "form": form, "label": "指定承办人", "name": "assign"},
    )


@require_POST
@staff_view(Role.OFFICER)
def discard_many(request):
    """The desk's bulk marking of unconfirmed online submissions as abuse."""
    codes = [c.strip().upper() for c in request.POST.getlist("code") if c.strip()][:200]
    reason = request.POST.get("reason", "").strip()[:500]
    back = f"{reverse('applications:desk')}?queue=unconfirmed"
    chosen = list(
        Application.objects.handled_by(request.user).filter(code__in=codes).select_related("agency")
    )
    if not codes or len(chosen) != len(set(codes)):
        messages.error(request, "请勾选本机关待确认收到的网上申请。")
        return redirect(back)
    try:
        done = actions.discard_many(chosen, acting_user=request.user, reason=reason)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"已将{done}件网上提交标记为滥用提交，不予受理。")
    return redirect(back)
