"""Back-office pages for reconsideration and litigation cases."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.agencies.access import load_agency, require_roles
from gongkai.agencies.models import Agency, Role
from gongkai.audit.models import AuditEvent
from gongkai.backoffice.access import staff_view
from gongkai.workflow import ActionError, show_on_form

from . import actions
from .forms import CaseForm, DeleteForm, YearFilterForm
from .models import Case

R = Role
WRITERS = actions.WRITERS


def load_case(request, code: str) -> tuple[Case, set[str]]:
    case = (
        Case.objects.select_related("agency", "application", "created_by").filter(code=code).first()
    )
    if case is None:
        raise Http404("没有找到该案件。")
    roles = require_roles(request.user, case.agency, request.required_roles)
    return case, roles


@staff_view()
def case_list(request):
    agencies = Agency.objects.visible_to(request.user).order_by("path")
    form = YearFilterForm(request.GET or None, agencies=agencies)
    qs = Case.objects.visible_to(request.user).select_related("agency", "application")
    year = None
    if form.is_valid():
        if form.cleaned_data["agency"]:
            qs = qs.filter(agency=form.cleaned_data["agency"])
        year = form.cleaned_data["year"]
        if year:
            qs = qs.counted_in(year)
    page = Paginator(qs.order_by("-filed_on", "-pk"), 30).get_page(request.GET.get("page"))
    writable = agencies.filter(
        memberships__user=request.user, memberships__role__in=WRITERS
    ).distinct()
    for case in page.object_list:
        case.cell = case.t4_cell(year) if year else None
    return render(
        request,
        "appeals/list.html",
        {"form": form, "page": page, "writable": writable, "year": year},
    )


@staff_view(*WRITERS)
def case_create(request, slug):
    agency, _ = load_agency(request, slug)
    form = CaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            case = actions.create_case(agency, acting_user=request.user, **form.cleaned_data)
        except ActionError as e:
            show_on_form(form, e)
        else:
            messages.success(request, "案件已登记。")
            return redirect(case.get_absolute_url())
    return render(request, "appeals/form.html", {"form": form, "agency": agency})


@staff_view()
def case_detail(request, case):
    case, roles = load_case(request, case)
    history = AuditEvent.objects.for_object(case).select_related("actor")
    return render(
        request,
        "appeals/detail.html",
        {
            "case": case,
            "can_edit": bool(roles & set(WRITERS)),
            "history": history,
            "delete_form": DeleteForm(),
        },
    )


@staff_view(*WRITERS)
def case_edit(request, case):
    case, _ = load_case(request, case)
    form = CaseForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in actions.FIELDS}
        try:
            actions.update_case(Case.objects.get(pk=case.pk), acting_user=request.user, **fields)
        except ActionError as e:
            show_on_form(form, e)
        else:
            messages.success(request, "案件已保存。")
            return redirect(case.get_absolute_url())
    return render(request, "appeals/form.html", {"form": form, "agency": case.agency, "case": case})


@require_POST
@staff_view(*WRITERS)
def case_delete(request, case):
    case, _ = load_case(request, case)
    form = DeleteForm(request.POST)
    if not form.is_valid():
        messages.error(request, "删除案件需要说明理由。")
        return redirect(case.get_absolute_url())
    actions.delete_case(case, acting_user=request.user, reason=form.cleaned_data["reason"])
    messages.success(request, "案件已删除。")
    return redirect("appeals:list")
