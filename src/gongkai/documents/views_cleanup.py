"""Back-office pages of 清理 batches: the list, opening one, each agency marking its
documents, and the disclosure office finishing it."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Agency, Role
from gongkai.backoffice.access import staff_view
from gongkai.backoffice.forms import DateInput, NoColon
from gongkai.workflow import ActionError, show_on_form

from . import cleanup
from .models import CleanupBatch, CleanupEntry

R = Role


class OpenForm(NoColon, forms.Form):
    agency = forms.ModelChoiceField(label="清理范围（含下级机关）", queryset=None, empty_label=None)
    title = forms.CharField(label="名称", max_length=200, initial="行政规范性文件清理")
    due_on = forms.DateField(label="完成期限", widget=DateInput())

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.supervised_by(user).order_by("path")


def _load(request, code: str) -> CleanupBatch:
    batch = CleanupBatch.objects.visible_to(request.user).filter(code=code).first()
    if batch is None:
        raise Http404("没有找到该清理。")
    return batch


@staff_view()
def cleanups(request):
    batches = CleanupBatch.objects.visible_to(request.user).select_related("agency")
    supervises = Agency.objects.supervised_by(request.user).exists()
    return render(
        request, "documents/cleanups.html", {"batches": batches, "supervises": supervises}
    )


@staff_view(R.SUPERVISOR)
def cleanup_open(request):
    form = OpenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            batch = cleanup.open_batch(
                data["agency"], acting_user=request.user, title=data["title"], due_on=data["due_on"]
            )
        except ActionError as e:
            show_on_form(form, e)
        else:
            messages.success(request, f"已发起清理，共{batch.entries.count()}件现行有效文件。")
            return redirect(batch.get_staff_url())
    return render(request, "documents/cleanup_open.html", {"form": form})


@staff_view()
def cleanup_detail(request, code):
    batch = _load(request, code)
    visible = Agency.objects.visible_to(request.user)
    entries = batch.entries.filter(agency__in=visible).select_related(
        "agency", "document", "document__item", "decided_by"
    )
    deciding = {a.pk for a in visible if roles_in(request.user, a) & {R.EDITOR, R.ADMIN}}
    progress = {
        "total": batch.entries.count(),
        "decided": batch.entries.exclude(decision="").count(),
    }
    return render(
        request,
        "documents/cleanup_detail.html",
        {
            "batch": batch,
            "entries": entries,
            "deciding": deciding,
            "decisions": CleanupEntry.Decision.choices,
            "progress": progress,
            "can_finish": R.SUPERVISOR in roles_in(request.user, batch.agency),
        },
    )


@require_POST
@staff_view(R.EDITOR, R.ADMIN)
def cleanup_decide(request, code):
    batch = _load(request, code)
    entry = batch.entries.filter(pk=request.POST.get("entry") or 0).first()
    if entry is None:
        messages.error(request, "请选择要作出结论的文件。")
        return redirect(batch.get_staff_url())
    try:
        cleanup.decide(
            entry,
            acting_user=request.user,
            decision=request.POST.get("decision", ""),
            note=request.POST.get("note", ""),
        )
    except ActionError as e:
        messages.error(request, f"《{entry.document.title}》：{e.message}")
    else:
        messages.success(request, f"已记录《{entry.document.title}》的清理结论。")
    return redirect(batch.get_staff_url())


@require_POST
@staff_view(R.SUPERVISOR)
def cleanup_finish(request):
    if not request.POST.get("batch"):
        messages.error(request, "请选择要完成的清理。")
        return redirect("documents:cleanups")
    batch = _load(request, request.POST["batch"])
    try:
        cleanup.finish(batch, acting_user=request.user)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, "清理已完成，结果已在门户公布。")
    return redirect(batch.get_staff_url())
