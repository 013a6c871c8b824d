"""The automatic confidentiality screening of an item, run as a background job.

`request_screening(item)` (called by the actions when an item is submitted, when an
attachment is added, removed or masked, when the body is masked) queues a job; the job
reads the body and every attachment (scanned ones by OCR) with `gongkai.screening`,
keeps each attachment's text for search, and replaces the item's findings in one
transaction at its end, unless a newer request came meanwhile. An acknowledgement
carries over to the same finding (same rule, place and matched text) in a new run.

`blocking(item)` says why an item may not be approved yet (`approve_item` refuses it).
`disclosure_attribute(item)` asks the sources registered by the apps that keep a
register of disclosure attributes (the documents register) for the item's attribute.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import asdict, replace

from django.db import transaction
from django.utils import timezone

from gongkai import ocr, screening
from gongkai.jobs import runner
from gongkai.screening.readers import segments_of
from gongkai.workflow import ActionError

from . import search
from .models import AgencyWord, Attachment, Finding, Item, Screening, TextSource

KIND = "publishing.screen_item"
BODY = "正文"
UNREADABLE = "SCREEN-UNREADABLE"
# Seconds of OCR allowed for one attachment.
OCR_TIMEOUT = 300.0


# Where an item's disclosure attribute is recorded: functions of the item returning
# 主动公开, 依申请公开 or 不予公开, or None when they hold nothing for it.
_ATTRIBUTE_SOURCES: list[Callable[[Item], str | None]] = []


def register_attribute_source(source: Callable[[Item], str | None]) -> None:
    """Called in an AppConfig.ready() by an app that records disclosure attributes."""
    if source not in _ATTRIBUTE_SOURCES:
        _ATTRIBUTE_SOURCES.append(source)


def disclosure_attribute(item: Item) -> str | None:
    """The item's disclosure attribute (公开属性: 主动公开, 依申请公开, 不予公开) as
    recorded in a register of documents, or None where none records it. Screening
    reports a 不予公开 entry being published as an error (rule ATTRIBUTE) and a
    依申请公开 one as a warning."""
    for source in _ATTRIBUTE_SOURCES:
        attribute = source(item)
        if attribute:
            return attribute
    return None


def options_for(item: Item) -> screening.Options:
    words = tuple((w.word, w.severity) for w in AgencyWord.objects.filter(agency_id=item.agency_id))
    return screening.Options(words=words, timeout=OCR_TIMEOUT)


def request_screening(item: Item, *, acting_user=None) -> Screening:
    """Queue a screening of the item as it is now (call inside the action's transaction:
    the job starts once it commits)."""
    with transaction.atomic():
        record, _ = Screening.objects.select_for_update().get_or_create(item_id=item.pk)
        record.round += 1
        record.state = Screening.State.PENDING
        record.requested_at = timezone.now()
        record.finished_at = None
        record.job = None
        record.save()
        job = runner.start(
            KIND,
            label=f"保密检查：{item.title}",
            params={"item": item.pk, "round": record.round},
            agency=item.agency,
            user=acting_user,
        )
        Screening.objects.filter(pk=record.pk, round=record.round).update(job=job)
    return Screening.objects.select_related("job").get(pk=record.pk)


def screen_item(job, progress) -> dict:
    """The job's handler."""
    item = Item.objects.select_related("agency").filter(pk=job.params.get("item")).first()
    if item is None:
        raise ActionError("要检查的信息已不存在。")
    return run(item, job.params.get("round"), progress, job=job)


def run(
    item: Item, round_: int | None, progress=lambda percent, message="": None, job=None
) -> dict:
    """Screen the item and store what was found (if `round_` is still the latest request,
    None: in any case, and if the job's run still holds it). Returns a summary for the
    job's page."""
    options = options_for(item)
    attachments = list(item.attachments.all())
    steps = len(attachments) + 1
    progress(2, "正在检查正文")
    attribute = replace(options, attribute=disclosure_attribute(item))
    found: list[tuple[Attachment | None, screening.Finding]] = [
        (None, f) for f in screening.screen_text(item.body, BODY, attribute)
    ]
    texts: dict[int, tuple[str, str, list]] = {}
    for number, attachment in enumerate(attachments, start=1):
        progress(
            number * 95 // steps, f"正在检查附件“{attachment.name}”（{number}/{len(attachments)}）"
        )
        findings, text, source, rows = _screen_attachment(attachment, options)
        found += [(attachment, f) for f in findings]
        texts[attachment.pk] = (text, source, rows)
    with transaction.atomic():
        if job is not None:
            runner.hold(job)
        record, _ = Screening.objects.select_for_update().get_or_create(item_id=item.pk)
        if round_ is not None and record.round != round_:
            return {"url": item.get_staff_url(), "superseded": True}
        _store(item, found, texts)
        record.state = Screening.State.DONE
        record.finished_at = timezone.now()
        record.save()
        item = Item.objects.get(pk=item.pk)
        if item.is_public:
            search.sync_item(item)
    errors = sum(1 for _, f in found if f.severity == screening.Severity.ERROR)
    return {"url": item.get_staff_url(), "errors": errors, "warnings": len(found) - errors}


def _screen_attachment(attachment: Attachment, options) -> tuple[list, str, str, list]:
    """(findings, text, text source, OCR'd segments to keep) of one attachment; a file
    that cannot be read is one warning finding: a person must look at it. An attachment
    never changes (a new file is a new attachment), so what OCR read of it is kept and
    screened again without reading the scan again."""
    name = attachment.name
    if attachment.text_source == TextSource.OCR and attachment.segments:
        segments = [_segment(row) for row in attachment.segments]
        findings = screening.screen_segments(segments, options)
        return findings, attachment.text, TextSource.OCR, attachment.segments
    try:
        with attachment.file.open("rb") as handle:
            data = handle.read()
        segments = list(segments_of(data, name, options))
        findings = screening.screen_segments(segments, options)
        kind = screening.kind_of(data, name)
        scanned = kind not in ("pdf", "text", "docx", "xlsx", "ofd") or (
            kind == "pdf" and ocr.scanned_pages(data, name)
        )
    except (screening.ScreeningError, ocr.OcrError, OSError) as exc:
        reason = getattr(exc, "reason", None) or str(exc)
        message = f"附件无法自动检查，请人工审查后确认：{reason} [{UNREADABLE}]"
        finding = screening.Finding(
            UNREADABLE, screening.Severity.WARNING, message[:500], screening.Location(name)
        )
        return [finding], "", TextSource.NONE, []
    text = "\n".join(s.text for s in segments)
    if not scanned:
        return findings, text, TextSource.LAYER, []
    return findings, text, TextSource.OCR, [_row(s) for s in segments]


def _row(segment: screening.Segment) -> list:
    return [segment.text, asdict(segment.location), segment.uncertain]


def _segment(row: list) -> screening.Segment:
    return screening.Segment(row[0], screening.Location(**row[1]), bool(row[2]))


def fingerprint(rule: str, source: str, place: str, found: str) -> str:
    return hashlib.sha256(f"{rule}\x1f{source}\x1f{place}\x1f{found}".encode()).hexdigest()


def _store(item: Item, found, texts: dict[int, tuple[str, str, list]]) -> None:
    acknowledged = {f.fingerprint: f for f in item.findings.filter(acknowledged_at__isnull=False)}
    item.findings.all().delete()
    live = set(Attachment.objects.filter(item=item).values_list("pk", flat=True))
    for pk, (text, source, rows) in texts.items():
        Attachment.objects.filter(pk=pk).update(text=text, text_source=source, segments=rows)
    rows = []
    for attachment, f in found:
        if attachment is not None and attachment.pk not in live:
            continue
        place = f.location.describe()
        source = attachment.name if attachment else BODY
        print_ = fingerprint(f.rule, source, place, f.found)
        earlier = acknowledged.get(print_)
        keep = earlier is not None and f.severity != screening.Severity.ERROR
        rows.append(
            Finding(
                item=item,
                attachment=attachment,
                rule=f.rule,
                severity=str(f.severity),
                message=f.message[:500],
                place=place[:300],
                location=f.location.as_dict(),
                start=f.start,
                end=f.end,
                maskable=f.masked is not None,
                fingerprint=print_,
                acknowledged_by=earlier.acknowledged_by if keep else None,
                acknowledged_at=earlier.acknowledged_at if keep else None,
                reason=earlier.reason if keep else "",
            )
        )
    Finding.objects.bulk_create(rows)


def blocking(item: Item) -> str | None:
    """Why the automatic screening does not let the item be approved, or None."""
    record = Screening.objects.select_related("job").filter(item=item).first()
    if record is None:
        return "该信息尚未进行自动保密检查，请先“重新检查”，检查完成后才能审核通过。"
    if record.state != Screening.State.DONE:
        if record.failure:
            return f"自动保密检查失败：{record.failure}。请处理后“重新检查”。"
        return "自动保密检查尚未完成，完成后才能审核通过。"
    findings = list(item.findings.all())
    errors = [f for f in findings if f.is_error]
    unconfirmed = [f for f in findings if not f.is_error and f.acknowledged_at is None]
    if errors:
        return (
            f"自动保密检查发现{len(errors)}处必须处理的问题（如{errors[0].place}："
            f"{errors[0].message}），请遮盖或删除后再审核。"
        )
    if unconfirmed:
        return f"自动保密检查有{len(unconfirmed)}处提示尚未确认，请逐条确认并说明理由。"
    return None
