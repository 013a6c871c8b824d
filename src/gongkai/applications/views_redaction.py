"""The 部分公开 redaction page of an application: the files made (with their progress,
bases, hashes and checks), the form to make one, the downloads (officers only: the
files may hold the withheld personal data)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render

from gongkai.agencies.models import Role
from gongkai.backoffice.access import staff_view
from gongkai.backoffice.forms import NoColon
from gongkai.workflow import ActionError, show_on_form

from . import actions, redactions
from .access import load_application

R = Role


class RedactionForm(NoColon, forms.Form):
    file = forms.FileField(label="要提供的文件（PDF）")
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
