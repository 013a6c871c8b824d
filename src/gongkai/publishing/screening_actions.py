"""What people do with the automatic screening's findings, one audited action each:
acknowledge a warning with a reason, mask a finding in the body, replace a Word, Excel
or text attachment by its masked copy, screen again; and the agency's word list.

Masking happens before approval (draft, returned, or under review); it changes what
is reviewed, so the item is screened again at once.
"""

from __future__ import annotations

from pathlib import PurePath

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai import screening, uploads, workflow
from gongkai.agencies.access import check_roles
from gongkai.agencies.models import Agency, Role
from gongkai.audit.log import record
from gongkai.workflow import ActionError

from .models import AgencyWord, Attachment, Finding, Item
from .sanitize import plain_text
from .screening_jobs import BODY, fingerprint, options_for, request_screening

MASKABLE_STATES = (Item.Status.DRAFT, Item.Status.RETURNED, Item.Status.SUBMITTED)
MASKERS = (Role.EDITOR, Role.REVIEWER)
# The kinds of attachment a masked copy can be made of (a PDF is redacted instead).
MASKED_COPIES = (".docx", ".xlsx", ".txt", ".csv")


def _audit(action: str, item: Item, acting_user, data: dict, comment: str = "") -> None:
    record(
        action,
        target=item,
        agency=item.agency,
        acting_user=acting_user,
        from_state=item.status,
        to_state=item.status,
        comment=comment,
        data=data,
    )


def _locked_for_masking(item: Item, acting_user) -> Item:
    check_roles(acting_user, item.agency, MASKERS)
    item = workflow.lock(item, "agency")
    if item.status not in MASKABLE_STATES:
        raise ActionError(f"“{item.get_status_display()}”状态的信息不能再遮盖修改。")
    return item


@transaction.atomic
def acknowledge(finding: Finding, *, acting_user, reason: str) -> Finding:
    """The reviewer confirms a warning may stay (a service mobile published on purpose);
    on an item already public (screened again), its publisher may too."""
    item = finding.item
    roles = [Role.REVIEWER, Role.PUBLISHER] if item.is_public else [Role.REVIEWER]
    check_roles(acting_user, item.agency, roles)
    finding = Finding.objects.select_for_update().get(pk=finding.pk)
    reason = " ".join((reason or "").split())
    if finding.is_error:
        raise ActionError("必须处理的问题不能确认放行，请遮盖或删除。")
    if not reason:
        raise ActionError("请写明确认的理由。", field="reason")
    if finding.acknowledged_at is not None:
        raise ActionError("这处提示已经确认过。")
    finding.acknowledged_by = acting_user
    finding.acknowledged_at = timezone.now()
    finding.reason = reason[:300]
    finding.save()
    _audit(
        "item.screening_acknowledge",
        item,
        acting_user,
        {"rule": finding.rule, "place": finding.place, "source": finding.source},
        comment=finding.reason,
    )
    return finding


@transaction.atomic
def mask_in_body(finding: Finding, *, acting_user) -> Item:
    """Mask one finding of the body (one click): found again in the body as it is now."""
    item = _locked_for_masking(finding.item, acting_user)
    if finding.attachment_id is not None:
        raise ActionError("这处问题在附件中，请为附件生成遮盖副本。")
    options = options_for(item)
    same = [
        f
        for f in screening.screen_text(item.body, BODY, options)
        if fingerprint(f.rule, BODY, f.location.describe(), f.found) == finding.fingerprint
    ]
    if not same:
        raise ActionError("正文已经改变，找不到这处问题，请等待重新检查的结果。")
    try:
        item.body = screening.mask_findings(item.body, same[:1])
    except screening.ScreeningError as exc:
        raise ActionError(exc.reason) from None
    item.body_text = plain_text(item.body)
    item.updated_at = timezone.now()
    item.save()
    _audit("item.mask", item, acting_user, {"rule": finding.rule, "place": finding.place})
    request_screening(item, acting_user=acting_user)
    return item


def _masked_name(name: str) -> str:
    path = PurePath(name)
    stem = path.stem if path.stem.endswith("（已遮盖）") else path.stem + "（已遮盖）"
    return (stem + path.suffix)[-200:]


@uploads.action
def mask_attachment(attachment: Attachment, *, acting_user) -> Attachment:
    """Replace a Word, Excel or text attachment by a copy with every maskable finding
    masked (the masks of gongkai.identity); the original is removed from the item."""
    item = _locked_for_masking(attachment.item, acting_user)
    attachment = Attachment.objects.select_for_update().get(pk=attachment.pk)
    try:
        with attachment.file.open("rb") as handle:
            data = handle.read()
        masked = screening.masked_copy(data, attachment.name, options_for(item))
    except screening.ScreeningError as exc:
        raise ActionError(exc.reason) from None
    copy = Attachment(
        item=item,
        name=_masked_name(attachment.name),
        size=len(masked),
        content_type=attachment.content_type,
        uploaded_by=acting_user,
    )
    uploads.keep(copy.file, ContentFile(masked), copy.name)
    copy.save()
    _audit(
        "item.mask_attachment",
        item,
        acting_user,
        {"attachment": attachment.code, "name": attachment.name, "copy": copy.code},
    )
    uploads.delete_on_commit(attachment.file)
    attachment.delete()
    request_screening(item, acting_user=acting_user)
    return copy


@transaction.atomic
def screen_again(item: Item, *, acting_user):
    """Queue a new screening (after a failure, or a change of the word list)."""
    check_roles(acting_user, item.agency, [Role.EDITOR, Role.REVIEWER, Role.PUBLISHER])
    item = workflow.lock(item, "agency")
    _audit("item.screen", item, acting_user, {})
    return request_screening(item, acting_user=acting_user)


@transaction.atomic
def add_word(agency: Agency, *, acting_user, word: str, severity: str) -> AgencyWord:
    check_roles(acting_user, agency, [Role.ADMIN])
    word = "".join((word or "").split())
    if len(word) < 2:
        raise ActionError("敏感词至少两个字。", field="word")
    if severity not in AgencyWord.Severity.values:
        raise ActionError("请选择处理方式。", field="severity")
    try:
        with transaction.atomic():
            entry = AgencyWord.objects.create(
                agency=agency, word=word[:50], severity=severity, created_by=acting_user
            )
    except IntegrityError:
        raise ActionError(f"“{word}”已在词表中。", field="word") from None
    record(
        "agency.word_add",
        target=agency,
        agency=agency,
        acting_user=acting_user,
        data={"word": entry.word, "severity": severity},
    )
    return entry


@transaction.atomic
def remove_word(entry: AgencyWord, *, acting_user) -> None:
    check_roles(acting_user, entry.agency, [Role.ADMIN])
    record(
        "agency.word_remove",
        target=entry.agency,
        agency=entry.agency,
        acting_user=acting_user,
        data={"word": entry.word},
    )
    entry.delete()
