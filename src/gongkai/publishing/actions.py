"""Every change to an item, one function per action.

Each runs in one transaction, takes the acting user as a keyword, checks the role and
the state again (views are not trusted), writes the audit row and keeps the search
index in step, all in the same transaction.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai import uploads, workflow
from gongkai.agencies.access import check_roles
from gongkai.agencies.models import Agency, Role
from gongkai.audit.log import record
from gongkai.workflow import ActionError

from . import checklist, interpretation, screening_jobs, search, signoff
from .models import Attachment, CatalogCategory, Item, Review
from .sanitize import clean_html, plain_text

EDITABLE_FIELDS = (
    "title",
    "category",
    "topic",
    "document_number",
    "issued_on",
    "made_on",
    "doc_kind",
    "body",
    "interprets",
    "interpretation_form",
    "interpreter",
    "no_interpretation_reason",
    "concern",
    "concern_arose_at",
    "amends",
)


def _locked(item: Item) -> Item:
    return workflow.lock(item, "agency", "category")


def _clean_fields(agency: Agency, fields: dict) -> dict:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"fields not editable: {sorted(unknown)}")
    category = fields.get("category")
    if category is not None and category.agency_id != agency.pk:
        raise ActionError("所选分类不属于本机关的目录。", field="category")
    for key in ("interprets", "amends"):
        linked = fields.get(key)
        if linked is not None and linked.agency_id != agency.pk:
            # 谁起草谁解读: the drafting agency interprets its own documents.
            raise ActionError("只能关联本机关的文件。", field=key)
    interprets = fields.get("interprets")
    if interprets is not None and interprets.doc_kind not in interpretation.INTERPRETED_KINDS:
        raise ActionError(
            "所解读的文件须是规章、行政规范性文件或其他政策文件。", field="interprets"
        )
    if "body" in fields:
        fields["body"] = clean_html(fields["body"])
    if "title" in fields:
        fields["title"] = " ".join((fields["title"] or "").split())
    return fields


@transaction.atomic
def create_item(agency: Agency, *, acting_user, at: datetime | None = None, **fields) -> Item:
    check_roles(acting_user, agency, [Role.EDITOR])
    fields = _clean_fields(agency, fields)
    now = at or timezone.now()
    item = Item(agency=agency, created_by=acting_user, created_at=now, updated_at=now, **fields)
    item.body_text = plain_text(item.body)
    item.save()
    record(
        "item.create",
        target=item,
        agency=agency,
        acting_user=acting_user,
        to_state=item.status,
        at=now,
    )
    return item


@transaction.atomic
def update_item(item: Item, *, acting_user, **fields) -> Item:
    check_roles(acting_user, item.agency, [Role.EDITOR])
    item = _locked(item)
    if not item.is_editable:
        raise ActionError(f"“{item.get_status_display()}”状态的信息不能修改。")
    fields = _clean_fields(item.agency, fields)
    changed = sorted(k for k, v in fields.items() if getattr(item, k) != v)
    for key, value in fields.items():
        setattr(item, key, value)
    item.body_text = plain_text(item.body)
    item.updated_at = timezone.now()
    item.save()
    if changed:
        record(
            "item.update",
            target=item,
            agency=item.agency,
            acting_user=acting_user,
            from_state=item.status,
            to_state=item.status,
            data={"fields": changed},
        )
    return item


@transaction.atomic
def submit_item(item: Item, *, acting_user, comment: str = "", at=None) -> Item:
    move = workflow.begin(item, "submit", acting_user=acting_user, comment=comment, at=at)
    item = move.obj
    missing = [
        label
        for label, ok in (
            ("分类", item.category_id),
            ("发文日期", item.issued_on),
            ("正文", item.body_text.strip()),
        )
        if not ok
    ]
    missing += interpretation.missing_on_submit(item)
    if missing:
        raise ActionError("提交审核前请填写：" + "、".join(missing) + "。")
    item.submitted_at = at or timezone.now()
    item = move.finish()
    screening_jobs.request_screening(item, acting_user=acting_user)
    return item


@transaction.atomic
def return_item(item: Item, *, acting_user, comment: str, answers: dict | None = None, at=None):
    move = workflow.begin(item, "return", acting_user=acting_user, comment=comment, at=at)
    Review.objects.create(
        item=move.obj,
        reviewer=acting_user,
        decision=Review.Decision.RETURN,
        checklist=_answers(answers),
        comment=move.comment,
        at=at or timezone.now(),
    )
    return move.finish()


@transaction.atomic
def approve_item(item: Item, *, acting_user, answers: dict, comment: str = "", at=None) -> Item:
    """Approve after the confidentiality review; every checklist point must be confirmed."""
    move = workflow.begin(item, "approve", acting_user=acting_user, comment=comment, at=at)
    item = move.obj
    answers = _answers(answers)
    unconfirmed = [label for key, label in checklist.CONFIDENTIALITY_CHECKLIST if not answers[key]]
    if unconfirmed:
        raise ActionError(
            "保密审查未全部确认，不能通过：" + "；".join(unconfirmed), field="checklist"
        )
    waiting = signoff.next_step(item)
    if waiting is not None:
        raise ActionError(f"尚需“{waiting.title}”签批，签批完成后才能审核通过。", field="signoff")
    blocked = screening_jobs.blocking(item)
    if blocked:
        raise ActionError(blocked, field="screening")
    refused = interpretation.refuses_approval(item)
    if refused:
        raise ActionError(refused, field="interpretation")
    now = at or timezone.now()
    item.approved_by = acting_user
    item.approved_at = now
    Review.objects.create(
        item=item,
        reviewer=acting_user,
        decision=Review.Decision.APPROVE,
        checklist=answers,
        comment=move.comment,
        at=now,
    )
    return move.finish(data={"checklist": answers})


def _answers(answers: dict | None) -> dict:
    answers = answers or {}
    return {key: bool(answers.get(key)) for key in checklist.KEYS}


@transaction.atomic
def publish_item(item: Item, *, acting_user, at: datetime | None = None) -> Item:
    """Publish; a document's approved 解读 go out with it, in the same transaction (三同步)."""
    at = at or timezone.now()
    move = workflow.begin(item, "publish", acting_user=acting_user, at=at)
    item = move.obj
    refused = interpretation.refuses_publication(item)
    if refused:
        raise ActionError(refused)
    item = _publish(move, acting_user, at)
    for companion in item.interpretations.filter(status=Item.Status.APPROVED).order_by("pk"):
        _publish(
            workflow.begin(companion, "publish", acting_user=acting_user, at=at),
            acting_user,
            at,
            comment=f"与《{item.title}》同步发布",
        )
    return item


def _publish(move, acting_user, at, comment: str | None = None) -> Item:
    item = move.obj
    now = at or timezone.now()
    item.published_by = acting_user
    item.published_at = now
    item.publish_at = None
    item.withdrawn_reason = ""
    item.published_on = timezone.localdate(now)
    if not item.index_number:
        _assign_index_number(item, item.published_on.year)
    move.finish(data={"index_number": item.index_number}, comment=comment)
    search.sync_item(item)
    return item


def _assign_index_number(item: Item, year: int) -> None:
    """`<organisation code>/<year>-<serial>`, serials counted per agency and year."""
    # Lock the agency row so two publishers of one agency take serials one after the other.
    agency = Agency.objects.select_for_update().get(pk=item.agency_id)
    last = (
        Item.objects.filter(agency=agency, index_year=year)
        .order_by("-index_serial")
        .values_list("index_serial", flat=True)
        .first()
    )
    item.index_year = year
    item.index_serial = (last or 0) + 1
    item.index_number = f"{agency.org_code}/{year}-{item.index_serial:05d}"


@transaction.atomic
def withdraw_item(item: Item, *, acting_user, comment: str, at=None) -> Item:
    """Take an item off the portal; the portal shows that it was withdrawn, and why."""
    move = workflow.begin(item, "withdraw", acting_user=acting_user, comment=comment, at=at)
    move.obj.withdrawn_reason = move.comment
    item = move.finish()
    search.sync_item(item)
    # Its 解读 go with it: they would point at a document no longer there.
    for companion in item.interpretations.filter(status=Item.Status.PUBLISHED).order_by("pk"):
        reason = f"随《{item.title}》撤回：{move.comment}"
        companion_move = workflow.begin(
            companion, "withdraw", acting_user=acting_user, comment=reason, at=at
        )
        companion_move.obj.withdrawn_reason = reason
        search.sync_item(companion_move.finish())
    return item


def _replacement(item: Item, index_number: str) -> Item | None:
    """The public document of the same agency that replaces `item`, by its 索引号."""
    index_number = (index_number or "").strip()
    if not index_number:
        return None
    found = Item.objects.public().filter(agency=item.agency, index_number=index_number).first()
    if found is None or found.pk == item.pk:
        raise ActionError(f"本机关没有索引号为“{index_number}”的已发布文件。", field="replaced_by")
    return found


@transaction.atomic
def repeal_item(
    item: Item,
    *,
    acting_user,
    repealed_on: date,
    comment: str = "",
    replaced_by: str = "",
    at=None,
):
    """Mark a published document repealed (废止): it stays on the portal, marked so, and
    points to the document that replaced it when there is one (its 索引号)."""
    move = workflow.begin(item, "repeal", acting_user=acting_user, comment=comment, at=at)
    item = move.obj
    if repealed_on is None:
        raise ActionError("请填写废止日期。", field="repealed_on")
    item.validity = Item.Validity.REPEALED
    item.repealed_on = repealed_on
    replacement = _replacement(item, replaced_by)
    if replacement is not None:
        item.replaced_by = replacement
    move.finish(
        data={
            "repealed_on": repealed_on.isoformat(),
            "replaced_by": replacement.index_number if replacement else "",
        }
    )
    search.sync_item(item)
    return item


@transaction.atomic
def expire_item(item: Item, *, acting_user, expired_on: date, comment: str = "", at=None):
    """Record that a published document has lapsed (失效) without repeal."""
    check_roles(acting_user, item.agency, [Role.PUBLISHER])
    item = _locked(item)
    if item.status != Item.Status.PUBLISHED or item.validity != Item.Validity.IN_FORCE:
        raise ActionError("只有已发布且有效的信息可以标记为失效。")
    if expired_on is None:
        raise ActionError("请填写失效日期。", field="expired_on")
    item.validity = Item.Validity.EXPIRED
    item.expired_on = expired_on
    item.updated_at = at or timezone.now()
    item.save()
    search.sync_item(item)
    record(
        "item.expire",
        target=item,
        agency=item.agency,
        acting_user=acting_user,
        from_state=item.status,
        to_state=item.status,
        comment=comment,
        at=at,
        data={
            "validity": [Item.Validity.IN_FORCE, Item.Validity.EXPIRED],
            "expired_on": expired_on.isoformat(),
        },
    )
    return item


@transaction.atomic
def lapse_item(item: Item, *, expired_on: date, reason: str, at=None) -> Item:
    """The validity sweep marks a document 失效 on the day after its 有效期至 (no person
    acts: the audit row names the system)."""
    item = _locked(item)
    if item.status != Item.Status.PUBLISHED or item.validity != Item.Validity.IN_FORCE:
        return item
    item.validity = Item.Validity.EXPIRED
    item.expired_on = expired_on
    item.updated_at = at or timezone.now()
    item.save()
    search.sync_item(item)
    record(
        "item.expire",
        target=item,
        agency=item.agency,
        acting_user=None,
        from_state=item.status,
        to_state=item.status,
        comment=reason,
        at=at,
        data={
            "validity": [Item.Validity.IN_FORCE, Item.Validity.EXPIRED],
            "expired_on": expired_on.isoformat(),
        },
    )
    return item


@transaction.atomic
def revise_item(item: Item, *, acting_user, comment: str = "", at=None) -> Item:
    """Back to draft for changes; the approval no longer holds and must be given again."""
    move = workflow.begin(item, "revise", acting_user=acting_user, comment=comment, at=at)
    item = move.obj
    item.approved_by = None
    item.approved_at = None
    move.finish()
    search.sync_item(item)
    return item


@uploads.action
def add_attachment(item: Item, upload, *, acting_user) -> Attachment:
    check_roles(acting_user, item.agency, [Role.EDITOR])
    item = _locked(item)
    if not item.is_editable:
        raise ActionError(f"“{item.get_status_display()}”状态的信息不能修改附件。")
    uploads.check(
        upload,
        extensions=settings.ATTACHMENT_EXTENSIONS,
        max_bytes=settings.ATTACHMENT_MAX_BYTES,
    )
    attachment = Attachment(
        item=item,
        name=upload.name[-200:],
        size=upload.size,
        content_type=getattr(upload, "content_type", "") or "application/octet-stream",
        uploaded_by=acting_user,
    )
    uploads.keep(attachment.file, upload, upload.name)
    attachment.save()
    record(
        "item.attach",
        target=item,
        agency=item.agency,
        acting_user=acting_user,
        from_state=item.status,
        to_state=item.status,
        data={"attachment": attachment.code, "name": attachment.name, "size": attachment.size},
    )
    screening_jobs.request_screening(item, acting_user=acting_user)
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, acting_user) -> None:
    item = attachment.item
    check_roles(acting_user, item.agency, [Role.EDITOR])
    item = _locked(item)
    if not item.is_editable:
        raise ActionError(f"“{item.get_status_display()}”状态的信息不能修改附件。")
    record(
        "item.detach",
        target=item,
        agency=item.agency,
        acting_user=acting_user,
        from_state=item.status,
        to_state=item.status,
        data={"attachment": attachment.code, "name": attachment.name},
    )
    uploads.delete_on_commit(attachment.file)  # the file goes once the row is gone for good
    attachment.delete()
    screening_jobs.request_screening(item, acting_user=acting_user)


def categories_for(agency: Agency):
    return CatalogCategory.objects.filter(agency=agency, is_active=True).select_related("parent")
