"""Back-office pages: the dashboard, agency administration, the audit log, supervision."""

from __future__ import annotations

from datetime import timedelta

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.agencies import actions as agency_actions
from gongkai.agencies.access import agencies_with_role
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.audit.models import AuditEvent
from gongkai.publishing import catalog_actions, deadlines
from gongkai.publishing.actions import ActionError
from gongkai.publishing.catalog import CatalogCategory, GuideVersion
from gongkai.publishing.models import Item

from .access import load_agency, staff_view
from .forms import CategoryForm, GrantForm, GuideForm, ProfileForm

R = Role
QUEUES = (
    (R.EDITOR, "待修改和草稿", (Item.Status.RETURNED, Item.Status.DRAFT)),
    (R.REVIEWER, "待审核", (Item.Status.SUBMITTED,)),
    (R.PUBLISHER, "待发布", (Item.Status.APPROVED,)),
)


def _overdue_cutoff():
    """Items made on or before this date are past the 20-working-day target today."""
    today = timezone.localdate()
    day = today
    while deadlines.publication_due(day) >= today:
        day -= timedelta(days=1)
    return day


@staff_view()
def dashboard(request):
    memberships = Membership.objects.filter(user=request.user).select_related("agency")
    by_agency: dict[int, dict] = {}
    for m in memberships:
        entry = by_agency.setdefault(m.agency_id, {"agency": m.agency, "roles": set()})
        entry["roles"].add(m.role)
    cutoff = _overdue_cutoff()
    panels = []
    for entry in sorted(by_agency.values(), key=lambda e: e["agency"].path):
        agency, roles = entry["agency"], entry["roles"]
        queues = []
        for role, label, states in QUEUES:
            if role in roles:
                qs = Item.objects.filter(agency=agency, status__in=states)
                queues.append(
                    {
                        "label": label,
                        "role": role,
                        "items": qs.order_by("made_on", "pk")[:10],
                        "count": qs.count(),
                    }
                )
        overdue = Item.objects.filter(
            agency=agency, made_on__lte=cutoff, published_on__isnull=True
        ).exclude(status=Item.Status.WITHDRAWN)
        panels.append(
            {
                "agency": agency,
                "roles": sorted(roles),
                "queues": queues,
                "overdue": overdue.count(),
                "editor": R.EDITOR in roles,
            }
        )
    return render(request, "backoffice/dashboard.html", {"panels": panels})


@staff_view(R.ADMIN)
def agencies(request):
    mine = agencies_with_role(request.user, R.ADMIN).order_by("path")
    return render(request, "backoffice/agencies.html", {"agencies": mine})


@staff_view(R.ADMIN)
def agency_profile(request, slug):
    agency, _ = load_agency(request, slug)
    form = ProfileForm(request.POST or None, instance=Agency.objects.get(pk=agency.pk))
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in form.Meta.fields}
        agency_actions.update_profile(agency, acting_user=request.user, **fields)
        messages.success(request, "机关信息已保存。")
        return redirect("backoffice:agency_profile", slug)
    return render(request, "backoffice/agency_profile.html", {"agency": agency, "form": form})


@staff_view(R.ADMIN)
def catalog(request, slug):
    agency, _ = load_agency(request, slug)
    form = CategoryForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            catalog_actions.save_category(agency, acting_user=request.user, **form.cleaned_data)
        except ActionError as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
        else:
            messages.success(request, "类目已添加。")
            return redirect("backoffice:catalog", slug)
    categories = (
        CatalogCategory.objects.filter(agency=agency)
        .annotate(n=Count("items"))
        .select_related("parent")
        .order_by("sort_order", "pk")
    )
    tree = [c for c in categories if c.parent_id is None]
    children: dict[int, list] = {}
    for c in categories:
        if c.parent_id:
            children.setdefault(c.parent_id, []).append(c)
    rows = [(c, children.get(c.pk, [])) for c in tree]
    return render(
        request, "backoffice/catalog.html", {"agency": agency, "rows": rows, "form": form}
    )


def _category(agency, code):
    found = CatalogCategory.objects.filter(agency=agency, code=code).first()
    if found is None:
        raise Http404("没有找到该类目。")
    return found


@staff_view(R.ADMIN)
def category_edit(request, slug, code):
    agency, _ = load_agency(request, slug)
    category = _category(agency, code)
    form = CategoryForm(request.POST or None, instance=category, agency=agency)
    if request.method == "POST" and form.is_valid():
        fields = {k: form.cleaned_data[k] for k in form.Meta.fields}
        try:
            catalog_actions.save_category(
                agency, acting_user=request.user, category=_category(agency, code), **fields
            )
        except ActionError as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
        else:
            messages.success(request, "类目已保存。")
            return redirect("backoffice:catalog", slug)
    return render(
        request,
        "backoffice/category_form.html",
        {"agency": agency, "category": category, "form": form},
    )


@require_POST
@staff_view(R.ADMIN)
def category_delete(request, slug, code):
    agency, _ = load_agency(request, slug)
    category = _category(agency, code)
    if catalog_actions.delete_category(category, acting_user=request.user):
        messages.success(request, f"类目“{category.name}”已删除。")
    else:
        messages.info(request, f"类目“{category.name}”下有信息或下级类目，已停用而未删除。")
    return redirect("backoffice:catalog", slug)


@staff_view(R.ADMIN)
def guide(request, slug):
    agency, _ = load_agency(request, slug)
    current = GuideVersion.objects.current_for(agency)
    initial = {k: getattr(current, k) for k in GuideVersion.SECTIONS} if current else {}
    form = GuideForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        version = catalog_actions.publish_guide(
            agency, acting_user=request.user, **form.cleaned_data
        )
        messages.success(request, f"公开指南第{version.number}版已发布。")
        return redirect("backoffice:guide", slug)
    versions = GuideVersion.objects.filter(agency=agency).select_related("created_by")
    return render(
        request,
        "backoffice/guide.html",
        {"agency": agency, "form": form, "versions": versions, "current": current},
    )


@staff_view(R.ADMIN)
def members(request, slug):
    agency, _ = load_agency(request, slug)
    form = GrantForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency_actions.grant_role(agency, acting_user=request.user, **form.cleaned_data)
        except agency_actions.MembershipError as e:
            form.add_error(e.field if e.field in form.fields else None, e.message)
        else:
            messages.success(request, "已授予角色。")
            return redirect("backoffice:members", slug)
    rows = (
        Membership.objects.filter(agency=agency)
        .select_related("user")
        .order_by("user__username", "role")
    )
    return render(
        request, "backoffice/members.html", {"agency": agency, "form": form, "rows": rows}
    )


@require_POST
@staff_view(R.ADMIN)
def member_revoke(request, slug, pk):
    agency, _ = load_agency(request, slug)
    membership = Membership.objects.filter(agency=agency, pk=pk).select_related("user").first()
    if membership is None:
        raise Http404("没有找到该岗位。")
    try:
        agency_actions.revoke_role(membership, acting_user=request.user)
    except agency_actions.MembershipError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, "已撤销角色。")
    return redirect("backoffice:members", slug)


@staff_view()
def audit(request):
    events = AuditEvent.objects.visible_to(request.user).select_related("actor", "agency")
    page = Paginator(events.order_by("-at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(request, "backoffice/audit.html", {"page": page, "agency": None})


@staff_view(R.ADMIN, R.SUPERVISOR)
def agency_audit(request, slug):
    agency, _ = load_agency(request, slug)
    events = AuditEvent.objects.filter(agency=agency).select_related("actor", "agency")
    page = Paginator(events.order_by("-at", "-pk"), 50).get_page(request.GET.get("page"))
    return render(request, "backoffice/audit.html", {"page": page, "agency": agency})


@staff_view(R.SUPERVISOR)
def supervision(request):
    year_start = timezone.localdate().replace(month=1, day=1)
    cutoff = _overdue_cutoff()
    public = Q(items__status__in=Item.PUBLIC_STATES)
    agencies_qs = (
        Agency.objects.supervised_by(request.user)
        .annotate(
            published_this_year=Count(
                "items", filter=public & Q(items__published_on__gte=year_start)
            ),
            public_total=Count("items", filter=public),
            pending=Count(
                "items", filter=Q(items__status__in=[Item.Status.SUBMITTED, Item.Status.APPROVED])
            ),
            overdue=Count(
                "items",
                filter=Q(items__made_on__lte=cutoff, items__published_on__isnull=True)
                & ~Q(items__status=Item.Status.WITHDRAWN),
            ),
            last_published=Max("items__published_on"),
        )
        .order_by("path")
    )
    return render(request, "backoffice/supervision.html", {"agencies": agencies_qs})
