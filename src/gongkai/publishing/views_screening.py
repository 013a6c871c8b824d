"""Pages and buttons of the automatic screening: screen again, acknowledge a warning,
mask a finding in the body, replace an attachment by its masked copy; the agency's
word list (敏感词表, for its administrators)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.agencies.access import load_agency
from gongkai.agencies.models import Role
from gongkai.backoffice.access import staff_view
from gongkai.backoffice.forms import NoColon
from gongkai.workflow import ActionError, show_on_form

from . import screening_actions
from .access import load_item
from .models import AgencyWord

R = Role


class AcknowledgeForm(NoColon, forms.Form):
    finding = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label="确认理由", max_length=300, required=False)


class FindingForm(forms.Form):
    finding = forms.IntegerField(widget=forms.HiddenInput)


class WordForm(NoColon, forms.ModelForm):
    class Meta:
        model = AgencyWord
        fields = ["word", "severity"]
        help_texts = {"word": "如内部项目代号、不宜公开的称谓；检查时正文和附件中出现即提示"}


def _back(request, item, error: ActionError | None = None, done: str = ""):
    if error is not None:
        messages.error(request, error.message)
    elif done:
        messages.success(request, done)
    return redirect(item.get_staff_url() + "#screening")


def _finding(item, form):
    """The finding named by the form, of this item; None (and an error shown) if not."""
    if not form.is_valid():
        return None
    return item.findings.filter(pk=form.cleaned_data["finding"]).first()


@require_POST
@staff_view(R.EDITOR, R.REVIEWER, R.PUBLISHER)
def screen_again(request, code):
    item, _ = load_item(request, code)
    try:
        screening_actions.screen_again(item, acting_user=request.user)
    except ActionError as e:
        return _back(request, item, e)
    return _back(request, item, done="已重新开始自动保密检查。")


@require_POST
@staff_view(R.REVIEWER, R.PUBLISHER)
def acknowledge(request, code):
    item, _ = load_item(request, code)
    form = AcknowledgeForm(request.POST)
    finding = _finding(item, form)
    if finding is None:
        return _back(request, item, ActionError("没有找到这处检查发现，可能已重新检查。"))
    try:
        screening_actions.acknowledge(
            finding, acting_user=request.user, reason=form.cleaned_data["reason"]
        )
    except ActionError as e:
        return _back(request, item, e)
    return _back(request, item, done=f"已确认：{finding.place}。")


@require_POST
@staff_view(R.EDITOR, R.REVIEWER)
def mask_finding(request, code):
    item, _ = load_item(request, code)
    finding = _finding(item, FindingForm(request.POST))
    if finding is None:
        return _back(request, item, ActionError("没有找到这处检查发现，可能已重新检查。"))
    try:
        screening_actions.mask_in_body(finding, acting_user=request.user)
    except ActionError as e:
        return _back(request, item, e)
    return _back(request, item, done=f"已遮盖正文中的这处内容（{finding.place}），正在重新检查。")


@require_POST
@staff_view(R.EDITOR, R.REVIEWER)
def mask_attachment(request, code, attachment):
    item, _ = load_item(request, code)
    found = item.attachments.filter(code=attachment).first()
    if found is None:
        return _back(request, item, ActionError("没有找到该附件。"))
    try:
        copy = screening_actions.mask_attachment(found, acting_user=request.user)
    except ActionError as e:
        return _back(request, item, e)
    return _back(request, item, done=f"已生成遮盖副本“{copy.name}”并替换原附件，正在重新检查。")


@staff_view(R.ADMIN)
def words(request, slug):
    agency, _ = load_agency(request, slug)
    form = WordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            screening_actions.add_word(agency, acting_user=request.user, **form.cleaned_data)
        except ActionError as e:
            show_on_form(form, e)
        else:
            messages.success(request, "已添加。新提交的信息按新词表检查；已提交的可“重新检查”。")
            return redirect("publishing:words", slug=agency.slug)
    entries = AgencyWord.objects.filter(agency=agency).select_related("created_by")
    return render(
        request, "publishing/words.html", {"agency": agency, "form": form, "entries": entries}
    )


@require_POST
@staff_view(R.ADMIN)
def word_delete(request, slug):
    agency, _ = load_agency(request, slug)
    pk = request.POST.get("word", "")
    entry = AgencyWord.objects.filter(agency=agency, pk=pk).first() if pk.isdigit() else None
    if entry is None:
        messages.error(request, "没有找到这个词。")
    else:
        screening_actions.remove_word(entry, acting_user=request.user)
        messages.success(request, f"已删除“{entry.word}”。")
    return redirect("publishing:words", slug=agency.slug)
