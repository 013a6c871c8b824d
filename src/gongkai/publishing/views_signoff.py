"""Pages of the sign-off chain (the agency's configuration, signing an item) and of
scheduled publishing."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.agencies.access import load_agency
from gongkai.agencies.models import Role
from gongkai.backoffice.access import staff_view
from gongkai.backoffice.forms import NoColon
from gongkai.workflow import ActionError

from . import signoff, signoff_actions
from .access import load_item

R = Role
ROWS = 5
ROLE_CHOICES = [
    ("", "（不设此环节）"),
    ("reviewer", "审核"),
    ("publisher", "发布"),
    ("admin", "机关管理员"),
]


class ChainForm(NoColon, forms.Form):
    def __init__(self, *args, steps=(), **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(1, ROWS + 1):
            step = steps[i - 1] if i <= len(steps) else None
            self.fields[f"title_{i}"] = forms.CharField(
                label=f"第{i}环节",
                required=False,
                max_length=60,
                initial=step.title if step else "",
            )
            self.fields[f"role_{i}"] = forms.ChoiceField(
                label="签批角色",
                required=False,
                choices=ROLE_CHOICES,
                initial=step.role if step else "",
            )
            self.fields[f"checklist_{i}"] = forms.CharField(
                label="核对事项（每行一项）",
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial="\n".join(step.checklist) if step else "",
            )

    def steps(self) -> list[dict]:
        data = self.cleaned_data
        return [
            {
                "title": data[f"title_{i}"],
                "role": data[f"role_{i}"],
                "checklist": data[f"checklist_{i}"].splitlines(),
            }
            for i in range(1, ROWS + 1)
        ]

    def rows(self):
        return [
            (self[f"title_{i}"], self[f"role_{i}"], self[f"checklist_{i}"])
            for i in range(1, ROWS + 1)
        ]


@staff_view(R.ADMIN)
def chain(request, slug):
    agency, _ = load_agency(request, slug)
    form = ChainForm(request.POST or None, steps=signoff.chain(agency))
    if request.method == "POST" and form.is_valid():
        try:
            signoff_actions.set_chain(agency, form.steps(), acting_user=request.user)
        except ActionError as e:
            form.add_error(None, e.message)
        else:
            messages.success(request, "签批流程已保存。")
            return redirect("publishing:signoff", agency.slug)
    return render(request, "publishing/signoff.html", {"agency": agency, "form": form})


@require_POST
@staff_view(R.REVIEWER, R.PUBLISHER, R.ADMIN)
def item_sign(request, code):
    item, _ = load_item(request, code)
    step = signoff.next_step(item)
    answers = {}
    if step is not None:
        answers = {
            line: bool(request.POST.get(f"check_{i}"))
            for i, line in enumerate(step.checklist, start=1)
        }
    try:
        signoff_actions.sign_item(
            item, acting_user=request.user, answers=answers, comment=request.POST.get("comment", "")
        )
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(request, f"已签批：{step.title}。")
    return redirect(item.get_staff_url())


class ScheduleForm(forms.Form):
    publish_at = forms.DateTimeField(required=False, input_formats=["%Y-%m-%dT%H:%M"])


@require_POST
@staff_view(R.PUBLISHER)
def item_schedule(request, code):
    item, _ = load_item(request, code)
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写有效的发布时间。")
        return redirect(item.get_staff_url())
    when = form.cleaned_data["publish_at"]
    try:
        signoff_actions.schedule_item(item, acting_user=request.user, publish_at=when)
    except ActionError as e:
        messages.error(request, e.message)
    else:
        messages.success(
            request, f"将于{when:%Y-%m-%d %H:%M}自动发布。" if when else "已取消定时发布。"
        )
    return redirect(item.get_staff_url())
