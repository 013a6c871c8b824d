"""Limits on anonymous online applications, so a few clients cannot flood an agency.

Counted from the applications themselves (no second record of anyone's data): within
the last hour, the applications sent from one client address and those with one
identity number, and the bytes of attachments sent from one address and with one
identity number (the same limit); and, for every
agency, the bytes of applicants' files it keeps, against its quota.

`check(application, incoming_bytes)` runs inside the submission's transaction, after the
new row is inserted and before any file is written: on PostgreSQL it first takes a
transaction lock per address and per identity number, on SQLite the insert already
holds the database's write lock, so two racing submissions are counted one after the
other and a limit of N lets exactly N through.
"""

from __future__ import annotations

import hashlib
import ipaddress
import logging
from datetime import timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Sum
from django.utils import timezone

from gongkai.workflow import ActionError

from .models import ApplicantFile, Application, Channel

log = logging.getLogger(__name__)
WINDOW = timedelta(hours=1)


def lock(*keys: str) -> None:
    """Serialise submissions that share a key (PostgreSQL; SQLite has one writer)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for key in sorted(k for k in keys if k):
            digest = hashlib.sha256(f"gongkai.apply:{key}".encode()).digest()
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s)", [int.from_bytes(digest[:8], "big", signed=True)]
            )


def address(text: str | None) -> str | None:
    """The client's address as the database stores it, or None when it is not one."""
    try:
        return str(ipaddress.ip_address((text or "").strip()))
    except ValueError:
        return None


def recent_from(ip: str | None) -> int:
    """Online applications submitted from this address within the window."""
    if not ip:
        return 0
    since = timezone.now() - WINDOW
    return Application.objects.filter(
        channel=Channel.ONLINE, submitted_from=ip, submitted_at__gte=since
    ).count()


def check(application: Application, incoming_bytes: int) -> None:
    """ActionError if this submission (already inserted, files not yet written) goes
    over a limit; the caller's transaction then leaves nothing behind. The limits per
    address and per identity number apply to submissions from the portal (those with the
    client's address); the storage quota to every one."""
    since = application.submitted_at - WINDOW
    recent = Application.objects.filter(channel=Channel.ONLINE, submitted_at__gte=since)
    ip = application.submitted_from
    if ip:
        mine = recent.filter(submitted_from=ip)
        if mine.count() > settings.APPLICATION_SUBMISSIONS_PER_ADDRESS:
            raise ActionError("同一网络地址一小时内提交的申请过多，请稍后再试。")
        sent = ApplicantFile.objects.filter(application__in=mine).aggregate(n=Sum("size"))["n"] or 0
        if sent + incoming_bytes > settings.APPLICATION_UPLOAD_BYTES_PER_ADDRESS:
            raise ActionError(
                "同一网络地址一小时内上传的附件过多，请稍后再试，或不带附件提交。",
                field="attachments",
            )
    if ip and application.id_number:
        theirs = recent.filter(id_number=application.id_number)
        same = theirs.count()
        sent = ApplicantFile.objects.filter(application__in=theirs).aggregate(n=Sum("size"))["n"]
        if (sent or 0) + incoming_bytes > settings.APPLICATION_UPLOAD_BYTES_PER_ADDRESS:
            raise ActionError(
                "同一证件号码一小时内上传的附件过多，请稍后再试，或不带附件提交。",
                field="attachments",
            )
        if same > settings.APPLICATION_SUBMISSIONS_PER_ID:
            raise ActionError(
                "同一证件号码一小时内提交的申请过多，请稍后再试。如需申请多项信息，"
                "可以在一份申请中写明。",
                field="id_number",
            )
    if incoming_bytes:
        used = stored_bytes(application.agency_id)
        if used + incoming_bytes > settings.APPLICATION_STORAGE_QUOTA_BYTES:
            log.warning(
                "agency %s: applicants' files at quota, attachments refused", application.agency_id
            )
            raise ActionError(
                "本机关在线申请材料的存储空间已满，暂时不能接收附件。"
                "请不带附件提交申请，或通过当面、邮寄等方式提交材料。",
                field="attachments",
            )


def stored_bytes(agency_id: int) -> int:
    files = ApplicantFile.objects.filter(application__agency_id=agency_id)
    return files.aggregate(n=Sum("size"))["n"] or 0


def storage_alert(agency) -> str:
    """The 待办 page's alert when an agency's applicants' files near their quota."""
    quota = settings.APPLICATION_STORAGE_QUOTA_BYTES
    used = stored_bytes(agency.pk)
    percent = used * 100 // quota if quota else 100
    if percent < settings.APPLICATION_STORAGE_ALERT_PERCENT:
        return ""
    return (
        f"{agency.name}申请材料存储已用{percent}%（{used // (1024 * 1024)} MB / "
        f"{quota // (1024 * 1024)} MB），满额后网上申请将不能上传附件，请联系系统管理员。"
    )
