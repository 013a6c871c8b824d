"""Every change to the register, one function per action, audited in its transaction."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from gongkai import uploads
from gongkai.agencies.access import check_roles
from gongkai.agencies.models import Agency, Role
from gongkai.audit.log import record
from gongkai.publishing import actions as publishing
from gongkai.publishing.models import Item
from gongkai.workflow import ActionError, lock

from . import library, register_xlsx, rules
from .models import Document

FIELDS = (
    "kind",
    "number",
    "made_on",
    "issuers",
    "title",
    "attribute",
    "reason",
    "basis",
    "forwarded",
    "registration_number",
    "effective_on",
    "valid_until",
    "topic",
    "keywords",
    "summary",
    "caption",
)


def _check(agency: Agency, fields: dict) -> dict:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"fields not editable: {sorted(unknown)}")
    forwarded = fields.get("forwarded")
    if forwarded is not None and forwarded.agency_id != agency.pk:
        # A 转发 of another agency's document is registered with that document's attribute
        # typed in; only the agency's own entries can be linked.
        raise ActionError("所转发的文件须是本机关登记的文件。", field="forwarded")
    for key in ("title", "issuers", "number"):
        if key in fields:
            fields[key] = " ".join((fields[key] or "").split())
    kind = fields["kind"]
    suggested, locked = rules.suggestion(kind, forwarded.attribute if forwarded else "")
    if not fields.get("attribute") and locked:
        fields["attribute"] = suggested
    found = rules.problems(
        kind,
        fields.get("attribute") or "",
        fields.get("reason") or "",
        fields.get("basis") or "",
        forwarded.attribute if forwarded else "",
    )
    if found:
        field, message = next(iter(found.items()))
        raise ActionError(message, field=field, details=found.values())
    if kind in rules.LIBRARY_KINDS and not fields.get("valid_until"):
        fields["valid_until"] = library.default_valid_until(
            fields.get("effective_on") or fields["made_on"], fields["title"]
        )
    return fields


def _open_draft(document: Document, acting_user, at: datetime | None) -> None:
    """A 主动公开 entry gets its publishing draft; the 20 working days run from 成文日期."""
    if document.attribute != rules.PUBLIC or document.item_id:
        return
    document.item = publishing.create_item(
        document.agency,
        acting_user=acting_user,
        at=at,
        title=document.title,
        document_number=document.number,
        issued_on=document.made_on,
        made_on=document.made_on,
        doc_kind=rules.ITEM_KIND.get(document.kind, Item.DocKind.OTHER),
    )
    document.save(update_fields=["item"])


@transaction.atomic
def register(agency: Agency, *, acting_user, at: datetime | None = None, **fields) -> Document:
    check_roles(acting_user, agency, [Role.EDITOR])
    blank = {key: None if key in _NULLABLE else "" for key in FIELDS}
    fields = _check(agency, blank | fields)
    now = at or timezone.now()
    document = Document.objects.create(
        agency=agency, created_by=acting_user, created_at=now, updated_at=now, **fields
    )
    record(
        "document.register",
        target=document,
        agency=agency,
        acting_user=acting_user,
        at=now,
        data={"attribute": document.attribute, "kind": document.kind},
    )
    _open_draft(document, acting_user, at)
    return document


_NULLABLE = ("forwarded", "effective_on", "valid_until", "made_on")


@transaction.atomic
def update(document: Document, *, acting_user, **fields) -> Document:
    check_roles(acting_user, document.agency, [Role.EDITOR])
    document = lock(document, "agency")
    current = {key: getattr(document, key) for key in FIELDS}
    fields = _check(document.agency, current | fields)
    changed = sorted(k for k, v in fields.items() if current[k] != v)
    if "attribute" in changed and document.item_id and document.item.status != "draft":
        raise ActionError("已进入审核或发布流程的文件不能再改变公开属性。", field="attribute")
    for key, value in fields.items():
        setattr(document, key, value)
    if "valid_until" in changed:
        document.expiry_warned_on = None  # a new period is warned about again
    if "attribute" in changed:
        document.confirmed_by = None
        document.confirmed_at = None
    document.updated_at = timezone.now()
    document.save()
    if changed:
        record(
            "document.update",
            target=document,
            agency=document.agency,
            acting_user=acting_user,
            data={"fields": changed, "attribute": document.attribute},
        )
    _open_draft(document, acting_user, None)
    return document


@transaction.atomic
def confirm_withholding(document: Document, *, acting_user, at=None) -> Document:
    """The disclosure office confirms a policy document's 不予公开: the agency's own
    (its administrators) or the supervising 政务公开办."""
    check_roles(acting_user, document.agency, [Role.ADMIN, Role.SUPERVISOR])
    document = lock(document, "agency")
    if not document.needs_confirmation:
        raise ActionError("该文件不需要或已经取得政务公开机构的确认。")
    document.confirmed_by = acting_user
    document.confirmed_at = at or timezone.now()
    document.save(update_fields=["confirmed_by", "confirmed_at"])
    record(
        "document.confirm",
        target=document,
        agency=document.agency,
        acting_user=acting_user,
        at=at,
        data={"attribute": document.attribute},
    )
    return document


@transaction.atomic
def import_register(agency: Agency, upload, *, acting_user) -> list[Document]:
    """Register every row of an Excel sheet, or none; ActionError lists each bad row."""
    check_roles(acting_user, agency, [Role.EDITOR])
    uploads.check(upload, extensions=["xlsx"], max_bytes=settings.REGISTER_IMPORT_MAX_BYTES)
    try:
        rows, read_errors = register_xlsx.read(upload.read())
    except register_xlsx.ImportError_ as e:
        raise ActionError("导入失败，请修改后重新上传。", details=map(str, e.errors)) from None
    created, errors = [], [(e.row, str(e)) for e in read_errors]
    for number, fields in rows:
        try:
            with transaction.atomic():
                created.append(register(agency, acting_user=acting_user, **fields))
        except ActionError as e:
            errors.append((number, f"第{number}行：{e.message}"))
    if errors:
        errors = [message for _, message in sorted(errors)]
        raise ActionError("导入失败，请修改后重新上传。", details=errors)
    record(
        "document.import",
        target=agency,
        agency=agency,
        acting_user=acting_user,
        data={"rows": len(created), "file": (upload.name or "")[-100:]},
    )
    return created


LIBRARY_FIELDS = (
    "registration_number",
    "effective_on",
    "valid_until",
    "topic",
    "keywords",
    "summary",
    "caption",
)


@transaction.atomic
def register_published(item: Item, *, acting_user, at=None, **library_fields) -> Document:
    """Register a document published before the register was kept (back-filling the
    library): the entry takes the item's title, number and dates, attribute 主动公开."""
    check_roles(acting_user, item.agency, [Role.EDITOR])
    unknown = set(library_fields) - set(LIBRARY_FIELDS)
    if unknown:
        raise ValueError(f"fields not editable: {sorted(unknown)}")
    if Document.objects.filter(item=item).exists():
        raise ActionError("该文件已经登记。")
    kind = {Item.DocKind.RULE: "rule", Item.DocKind.NORMATIVE: "normative"}.get(
        item.doc_kind, "other"
    )
    made_on = item.issued_on or item.made_on
    if kind in rules.LIBRARY_KINDS and not library_fields.get("valid_until"):
        library_fields["valid_until"] = library.default_valid_until(
            library_fields.get("effective_on") or made_on, item.title
        )
    now = at or timezone.now()
    document = Document.objects.create(
        agency=item.agency,
        kind=kind,
        number=item.document_number,
        made_on=made_on,
        issuers=item.agency.name,
        title=item.title,
        attribute=rules.PUBLIC,
        item=item,
        created_by=acting_user,
        created_at=now,
        updated_at=now,
        **library_fields,
    )
    record(
        "document.register",
        target=document,
        agency=item.agency,
        acting_user=acting_user,
        at=now,
        data={"attribute": document.attribute, "kind": kind, "item": item.code},
    )
    return document
