"""Back-office pages for items: list, edit, review, publish and the item's history."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from gongkai.agencies.access import load_agency
from gongkai.agencies.models import Agency, Role
from gongkai.audit.models import AuditEvent
from gongkai.backoffice.access import staff_view
from gongkai.workflow import ActionError, show_on_form

from . import actions, checklist, screening_jobs, signoff
from .access import load_item
from .forms import (
    AttachmentForm,
    CommentForm,
    ExpireForm,
    ItemFilterForm,
    ItemForm,
    RepealForm,
    ReviewForm,
)
from .models import Finding, Item, Screening
from .screening_actions import MASKABLE_STATES, MASKED_COPIES

R = Role


@staff_view()
def items(request):
    agencies = Agency.objects.visible_to(request.user).order_by("path")
    form = ItemFilterForm(request.GET or None, agencies=agencies)
    qs = Item.objects.visible_to(request.user).select_related("agency", "category")
    if form.is_valid():
        if form.cleaned_data["q"]:
            qs = qs.filter(title__icontains=form.cleaned_data["q"])
        if form.cleaned_data["agency"]:
            qs = qs.filter(agency=form.cleaned_data["agency"])
        if form.cleaned_data["status"]:
            qs = qs.filter(status=form.cleaned_data["status"])
        if form.cleaned_data["flagged"]:
            qs = qs.filter(pk__in=Finding.objects.open().values("item"))
    page = Paginator(qs.order_by("-updated_at", "-pk"), 30).get_page(request.GET.get("page"))
    editor_agencies = agencies.filter(memberships__user=request.user, memberships__role=R.EDITOR)
    return render(
        request,
        "publishing/items.html",
        {"form": form, "page": page, "editor_agencies": editor_agencies.distinct()},
    )


@staff_view(R.EDITOR)
def item_create(request, slug):
    agency, _ = load_agency(request, slug)
    form = ItemForm(request.POST or None, agency=agency, initial=_initial(request, agency))
    if request.method == "POST" and form.is_valid():
        try:
            item = actions.create_item(agency, acting_user=request.user, **form.cleaned_data)
        except ActionError as e:
            show_on_form(form, e)
        else:
            messages.success(request, "草稿已保存。")
            return redirect(item.get_staff_url())
    return render(request, "publishing/item_form.html", {"form": form, "agency": agency})


def _initial(request, agency) -> dict:
    """Drafting the 解读 of a document (?interprets=<its code>): the form starts filled."""
    document = Item.objects.filter(agency=agency, code=request.GET.get("interprets", "")).first()
    if document is None:
        return {}
    return {
        "doc_kind": Item.DocKind.INTERPRETATION,
        "interprets": document,
        "title": f"《{document.title}》政策解读",
        "category": document.category,
        "issued_on": document.issued_on,
        "made_on": document.made_on,
    }


@staff_view(R.EDITOR)
def item_edit(request, code):
    item, _ = load_item(request, code)
    if not item.is_editable:
        messages.error(request, f"“{item.get_status_display()}”状态的信息不能修改。")
        return redirect(item.get_staff_url())
    form = ItemForm(request.POST or None, instance=item, agency=item.agency)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            actions.update_item(Item.objects.get(pk=item.pk), acting_user=request.user, **fields)
        except ActionError as e:
            show_on_form(form, e)
        else:
            messages.success(request, "已保存。")
            return redirect(item.get_staff_url())
    return render(
        request, "publishing/item_form.html", {"form": form, "agency": item.agency, "item": item}
    )


@staff_view()
def item_detail(request, code):
    item, roles = load_item(request, code)
    history = AuditEvent.objects.for_object(item).select_related("actor")
    attachments = list(item.attachments.all())
    findings = list(item.findings.select_related("attachment", "acknowledged_by"))
    return render(
        request,
        "publishing/item_detail.html",
        {
            "item": item,
            "roles": roles,
            "moves": item.offered_moves(roles),
            "history": history,
            "reviews": item.reviews.select_related("reviewer"),
            "interpretations": item.interpretations.all(),
            "chain": signoff.chain(item.agency),
            "signatures": item.signatures.select_related("signer"),
            "next_step": signoff.next_step(item) if item.status == Item.Status.SUBMITTED else None,
            "attachments": attachments,
            **_screening_context(item, roles, attachments, findings),
            "attachment_form": AttachmentForm(),
            "comment_form": CommentForm(),
            "repeal_form": RepealForm(),
            "expire_form": ExpireForm(),
            "checklist": checklist.CONFIDENTIALITY_CHECKLIST,
        },
    )


def _screening_context(item, roles, attachments, findings) -> dict:
    maskable = {f.attachment_id for f in findings if f.attachment_id and f.maskable}
    can_mask = bool(roles & {R.EDITOR, R.REVIEWER}) and item.status in MASKABLE_STATES
    return {
        "screening": Screening.objects.select_related("job").filter(item=item).first(),
        "findings": findings,
        "can_mask": can_mask,
        "can_acknowledge": R.REVIEWER in roles or (R.PUBLISHER in roles and item.is_public),
        "can_screen": bool(roles & {R.EDITOR, R.REVIEWER, R.PUBLISHER}),
        "maskable_attachments": [
            a for a in attachments if a.pk in maskable and a.name.lower().endswith(MASKED_COPIES)
        ],
    }


def _done(request, item, message):
    messages.success(request, message)
    return redirect(item.get_staff_url())


def _failed(request, item, error: ActionError):
    messages.error(request, error.message)
    return redirect(item.get_staff_url())


def _move_view(role: str, form_class, invalid: str, action, done):
    """A POST that makes one move of an item with the fields of `form_class`, then goes
    back to the item with the outcome (`done` may take the moved item)."""

    @require_POST
    @staff_view(role)
    def view(request, code):
        item, _ = load_item(request, code)
        form = form_class(request.POST)
        if not form.is_valid():
            return _failed(request, item, ActionError(invalid))
        try:
            moved = action(item, acting_user=request.user, **form.cleaned_data)
        except ActionError as e:
            return _failed(request, item, e)
        return _done(request, item, done(moved) if callable(done) else done)

    return view


class NoFields(forms.Form):
    pass


item_submit = _move_view(R.EDITOR, CommentForm, "", actions.submit_item, "已提交审核。")
item_publish = _move_view(
    R.PUBLISHER,
    NoFields,
    "",
    actions.publish_item,
    lambda item: f"已发布，索引号 {item.index_number}。",
)
item_withdraw = _move_view(R.PUBLISHER, CommentForm, "", actions.withdraw_item, "已从门户撤回。")
item_repeal = _move_view(
    R.PUBLISHER, RepealForm, "请填写有效的废止日期。", actions.repeal_item, "已标记为废止。"
)
item_expire = _move_view(
    R.PUBLISHER, ExpireForm, "请填写有效的失效日期。", actions.expire_item, "已标记为失效。"
)
item_revise = _move_view(
    R.EDITOR, CommentForm, "", actions.revise_item, "已转为草稿，修改后需重新提交审核。"
)


@staff_view(R.REVIEWER)
def item_review(request, code):
    item, _ = load_item(request, code)
    if item.status != Item.Status.SUBMITTED:
        messages.error(request, f"该信息当前为“{item.get_status_display()}”，不在待审核状态。")
        return redirect(item.get_staff_url())
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        comment = form.cleaned_data["comment"]
        try:
            if form.cleaned_data["decision"] == "approve":
                actions.approve_item(
                    item, acting_user=request.user, answers=form.answers(), comment=comment
                )
                return _done(request, item, "审核通过，等待发布。")
            actions.return_item(
                item, acting_user=request.user, comment=comment, answers=form.answers()
            )
            return _done(request, item, "已退回编辑修改。")
        except ActionError as e:
            form.add_error("comment" if e.field == "comment" else None, e.message)
    return render(
        request,
        "publishing/item_review.html",
        {
            "item": item,
            "form": form,
            "blocked": screening_jobs.blocking(item),
            "interpretations": item.interpretations.all(),
            "signatures": signoff.current_signatures(item),
            "next_step": signoff.next_step(item),
        },
    )


@require_POST
@staff_view(R.EDITOR)
def attachment_add(request, code):
    item, _ = load_item(request, code)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _failed(request, item, ActionError("请选择要上传的文件。"))
    try:
        actions.add_attachment(item, form.cleaned_data["file"], acting_user=request.user)
    except (ActionError, ValidationError) as e:
        return _failed(request, item, e if isinstance(e, ActionError) else ActionError(str(e)))
    return _done(request, item, "附件已上传。")


@require_POST
@staff_view(R.EDITOR)
def attachment_delete(request, code, attachment):
    item, _ = load_item(request, code)
    found = item.attachments.filter(code=attachment).first()
    if found is None:
        raise Http404("没有找到该附件。")
    try:
        actions.remove_attachment(found, acting_user=request.user)
    except ActionError as e:
        return _failed(request, item, e)
    return _done(request, item, "附件已删除。")


@staff_view()
def attachment_download(request, code, attachment):
    item, _ = load_item(request, code)
    found = item.attachments.filter(code=attachment).first()
    if found is None:
        raise Http404("没有找到该附件。")
    return FileResponse(found.file.open("rb"), as_attachment=True, filename=found.name)
