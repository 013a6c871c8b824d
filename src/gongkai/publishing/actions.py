"""Every change to an item, one function per action.

Each runs in one transaction, takes the acting user as a keyword, checks the role and
the state again (views are not trusted), writes the audit row and keeps the search
index in step, all in the same transaction.
"""

from __future__ import annotations

from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from gongkai.agencies.access import roles_in
from gongkai.agencies.models import Agency, Role
from gongkai.audit.log import record

from . import checklist, search
from .models import Attachment, CatalogCategory, Item, Review
from .sanitize import clean_html, plain_text

EDITABLE_FIELDS = (
    "title",
    "category",
    "document_number",
    "issued_on",
    "made_on",
    "doc_kind",
    "body",
)


class ActionError(Exception):
    """A move that the item's state or content does not allow; the message is for users."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


def _require(user, agency: Agency, roles) -> None:
    if not roles_in(user, agency) & set(roles):
        raise PermissionDenied("您在该机关没有这项操作的权限。")


def _locked(item: Item) -> Item:
    return (
        Item.objects.select_for_update(of=("self",))
        .select_related("agency", "category")
        .get(pk=item.pk)
    )


def _move(
    item: Item,
    name: str,
    *,
    acting_user,
    comment: str = "",
    at: datetime | None = None,
    data: dict | None = None,
) -> tuple[Item, str]:
    """Check and apply one transition of Item.TRANSITIONS; returns the locked item and old state."""
    transition = Item.TRANSITIONS[name]
    _require(acting_user, item.agency, transition.roles)
    locked = _locked(item)
    if locked.status not in transition.sources:
        raise ActionError(f"当前状态为“{locked.get_status_display()}”，不能{transition.label}。")
    if transition.needs_comment and not comment.strip():
        raise ActionError(f"{transition.label}需要填写意见。", field="comment")
    old = locked.status
    locked.status = transition.target
    locked.updated_at = at or timezone.now()
    return locked, old


def _audit_move(item: Item, name: str, old: str, *, acting_user, comment="", at=None, data=None):
    record(
        f"item.{name}",
        target=item,
        agency=item.agency,
        acting_user=acting_user,
        from_state=old,
        to_state=item.status,
        comment=comment,
        data=data,
        at=at,
    )


def _clean_fields(agency: Agency, fields: dict) -> dict:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"fields not editable: {sorted(unknown)}")
    category = fields.get("category")
    if category is not None and category.agency_id != agency.pk:
        raise ActionError("所选分类不属于本机关的目录。", field="category")
    if "body" in fields:
        fields["body"] = clean_html(fields["body"])
    if "title" in fields:
        fields["title"] = " ".join((fields["title"] or "").split())
    return fields


@transaction.atomic
def create_item(agency: Agency, *, acting_user, at: datetime | None = None, **fields) -> Item:
    _require(acting_user, agency, [Role.EDITOR])
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
    _require(acting_user, item.agency, [Role.EDITOR])
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
    item, old = _move(item, "submit", acting_user=acting_user, comment=comment, at=at)
    missing = [
        label
        for label, ok in (
            ("分类", item.category_id),
            ("发文日期", item.issued_on),
            ("正文", item.body_text.strip()),
        )
        if not ok
    ]
    if missing:
        raise ActionError("提交审核前请填写：" + "、".join(missing) + "。")
    item.submitted_at = at or timezone.now()
    item.save()
    _audit_move(item, "submit", old, acting_user=acting_user, comment=comment, at=at)
    return item


@transaction.atomic
def return_item(item: Item, *, acting_user, comment: str, answers: dict | None = None, at=None):
    item, old = _move(item, "return", acting_user=acting_user, comment=comment, at=at)
    item.save()
    Review.objects.create(
        item=item,
        reviewer=acting_user,
        decision=Review.Decision.RETURN,
        checklist=_answers(answers),
        comment=comment,
        at=at or timezone.now(),
    )
    _audit_move(item, "return", old, acting_user=acting_user, comment=comment, at=at)
    return item


@transaction.atomic
def approve_item(item: Item, *, acting_user, answers: dict, comment: str = "", at=None) -> Item:
    """Approve after the confidentiality review; every checklist point must be confirmed."""
    item, old = _move(item, "approve", acting_user=acting_user, comment=comment, at=at)
    answers = _answers(answers)
    unconfirmed = [label for key, label in checklist.CONFIDENTIALITY_CHECKLIST if not answers[key]]
    if unconfirmed:
        raise ActionError(
            "保密审查未全部确认，不能通过：" + "；".join(unconfirmed), field="checklist"
        )
    now = at or timezone.now()
    item.approved_by = acting_user
    item.approved_at = now
    item.save()
    Review.objects.create(
        item=item,
        reviewer=acting_user,
        decision=Review.Decision.APPROVE,
        checklist=answers,
        comment=comment,
        at=now,
    )
    _audit_move(
        item,
        "approve",
        old,
        acting_user=acting_user,
        comment=comment,
        at=at,
        data={"checklist": answers},
    )
    return item


def _answers(answers: dict | None) -> dict:
    answers = answers or {}
    return {key: bool(answers.get(key)) for key in checklist.KEYS}


@transaction.atomic
def publish_item(item: Item, *, acting_user, at: datetime | None = None) -> Item:
    item, old = _move(item, "publish", acting_user=acting_user, at=at)
    now = at or timezone.now()
    item.published_by = acting_user
    item.published_at = now
    item.published_on = timezone.localdate(now)
    if not item.index_number:
        _assign_index_number(item, item.published_on.year)
    item.save()
    search.sync_item(item)
    _audit_move(
        item,
        "publish",
        old,
        acting_user=acting_user,
        at=at,
        data={"index_number": item.index_number},
    )
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
    item, old = _move(item, "withdraw", acting_user=acting_user, comment=comment, at=at)
    item.save()
    search.sync_item(item)
    _audit_move(item, "withdraw", old, acting_user=acting_user, comment=comment, at=at)
    return item


@transaction.atomic
def repeal_item(item: Item, *, acting_user, repealed_on: date, comment: str = "", at=None):
    """Mark a published document repealed (废止): it stays on the portal, marked so."""
    item, old = _move(item, "repeal", acting_user=acting_user, comment=comment, at=at)
    if repealed_on is None:
        raise ActionError("请填写废止日期。", field="repealed_on")
    item.validity = Item.Validity.REPEALED
    item.repealed_on = repealed_on
    item.save()
    search.sync_item(item)
    _audit_move(
        item,
        "repeal",
        old,
        acting_user=acting_user,
        comment=comment,
        at=at,
        data={"repealed_on": repealed_on.isoformat()},
    )
    return item


@transaction.atomic
def expire_item(item: Item, *, acting_user, expired_on: date, comment: str = "", at=None):
    """Record that a published document has lapsed (失效) without repeal."""
    _require(acting_user, item.agency, [Role.PUBLISHER])
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
def revise_item(item: Item, *, acting_user, comment: str = "", at=None) -> Item:
    """Back to draft for changes; the approval no longer holds and must be given again."""
    item, old = _move(item, "revise", acting_user=acting_user, comment=comment, at=at)
    item.approved_by = None
    item.approved_at = None
    item.save()
    search.sync_item(item)
    _audit_move(item, "revise", old, acting_user=acting_user, comment=comment, at=at)
    return item


MAGIC = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "zip": (b"PK\x03\x04",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "ofd": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0",),
    "xls": (b"\xd0\xcf\x11\xe0",),
    "wps": (b"\xd0\xcf\x11\xe0",),
    "et": (b"\xd0\xcf\x11\xe0",),
}


def check_upload(upload) -> str:
    """The file's extension if its type and size are allowed; ActionError otherwise."""
    name = upload.name or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = [e.lower() for e in settings.ATTACHMENT_EXTENSIONS]
    if ext not in allowed:
        raise ActionError(
            f"不支持的附件类型“{ext or '无扩展名'}”，允许：{'、'.join(allowed)}。", field="file"
        )
    if upload.size == 0:
        raise ActionError("附件是空文件。", field="file")
    limit = settings.ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ActionError(f"附件超过 {limit // (1024 * 1024)} MB 的大小限制。", field="file")
    head = upload.read(8)
    upload.seek(0)
    signatures = MAGIC.get(ext)
    if signatures and not any(head.startswith(sig) for sig in signatures):
        raise ActionError(f"文件内容与扩展名“{ext}”不符。", field="file")
    return ext


@transaction.atomic
def add_attachment(item: Item, upload, *, acting_user) -> Attachment:
    _require(acting_user, item.agency, [Role.EDITOR])
    item = _locked(item)
    if not item.is_editable:
        raise ActionError(f"“{item.get_status_display()}”状态的信息不能修改附件。")
    check_upload(upload)
    attachment = Attachment(
        item=item,
        name=upload.name[-200:],
        size=upload.size,
        content_type=getattr(upload, "content_type", "") or "application/octet-stream",
        uploaded_by=acting_user,
    )
    attachment.file.save(upload.name, upload, save=False)
    # If the transaction fails after the file was written, remove the orphan file.
    stored = attachment.file.name
    try:
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
    except Exception:
        attachment.file.storage.delete(stored)
        raise
    return attachment


@transaction.atomic
def remove_attachment(attachment: Attachment, *, acting_user) -> None:
    item = attachment.item
    _require(acting_user, item.agency, [Role.EDITOR])
    item = _locked(item)
    if not item.is_editable:
        raise ActionError(f"“{item.get_status_display()}”状态的信息不能修改附件。")
    name, stored, storage = attachment.name, attachment.file.name, attachment.file.storage
    record(
        "item.detach",
        target=item,
        agency=item.agency,
        acting_user=acting_user,
        from_state=item.status,
        to_state=item.status,
        data={"attachment": attachment.code, "name": name},
    )
    attachment.delete()
    # The file goes only once the row is gone for good.
    transaction.on_commit(lambda: storage.delete(stored))


def categories_for(agency: Agency):
    return CatalogCategory.objects.filter(agency=agency, is_active=True).select_related("parent")
