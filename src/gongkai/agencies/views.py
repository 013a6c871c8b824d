"""An agency's administration: its profile, its staff and roles, its audit log."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.audit import privacy
from gongkai.audit.models import AuditEvent
from gongkai.backoffice.access import staff_view
from gongkai.workflow import ActionError, show_on_form

from . import actions as agency_actions
from .access import agencies_with_role, load_agency
from .forms import GrantForm, ProfileForm
from .models import Agency, Membership, Role

R = Role


@staff_view(R.ADMIN)
def agencies(request):
    mine = agencies_with_role(request.user, R.ADMIN).order_by("path")
    return render(request, "agencies/agencies.html", {"agencies": mine})


@staff_view(R.ADMIN)
def agency_profile(request, slug):
    agency, _ = load_agency(request, slug)
    form = ProfileForm(request.POST or None, instance=Agency.objects.get(pk=agency.pk))
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in form.Meta.fields}
        agency_actions.update_profile(agency, acting_user=request.user, **fields)
        messages.success(request, "机关信息已保存。")
        return redirect("agencies:agency_profile", slug)
    return render(request, "agencies/agency_profile.html", {"agency": agency, "form": form})


@staff_view(R.ADMIN)
def members(request, slug):
    agency, _ = load_agency(request, slug)
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency_actions.grant_role(agency, acting_user=request.user, **form.cleaned_data)
        except ActionError as e:
            show_on_form(form, e)
        else:
            messages.success(request, "已授予角色。")
            return redirect("agencies:members", slug)
    rows = (
        Membership.objects.filter(agency=agency)
        .select_related("user")
        .order_by("user__username", "role")
    )
    return render(request, "agencies/members.html", {"agency": agency, "form": form, "rows": rows})


@require_POST
@staff_view(R.ADMIN)
def member_revoke(request, slug, pk):
    agency, _ = load_agency(request, slug)
    membership = Membership.objects.filter(agency=agency, pk=pk).select_related("user").first()
    if membership is None:
        raise Http404("没有找到该岗位。")
    try:
        agency_actions.revoke_role(membership, acting_user=request.user)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, "已撤销角色。")
    return redirect("agencies:members", slug)


@staff_view()
def audit(request):
    events = AuditEvent.objects.select_related("actor", "agency")
    if not request.user.is_superuser:
        events = events.filter(agency__in=Agency.objects.visible_to(request.user))
    page = Paginator(events.order_by("-at", "-pk"), 50).get_page(request.GET.get("page"))
    page.object_list = privacy.shown(request.user, page.object_list)
    return render(request, "agencies/audit.html", {"page": page, "agency": None})


@staff_view(R.ADMIN, R.SUPERVISOR)
def agency_audit(request, slug):
    agency, _ = load_agency(request, slug)
    events = AuditEvent.objects.filter(agency=agency).select_related("actor", "agency")
    page = Paginator(events.order_by("-at", "-pk"), 50).get_page(request.GET.get("page"))
    page.object_list = privacy.shown(request.user, page.object_list)
    return render(request, "agencies/audit.html", {"page": page, "agency": agency})
