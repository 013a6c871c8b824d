"""Back-office pages of the register: the list (searched by officers answering
applications), an entry, registering and editing, the disclosure office's confirmation,
Excel import and export."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.agencies.access import load_agency
from gongkai.agencies.models import Agency, Role
from gongkai.audit.models import AuditEvent
from gongkai.backoffice.access import staff_view
from gongkai.jobs import exports
from gongkai.workflow import ActionError, show_on_form

from . import actions, export_jobs, register_xlsx, rules
from .access import load_document
from .forms import DocumentForm, ImportForm, RegisterFilterForm
from .models import Document

R = Role


def _filtered(request, agencies):
    form = RegisterFilterForm(request.GET or None, agencies=agencies)
    qs = Document.objects.visible_to(request.user).select_related("agency", "item")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            qs = qs.filter(Q(title__icontains=data["q"]) | Q(number__icontains=data["q"]))
        if data["attribute"] == "none":
            qs = qs.filter(attribute="")
        elif data["attribute"]:
            qs = qs.filter(attribute=data["attribute"])
        if data["kind"]:
            qs = qs.filter(kind=data["kind"])
        if data["agency"]:
            qs = qs.filter(agency=data["agency"])
    return form, qs


@staff_view()
def register(request):
    agencies = Agency.objects.visible_to(request.user).order_by("path")
    form, qs = _filtered(request, agencies)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    editor_agencies = agencies.filter(memberships__user=request.user, memberships__role=R.EDITOR)
    return render(
        request,
        "documents/register.html",
        {"form": form, "page": page, "editor_agencies": editor_agencies.distinct()},
    )


@staff_view()
def export(request, slug):
    agency, _ = load_agency(request, slug)
    documents = export_jobs.documents_of(agency)
    if exports.too_big(documents.count()):
        job = exports.start(
            export_jobs.NAME,
            label=f"导出{agency.name}公文登记",
            params={"agency": agency.pk},
            agency=agency,
            user=request.user,
        )
        return redirect(job)
    response = HttpResponse(register_xlsx.export(documents), content_type=exports.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export_jobs.filename(agency)}"'
    return response


@staff_view(R.EDITOR)
def import_view(request, slug):
    agency, _ = load_agency(request, slug)
    form = ImportForm(request.POST or None, request.FILES or None)
    details: list[str] = []
    if request.method == "POST" and form.is_valid():
        try:
            created = actions.import_register(
                agency, form.cleaned_data["file"], acting_user=request.user
            )
        except ActionError as e:
            show_on_form(form, e)
            details = e.details
        else:
            messages.success(request, f"已导入{len(created)}件公文。")
            return redirect("documents:entries")
    return render(
        request,
        "documents/import.html",
        {"form": form, "agency": agency, "details": details},
    )


@staff_view(R.EDITOR)
def create(request, slug):
    agency, _ = load_agency(request, slug)
    form = DocumentForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            document = actions.register(agency, acting_user=request.user, **form.cleaned_data)
        except ActionError as e:
            show_on_form(form, e)
        else:
            messages.success(request, _saved(document))
            return redirect(document.get_staff_url())
    return _form_page(request, form, agency)


def _saved(document: Document) -> str:
    if document.item_id:
        return "已登记，并生成了待发布的公开信息草稿。"
    if document.needs_confirmation:
        return "已登记。政策文件不予公开，须经政务公开机构确认。"
    return "已登记。"


def _form_page(request, form, agency, document=None):
    return render(
        request,
        "documents/document_form.html",
        {
            "form": form,
            "agency": agency,
            "document": document,
            "bases": rules.BASES,
            "suggested": {
                rules.KIND_LABELS[k]: dict(rules.ATTRIBUTES)[a] + ("（不可更改）" if locked else "")
                for k, (a, locked) in rules.SUGGESTED.items()
            },
        },
    )


@staff_view(R.EDITOR)
def edit(request, code):
    document, _ = load_document(request, code)
    form = DocumentForm(request.POST or None, instance=document, agency=document.agency)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            actions.update(Document.objects.get(pk=document.pk), acting_user=request.user, **fields)
        except ActionError as e:
            show_on_form(form, e)
        else:
            messages.success(request, "已保存。")
            return redirect(document.get_staff_url())
    return _form_page(request, form, document.agency, document)


@staff_view()
def detail(request, code):
    document, roles = load_document(request, code)
    return render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            "roles": roles,
            "history": AuditEvent.objects.for_object(document).select_related("actor"),
        },
    )


@require_POST
@staff_view(R.ADMIN, R.SUPERVISOR)
def confirm(request, code):
    document, _ = load_document(request, code)
    try:
        actions.confirm_withholding(document, acting_user=request.user)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, "已确认不予公开。")
    return redirect(document.get_staff_url())
