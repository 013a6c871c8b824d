"""An agency's letters: the wording of each kind, and the Word layout they are printed in."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai.agencies.models import Role
from gongkai.audit.log import record
from gongkai.backoffice.access import load_agency, staff_view
from gongkai.backoffice.forms import NoColon

from . import docx_render, files, letters
from .errors import ActionError
from .letter_texts import DEFAULTS, KIND_LABELS, ORDER, PLACEHOLDERS
from .records import Letterhead, LetterTemplate

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ROLES = (Role.OFFICER, Role.ADMIN)


class TemplateForm(NoColon, forms.Form):
    title = forms.CharField(label="标题", max_length=100)
    body = forms.CharField(
        label="正文",
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text="每行一段。可用的占位符见右侧，写作 {申请人} 这样的形式。",
    )


class LayoutForm(NoColon, forms.Form):
    file = forms.FileField(label="版式文件（.docx）")


@staff_view(*ROLES)
def templates(request, slug):
    agency, _ = load_agency(request, slug)
    own = {t.kind: t for t in LetterTemplate.objects.filter(agency=agency)}
    rows = [
        {"kind": kind, "label": KIND_LABELS[kind], "title": (own.get(kind) or None) and own[kind].title
         or DEFAULTS[kind][0], "own": own.get(kind)}
        for kind in ORDER
    ]  # fmt: skip
    return render(
        request,
        "applications/templates.html",
        {
            "agency": agency,
            "rows": rows,
            "layout": Letterhead.objects.filter(agency=agency).first(),
            "layout_form": LayoutForm(),
        },
    )


def _kind(kind: str) -> str:
    if kind not in DEFAULTS:
        raise Http404("没有这种告知书。")
    return kind


@staff_view(*ROLES)
def template_edit(request, slug, kind):
    agency, _ = load_agency(request, slug)
    kind = _kind(kind)
    title, body = letters.template_for(agency, kind)
    form = TemplateForm(request.POST or None, initial={"title": title, "body": body})
    if request.method == "POST" and "reset" in request.POST:
        _save_template(agency, kind, None, None, acting_user=request.user)
        messages.success(request, "已恢复为默认模板。")
        return redirect("applications:template_edit", slug, kind)
    if request.method == "POST" and form.is_valid():
        try:
            letters.check_body(form.cleaned_data["body"])
        except ActionError as e:
            form.add_error("body", e.message)
        else:
            _save_template(agency, kind, form.cleaned_data["title"], form.cleaned_data["body"],
                           acting_user=request.user)  # fmt: skip
            messages.success(request, "模板已保存，此后生成的告知书使用新模板。")
            return redirect("applications:templates", slug)
    if request.GET.get("preview"):
        return _preview(agency, kind, request.user)
    return render(
        request,
        "applications/template_edit.html",
        {
            "agency": agency,
            "kind": kind,
            "label": KIND_LABELS[kind],
            "form": form,
            "placeholders": PLACEHOLDERS.items(),
            "custom": LetterTemplate.objects.filter(agency=agency, kind=kind).exists(),
        },
    )


@transaction.atomic
def _save_template(agency, kind, title, body, *, acting_user) -> None:
    existing = LetterTemplate.objects.filter(agency=agency, kind=kind).first()
    if title is None:
        if existing:
            existing.delete()
    else:
        existing = existing or LetterTemplate(agency=agency, kind=kind)
        existing.title, existing.body = title, body
        existing.updated_by, existing.updated_at = acting_user, timezone.now()
        existing.save()
    record("application.template", target=agency, agency=agency, acting_user=acting_user,
           data={"kind": kind, "reset": title is None})  # fmt: skip


def _preview(agency, kind: str, user) -> HttpResponse:
    """A sample letter of this kind, filled with made-up values, not numbered or stored."""
    title, body = letters.template_for(agency, kind)
    sample = {name: f"〔{desc}〕" for name, desc in PLACEHOLDERS.items()}
    sample.update({"申请人": "张三", "查询码": "ABCD234567", "机关名称": agency.name,
                   "收到日期": letters.chinese_date(date.today())})  # fmt: skip
    lines = [line for line in body.format_map(letters._Values(sample)).splitlines() if line.strip()]
    data = docx_render.render(
        letters.layout_for(agency),
        {"标题": title, "文号": "（样例）", "称谓": "张三：", "机关名称": agency.name,
         "日期": letters.chinese_date(date.today()), "查询码": "ABCD234567"},
        lines,
    )  # fmt: skip
    response = HttpResponse(data, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="sample-{kind}.docx"'
    return response


@staff_view(*ROLES)
def layout(request, slug):
    """GET: download the layout in use (the agency's, or the default); POST: upload one."""
    agency, _ = load_agency(request, slug)
    if request.method == "POST":
        if "reset" in request.POST:
            with transaction.atomic():
                Letterhead.objects.filter(agency=agency).delete()
                record("application.letterhead", target=agency, agency=agency,
                       acting_user=request.user, data={"reset": True})  # fmt: skip
            messages.success(request, "已恢复默认版式。")
            return redirect("applications:templates", slug)
        form = LayoutForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            data = upload.read()
            try:
                if not upload.name.lower().endswith(".docx"):
                    raise docx_render.LayoutError("请上传 .docx 格式的 Word 文件。")
                docx_render.check_layout(data)
                _store_layout(agency, upload.name, data, acting_user=request.user)
            except docx_render.LayoutError as e:
                messages.error(request, str(e))
            else:
                messages.success(request, "版式已更换，此后生成的告知书使用新版式。")
        else:
            messages.error(request, "请选择版式文件。")
        return redirect("applications:templates", slug)
    response = HttpResponse(letters.layout_for(agency), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="layout-{agency.slug}.docx"'
    return response


@files.action
def _store_layout(agency, name: str, data: bytes, *, acting_user) -> None:
    from django.core.files.base import ContentFile

    current = Letterhead.objects.filter(agency=agency).first() or Letterhead(agency=agency)
    old = current.file.name if current.pk else None
    current.file.save("layout.docx", ContentFile(data), save=False)
    files.written(current.file.storage, current.file.name)
    current.name, current.uploaded_by, current.uploaded_at = (
        name[-200:],
        acting_user,
        timezone.now(),
    )
    current.save()
    record("application.letterhead", target=agency, agency=agency, acting_user=acting_user,
           data={"name": name})  # fmt: skip
    if old:
        storage = current.file.storage
        transaction.on_commit(lambda: storage.delete(old))
