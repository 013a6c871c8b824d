"""年报批量检查: upload reports published elsewhere (files or a .zip of them), checked in
a background job; then the results, file by file, and their downloads."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from gongkai.agencies.models import Agency
from gongkai.backoffice.access import staff_view
from gongkai.backoffice.forms import NoColon
from gongkai.jobs import exports
from gongkai.jobs.access import load_job
from gongkai.workflow import ActionError, show_on_form

from . import bulk_check


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        items = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        found = [single(item, initial) for item in items if item]
        if not found:
            raise forms.ValidationError("请选择要检查的年度报告文件或压缩包。")
        return found


class BulkCheckForm(NoColon, forms.Form):
    files = MultipleFileField(
        label="年度报告文件",
        help_text="可选多个文件，或上传一个 .zip 压缩包；支持网页（.html）、文本（.txt）、"
        "Word（.docx）、PDF 及本系统的 JSON。",
    )
    agency = forms.ModelChoiceField(
        label="所属机关",
        queryset=Agency.objects.none(),
        empty_label=None,
        help_text="检查结果供该机关的工作人员查看。",
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = (
            Agency.objects.filter(memberships__user=user).distinct().order_by("path")
        )


@staff_view()
def bulk_check_page(request):
    form = BulkCheckForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            batch = bulk_check.unpack(form.cleaned_data["files"])
        except ActionError as error:
            show_on_form(form, error)
        else:
            job = bulk_check.start(
                batch, agency=form.cleaned_data["agency"], acting_user=request.user
            )
            return redirect(job)
    return render(
        request,
        "reports/bulk_check.html",
        {
            "form": form,
            "max_files": bulk_check.max_files(),
            "extensions": "、".join(bulk_check.EXTENSIONS),
        },
    )


@never_cache
@staff_view()
def results(request, code):
    job = load_job(request, code)
    if job.kind != bulk_check.KIND:
        raise Http404("没有找到该检查。")
    if not job.finished:
        return redirect(job)
    rows = bulk_check.read_results(job)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "reports/bulk_check_results.html",
        {
            "job": job,
            "page": page,
            "totals": job.result if isinstance(job.result, dict) else {},
            "downloads": {key: exports.download_url(job, key) for key in ("jsonl", "xlsx")},
            "expired": job.state == job.State.DONE and not rows and job.result.get("files"),
        },
    )
