"""The portal's side: apply online, see the receipt, follow the application."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gongkai.agencies.models import Agency
from gongkai.holidays import calendar as holidays
from gongkai.publishing.catalog import GuideVersion
from gongkai.workflow import ActionError, show_on_form

from . import (
    after_actions,
    applicant_actions,
    blank_form,
    clock,
    downloads,
    intake,
    lookup,
    similar,
    throttle,
)
from .classification import Outcome
from .forms import CorrectionReplyForm, OnlineApplicationForm
from .models import EVENT_LABELS, Application, OnlineApplicant
from .remedies import remedies_for
from .states import Status

VERIFIED = "applications_verified"  # session: codes the visitor proved they hold
RECEIPT = "applications_receipt"

# What the applicant is told of each state.
PUBLIC_STATUS = {
    Status.UNCONFIRMED: "已提交，等待受理机关确认收到",
    Status.PROCESSING: "办理中",
    Status.AWAITING_CORRECTION: "待补正：请按补正告知书的要求补正申请",
    Status.CONSULTING: "办理中（征求意见，暂停计时）",
    Status.AWAITING_FEE: "待缴费：请按收费通知书缴纳信息处理费",
    Status.ANSWERED: "已答复",
    Status.WITHDRAWN: "已撤回",
    Status.ABANDONED: "已终止处理",
    Status.DISCARDED: "未受理：该提交被认定为滥用提交（如大量重复或无意义的提交）",
}


@require_http_methods(["GET", "POST"])
def apply(request, slug):
    agency = get_object_or_404(Agency.objects.public(), slug=slug)
    ip = lookup.client_ip(request)
    # the challenge after repeated submissions from one address (GONGKAI_APPLY_CHALLENGE_AFTER)
    asking = throttle.recent_from(ip) >= settings.APPLY_CHALLENGE_AFTER
    form = OnlineApplicationForm(
        request.POST or None,
        request.FILES or None,
        initial={"token": uuid.uuid4()},
        challenge_required=asking,
    )
    if request.method == "POST" and form.is_valid():
        try:
            application, _new = intake.submit_online(
                agency,
                token=form.cleaned_data["token"],
                uploads=form.cleaned_data["attachments"],
                ip=ip,
                **form.intake_fields(),
            )
        except ActionError as e:
            show_on_form(form, e)
        else:
            request.session[RECEIPT] = application.code
            _remember(request, application.code)
            return redirect("apply:receipt")
    response = render(
        request,
        "applications/public/apply.html",
        {
            "agency": agency,
            "form": form,
            "guide": GuideVersion.objects.current_for(agency),
        },
    )
    # Private and revalidated, but not `no-store`: the back button then shows this very
    # form again (its token too), so 提交 after it returns the first application instead
    # of filing the request twice. A new visit asks the server and gets a new token.
    patch_cache_control(response, private=True, no_cache=True, max_age=0)
    return response


@require_http_methods(["GET"])
def suggest(request, slug):
    """Published items that may be what the applicant is typing (JSON for the form)."""
    agency = get_object_or_404(Agency.objects.public(), slug=slug)
    text = (request.GET.get("q") or "").strip()[:200]
    items = similar.published_matches(agency, text) if len(text) >= 2 else []
    return JsonResponse(
        {
            "items": [
                {
                    "title": i.title,
                    "url": i.get_absolute_url(),
                    "agency": i.agency.name,
                    "index_number": i.index_number,
                    "published_on": f"{i.published_on:%Y-%m-%d}" if i.published_on else "",
                }
                for i in items
            ]
        }
    )


def choose(request):
    """依申请公开 from the home page: which agency to apply to, track, the forms."""
    agencies = Agency.objects.public().order_by("path")
    return render(request, "applications/public/choose.html", {"agencies": agencies})


def blank(request, slug, kind):
    """The blank 申请表 for letter and counter intake, in Word or PDF."""
    agency = get_object_or_404(Agency.objects.public(), slug=slug)
    if kind == "docx":
        content = blank_form.docx(agency)
        mime = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    elif kind == "pdf":
        content, mime = blank_form.pdf(agency), "application/pdf"
    else:
        raise Http404("没有这种格式的申请表。")
    response = HttpResponse(content, content_type=mime)
    name = f"{agency.name}政府信息公开申请表.{kind}"
    response["Content-Disposition"] = _attachment(name)
    return response


def _attachment(name: str) -> str:
    from urllib.parse import quote

    return (
        f"attachment; filename=\"form.{name.rsplit('.', 1)[-1]}\"; filename*=UTF-8''{quote(name)}"
    )


def _remember(request, code: str) -> None:
    codes = [c for c in request.session.get(VERIFIED, []) if c != code][-9:]
    request.session[VERIFIED] = [*codes, code]


@never_cache
def receipt(request):
    code = request.session.get(RECEIPT)
    application = Application.objects.select_related("agency").filter(code=code).first()
    if application is None:
        return redirect("apply:status")
    return render(request, "applications/public/receipt.html", {"a": application})


@never_cache
@require_http_methods(["GET", "POST"])
def status(request):
    result = application = None
    code = request.POST.get("code", "") or request.GET.get("code", "")
    if request.method == "POST":
        result, application = lookup.check(
            code, request.POST.get("digits", ""), lookup.client_ip(request)
        )
        if result is lookup.Result.FOUND:
            _remember(request, application.code)
    elif code and lookup.normalise_code(code) in request.session.get(VERIFIED, []):
        application = Application.objects.filter(code=lookup.normalise_code(code)).first()
        result = lookup.Result.FOUND if application else None
    context = {"code": lookup.normalise_code(code), "result": result and result.value}
    if result is lookup.Result.LIMITED:
        context["retry_at"] = lookup.retry_at(lookup.client_ip(request), context["code"])
    if result is lookup.Result.FOUND:
        context.update(_tracking(application))
    response = render(request, "applications/public/status.html", context)
    if result is lookup.Result.LIMITED:
        response.status_code = 429
    return response


def _steps(application: Application) -> list[tuple[object, str]]:
    """Every step the applicant may see, with its day (no internal notes, no third
    party's name)."""
    steps: list[tuple[object, str]] = []
    if application.submitted_at:
        steps.append((timezone.localdate(application.submitted_at), "网上提交申请"))
    if application.received_on:
        steps.append((application.received_on, "收到申请（开始计算答复期限）"))
    for event in application.events.order_by("on", "id"):
        label = EVENT_LABELS.get(event.kind, event.kind)
        if event.days:
            label += f"（{event.days}个工作日）"
        steps.append((event.on, label))
    if application.closed_on:
        steps.append((application.closed_on, f"办结：{application.get_outcome_display()}"))
    for correction in application.corrections.all():
        steps.append((correction.on, f"更正答复：{Outcome(correction.new_outcome).label}"))
    for service in application.services.select_related("letter"):
        steps.append((service.on, f"送达{service.letter.title}（{service.get_method_display()}）"))
    return sorted(steps, key=lambda s: s[0])


def _tracking(application: Application, reply_form=None) -> dict:
    """What the tracking page shows a verified visitor."""
    context = {
        "a": application,
        "public_status": PUBLIC_STATUS[application.status],
        "letters": [
            (letter, downloads.link(application, downloads.LETTER, letter.code))
            for letter in application.letters.filter(to_applicant=True).select_related("service")
        ],
        "delivered": [
            (f, downloads.link(application, downloads.FILE, f.code))
            for f in application.delivered.all()
        ],
        "link_minutes": settings.DOWNLOAD_LINK_MINUTES,
        "remedies": remedies_for(application),
    }
    context["steps"] = _steps(application)
    if application.is_open and application.due_on:
        context["left"] = clock.days_left(
            application.due_on, timezone.localdate(), holidays.current()
        )
    if application.status == Status.AWAITING_CORRECTION:
        asked = application.events.filter(kind="correction_requested").order_by("-on").first()
        context["correction_items"] = asked.note if asked else ""
        context["reply_form"] = reply_form or CorrectionReplyForm()
    return context


@never_cache
@require_http_methods(["POST"])
def correct(request, code):
    """The applicant's 补正, from the tracking page (after the code and the factor)."""
    if code not in request.session.get(VERIFIED, []):
        raise Http404("请先输入查询码和手机号码后四位。")
    application = get_object_or_404(Application.objects.select_related("agency"), code=code)
    form = CorrectionReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            applicant_actions.reply_correction(
                application,
                acting_user=OnlineApplicant(code),
                text=form.cleaned_data["text"],
                uploads=form.cleaned_data["attachments"],
            )
        except ActionError as e:
            show_on_form(form, e)
        else:
            messages.success(request, "补正已提交，答复期限自今日起重新计算。")
            return redirect(reverse("apply:status") + "?code=" + code)
    application.refresh_from_db()
    context = {"code": code, "result": lookup.Result.FOUND.value, **_tracking(application, form)}
    return render(request, "applications/public/status.html", context, status=400)


@never_cache
def download(request, token):
    """A letter or a file of the information, by a link of the tracking page."""
    named = downloads.read(token)
    if named is None or named.get("a") not in request.session.get(VERIFIED, []):
        raise Http404("下载链接已失效，请重新查询后下载。")
    application = get_object_or_404(Application.objects.select_related("agency"), code=named["a"])
    if named.get("k") == downloads.LETTER:
        found = application.letters.filter(code=named.get("f"), to_applicant=True).first()
        name = found.filename if found else ""
    else:
        found = application.delivered.filter(code=named.get("f")).first()
        name = found.name if found else ""
    if found is None:
        raise Http404("没有找到该文件。")
    after_actions.note_applicant_download(
        application, name=name, kind=named["k"], letter=found if named["k"] == "letter" else None
    )
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=name)
