"""An agency's catalog (公开目录) and guide (公开指南), kept by its administrator."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.agencies.access import load_agency
from gongkai.agencies.models import Role
from gongkai.backoffice.access import staff_view
from gongkai.workflow import ActionError, show_on_form

from . import catalog_actions
from .catalog import CatalogCategory, GuideVersion
from .forms import CategoryForm, GuideForm

R = Role


@staff_view(R.ADMIN)
def catalog(request, slug):
    agency, _ = load_agency(request, slug)
    form = CategoryForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            catalog_actions.save_category(agency, acting_user=request.user, **form.cleaned_data)
        except ActionError as e:
            show_on_form(form, e)
        else:
            messages.success(request, "类目已添加。")
            return redirect("publishing:catalog", slug)
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
        request, "publishing/catalog.html", {"agency": agency, "rows": rows, "form": form}
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
            show_on_form(form, e)
        else:
            messages.success(request, "类目已保存。")
            return redirect("publishing:catalog", slug)
    return render(
        request,
        "publishing/category_form.html",
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
    return redirect("publishing:catalog", slug)


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
        return redirect("publishing:guide", slug)
    versions = GuideVersion.objects.filter(agency=agency).select_related("created_by")
    return render(
        request,
        "publishing/guide.html",
        {"agency": agency, "form": form, "versions": versions, "current": current},
    )
