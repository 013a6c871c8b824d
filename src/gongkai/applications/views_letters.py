"""An agency's letters: the wording of each kind, and the Word layout they are printed in."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from gongkai.agencies.access import load_agency
from gongkai.agencies.models import Role
from gongkai.backoffice.access import staff_view
from gongkai.backoffice.forms import NoColon
from gongkai.workflow import ActionError, show_on_form

from . import letter_actions, letters
from .letter_texts import DEFAULTS, KIND_LABELS, ORDER, PLACEHOLDERS
from .models import Letterhead, LetterTemplate

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
        {
            "kind": kind,
            "label": KIND_LABELS[kind],
            "title": (own.get(kind) or None) and own[kind].title or DEFAULTS[kind][0],
            "own": own.get(kind),
        }
        for kind in ORDER
    ]
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
        letter_actions.save_template(agency, kind, None, None, acting_user=request.user)
        messages.success(request, "已恢复为默认模板。")
        return redirect("applications:template_edit", slug, kind)
    if request.method == "POST" and form.is_valid():
        try:
            letter_actions.save_template(
                agency,
                kind,
                form.cleaned_data["title"],
                form.cleaned_data["body"],
                acting_user=request.user,
            )
        except ActionError as e:
            show_on_form(form, e)
        else:
            messages.success(request, "模板已保存，此后生成的告知书使用新模板。")
            return redirect("applications:templates", slug)
    if request.GET.get("preview"):
        try:
            data = letters.sample(agency, kind, date.today())
        except ActionError as e:
            messages.error(request, e.message)
            return redirect("applications:template_edit", slug, kind)
        response = HttpResponse(data, content_type=DOCX)
        response["Content-Disposition"] = f'attachment; filename="sample-{kind}.docx"'
        return response
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


@staff_view(*ROLES)
def layout(request, slug):
    """GET: download the layout in use (the agency's, or the default); POST: upload one."""
    agency, _ = load_agency(request, slug)
    if request.method == "POST":
        if "reset" in request.POST:
            letter_actions.reset_layout(agency, acting_user=request.user)
            messages.success(request, "已恢复默认版式。")
            return redirect("applications:templates", slug)
        form = LayoutForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                letter_actions.store_layout(
                    agency, upload.name, upload.read(), acting_user=request.user
                )
            except ActionError as e:
                messages.error(request, e.message)
            else:
                messages.success(request, "版式已更换，此后生成的告知书使用新版式。")
        else:
            messages.error(request, "请选择版式文件。")
        return redirect("applications:templates", slug)
    response = HttpResponse(letters.layout_for(agency), content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="layout-{agency.slug}.docx"'
    return response
