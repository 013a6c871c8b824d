"""A notice from the supervising office: its page (opening it marks it read for the
agency) and the agency's answer that it is done."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.agencies.access import load_agency, roles_in
from gongkai.audit.models import AuditEvent
from gongkai.backoffice.access import staff_view
from gongkai.workflow import ActionError

from . import notice_actions
from .models import Notice
from .views import supervisor_view


def load_notice(request, code: str) -> Notice:
    notice = (
        Notice.objects.visible_to(request.user)
        .select_related("agency", "report", "created_by", "opened_by")
        .filter(code=code)
        .first()
    )
    if notice is None:
        raise Http404("没有找到该事项。")
    return notice


@staff_view()
def notice(request, code):
    found = load_notice(request, code)
    if notice_actions.opens(request.user, found):
        found = notice_actions.mark_opened(found, acting_user=request.user)
        found = load_notice(request, code)
    roles = roles_in(request.user, found.agency)
    return render(
        request,
        "reports/notice.html",
        {
            "notice": found,
            "can_resolve": bool(roles & set(notice_actions.HANDLERS))
            and found.resolved_at is None
            and found.kind != Notice.Kind.RETURN,
            "history": AuditEvent.objects.for_object(found).select_related("actor"),
        },
    )


@require_POST
@supervisor_view
def send(request, slug):
    """The supervising office asks an agency to clean up (清理) or correct something."""
    agency, _ = load_agency(request, slug)
    back = request.POST.get("next", "")
    year = request.POST.get("year", "")
    try:
        found = notice_actions.send_notice(
            agency,
            request.POST.get("kind", Notice.Kind.CLEANUP),
            acting_user=request.user,
            title=request.POST.get("title", "") or "请清理整改",
            comment=request.POST.get("comment", ""),
            link=back if back.startswith("/staff/") else "",
            year=int(year) if year.isdigit() and 2000 <= int(year) <= 2100 else None,
        )
    except ActionError as e:
        messages.error(request, e.message)
        return redirect(back if back.startswith("/staff/") else "backoffice:dashboard")
    messages.success(request, "已发送，该机关的待办中可以看到，并已发邮件通知。")
    return redirect(found.get_absolute_url())


@require_POST
@staff_view(*notice_actions.HANDLERS)
def resolve(request, code):
    found = load_notice(request, code)
    try:
        notice_actions.resolve_notice(
            found, acting_user=request.user, comment=request.POST.get("comment", "")
        )
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, "已办结，监督机关可以看到。")
    return redirect(found.get_absolute_url())
