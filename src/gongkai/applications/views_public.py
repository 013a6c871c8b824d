"""The portal's side: apply online, see the receipt, follow the application."""

from __future__ import annotations

import uuid

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from gongkai.agencies.models import Agency
from gongkai.publishing.catalog import GuideVersion
from gongkai.workflow import ActionError, show_on_form

from . import intake, lookup
from .forms import OnlineApplicationForm
from .models import Application
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


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request, slug):
    agency = get_object_or_404(Agency.objects.public(), slug=slug)
    form = OnlineApplicationForm(
        request.POST or None, request.FILES or None, initial={"token": uuid.uuid4()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            application, _new = intake.submit_online(
                agency,
                token=form.cleaned_data["token"],
                uploads=form.cleaned_data["attachments"],
                ip=lookup.client_ip(request),
                **form.intake_fields(),
            )
        except ActionError as e:
            show_on_form(form, e)
        else:
            request.session[RECEIPT] = application.code
            _remember(request, application.code)
            return redirect("apply:receipt")
    return render(
        request,
        "applications/public/apply.html",
        {"agency": agency, "form": form, "guide": GuideVersion.objects.current_for(agency)},
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
    if result is lookup.Result.FOUND:
        context.update(
            a=application,
            public_status=PUBLIC_STATUS[application.status],
            letters=application.letters.filter(to_applicant=True),
        )
    response = render(request, "applications/public/status.html", context)
    if result is lookup.Result.LIMITED:
        response.status_code = 429
    return response


@never_cache
def letter(request, code, letter):
    if code not in request.session.get(VERIFIED, []):
        raise Http404("请先输入查询码和手机号码后四位。")
    application = get_object_or_404(Application, code=code)
    found = application.letters.filter(code=letter, to_applicant=True).first()
    if found is None:
        raise Http404("没有找到该告知书。")
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.filename)
