"""The 部分公开 redaction page of an application: the files made (with their progress,
bases, hashes and checks), the form to make one, the downloads (officers only: the
files may hold the withheld personal data)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render

from gongkai.agencies.models import Role
from gongkai.backoffice.access import staff_view
from gongkai.backoffice.forms import NoColon
from gongkai.redaction import RedactionError
from gongkai.workflow import ActionError, show_on_form

from . import actions, redactions
from .access import load_application

R = Role


class RedactionForm(NoColon, forms.Form):
    file = forms.FileField(
        label="要提供的文件（PDF 或 Word）",
        help_text="Word（.docx、.doc）、WPS、OpenDocument 文档先按原版式转为 PDF 再遮盖",
    )
    terms = forms.CharField(
        label="遮盖的词语",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一个，如第三方的姓名、企业名称；文件中每一处都会遮盖",
    )
    rules = forms.MultipleChoiceField(
        label="同时遮盖",
        required=False,
        choices=list(redactions.RULES.items()),
        widget=forms.CheckboxSelectMultiple,
    )
    basis = forms.ChoiceField(
        label="词语和规则的法律依据", choices=list(redactions.BASES.items()), initial="第十五条"
    )
    regions = forms.CharField(
        label="遮盖的区域",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="每行一个：页码 左 上 右 下 法律依据 说明（单位：点，自页面左上角量起），"
        "如“2 72 100 300 140 第十六条 讨论意见”",
    )

    def clean_regions(self):
        try:
            return redactions.parse_regions(self.cleaned_data["regions"])
        except ActionError as e:
            raise forms.ValidationError(e.message) from None


@staff_view(R.OFFICER)
def redaction_list(request, code):
    application, _ = load_application(request, code)
    form = RedactionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = redactions.start(
                application,
                data["file"],
                acting_user=request.user,
                terms=data["terms"].splitlines(),
                rules=data["rules"],
                basis=data["basis"],
                regions=data["regions"],
            )
        except ActionError as e:
            show_on_form(form, e)
        else:
            messages.success(request, f"已开始遮盖处理“{made.name}”。")
            return redirect("applications:redactions", code=application.code)
    items = application.redactions.select_related("job", "created_by")
    return render(
        request,
        "applications/redactions.html",
        {"a": application, "form": form, "items": items},
    )


@staff_view(R.OFFICER)
def redaction_download(request, code, redaction):
    application, _ = load_application(request, code)
    found = application.redactions.filter(code=redaction).first()
    if found is None:
        raise Http404("没有找到该文件。")
    if not found.output:
        messages.error(request, f"“{found.name}”还没有通过验证的遮盖版本。")
        return redirect("applications:redactions", code=application.code)
    actions.note_personal_view(application, acting_user=request.user, what=f"redacted {found.name}")
    return FileResponse(found.output.open("rb"), as_attachment=True, filename=found.output_name)


def _with_source(request, code, redaction):
    application, _ = load_application(request, code)
    found = application.redactions.filter(code=redaction).first()
    if found is None:
        raise Http404("没有找到该文件。")
    return application, found


class MarkForm(NoColon, forms.Form):
    terms = forms.CharField(
        label="遮盖的词语",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="原处理的词语；文件中找不到的（如在图片中）请删去，改为在页面上标记区域",
    )
    regions = forms.CharField(
        label="遮盖的区域",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="在页面上拖动鼠标画框即自动填入；也可以手工填写，每行：页码 左 上 右 下 法律依据 说明（单位：点）",
    )

    def clean_regions(self):
        try:
            regions = redactions.parse_regions(self.cleaned_data["regions"])
        except ActionError as e:
            raise forms.ValidationError(e.message) from None
        if not regions:
            raise forms.ValidationError("请标记至少一个区域。")
        return regions


@staff_view(R.OFFICER)
def redaction_mark(request, code, redaction):
    """The file's pages, on which the officer draws the regions to withhold; then the
    file is redacted again with them (and the earlier terms and rules)."""
    application, found = _with_source(request, code, redaction)
    back = redirect("applications:redactions", code=application.code)
    if not found.source:
        messages.error(request, "没有原文件。")
        return back
    try:
        sizes = redactions.page_sizes(found)
    except RedactionError as e:
        messages.error(request, e.reason)
        return back
    initial = {"terms": "\n".join(t["text"] for t in found.terms)}
    form = MarkForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            made = redactions.start_again(
                found,
                acting_user=request.user,
                regions=form.cleaned_data["regions"],
                terms=form.cleaned_data["terms"].splitlines(),
            )
        except ActionError as e:
            show_on_form(form, e)
        else:
            messages.success(request, f"已按标记的区域重新处理“{made.name}”。")
            return back
    px = redactions.PREVIEW_DPI / 72
    pages = [
        {
            "number": n,
            "width": round(w, 2),
            "height": round(h, 2),
            "px_width": round(w * px),
            "px_height": round(h * px),
        }
        for n, (w, h) in enumerate(sizes, start=1)
    ]
    return render(
        request,
        "applications/redaction_mark.html",
        {"a": application, "r": found, "form": form, "pages": pages, "bases": redactions.BASES},
    )


@staff_view(R.OFFICER)
def redaction_preview(request, code, redaction):
    """One page of the file to redact, as an image (`?page=N`)."""
    application, found = _with_source(request, code, redaction)
    page = request.GET.get("page", "1")
    if not found.source or not page.isdigit():
        return redirect("applications:redactions", code=application.code)
    try:
        data = redactions.preview(found, int(page))
    except RedactionError as e:
        messages.error(request, e.reason)
        return redirect("applications:redactions", code=application.code)
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    return response
