"""The back-office page where the top supervising office loads holiday schedules."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.agencies.access import agencies_with_role
from gongkai.agencies.models import Role
from gongkai.backoffice.access import staff_view
from gongkai.workdays import builtin_schedules
from gongkai.workflow import ActionError

from . import actions
from .forms import ScheduleForm
from .models import HolidaySchedule


def may_load(user) -> bool:
    """Schedules apply to every agency: only a supervisor of a top-level government loads them."""
    return agencies_with_role(user, Role.SUPERVISOR).filter(parent__isnull=True).exists()


def _require_loader(request) -> None:
    if not may_load(request.user):
        raise PermissionDenied("只有最上级政务公开办可以载入节假日安排。")


@staff_view(Role.SUPERVISOR, Role.ADMIN, Role.OFFICER)
def schedules(request):
    form = ScheduleForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        _require_loader(request)
        if form.is_valid():
            source = form.cleaned_data["source"] or form.cleaned_data.get("name", "")
            try:
                rows = actions.load(
                    form.cleaned_data["text"], acting_user=request.user, source=source
                )
            except ActionError as e:
                form.add_error("file" if form.cleaned_data.get("name") else "text", e.message)
            else:
                years = "、".join(str(r.year) for r in rows)
                messages.success(request, f"已载入{years}年节假日安排，相关答复期限已重新计算。")
                return redirect("holidays:schedules")
    builtin = sorted(builtin_schedules())
    return render(
        request,
        "holidays/schedules.html",
        {
            "form": form,
            "rows": HolidaySchedule.objects.select_related("updated_by"),
            "builtin_first": builtin[0],
            "builtin_last": builtin[-1],
            "may_load": may_load(request.user),
        },
    )


def _row(year: int) -> HolidaySchedule:
    row = HolidaySchedule.objects.filter(year=year).first()
    if row is None:
        raise Http404("没有载入该年度的节假日安排。")
    return row


@staff_view(Role.SUPERVISOR, Role.ADMIN, Role.OFFICER)
def schedule_text(request, year):
    row = _row(year)
    response = HttpResponse(row.text, content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="holidays-{year}.txt"'
    return response


@require_POST
@staff_view(Role.SUPERVISOR)
def schedule_delete(request, year):
    _require_loader(request)
    actions.delete(_row(year), acting_user=request.user)
    messages.success(request, f"已删除{year}年节假日安排。")
    return redirect("holidays:schedules")
