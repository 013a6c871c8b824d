"""The daily validity sweep: warn before a document lapses, mark it 失效 when it does.

For every rule and normative document in force with a 有效期至: from its warning date
(`library.warning_date`) its owner (the agency's editors and administrators, and whoever
registered it) gets one mail, once (`Document.expiry_warned_on`, audited); from the day
after its 有效期至 the item is marked 失效 (`publishing.actions.lapse_item`, audited), which
takes it off the 现行有效 list and out of table 二's 现行有效 figure. Running it twice a
day, or on several hosts, changes nothing more.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction

from gongkai.agencies.models import Membership, Role
from gongkai.audit.log import record
from gongkai.publishing import actions as publishing

from . import library
from .models import Document


@dataclass
class Sweep:
    warned: list[Document] = field(default_factory=list)
    lapsed: list[Document] = field(default_factory=list)


def _owners(document: Document) -> list[str]:
    emails = set(
        Membership.objects.filter(
            agency=document.agency, role__in=[Role.EDITOR, Role.ADMIN]
        ).values_list("user__email", flat=True)
    )
    emails.add(document.created_by.email)
    return sorted(e for e in emails if e)


def _warn(document: Document, today: date) -> bool:
    with transaction.atomic():
        locked = Document.objects.select_for_update().get(pk=document.pk)
        if locked.expiry_warned_on is not None:
            return False
        locked.expiry_warned_on = today
        locked.save(update_fields=["expiry_warned_on"])
        record(
            "document.expiry_warning",
            target=locked,
            agency=locked.agency,
            acting_user=None,
            data={"valid_until": locked.valid_until.isoformat()},
        )
        lapses = library.lapses_on(locked.valid_until)
        body = (
            f"《{locked.title}》（{locked.number or '无文号'}）有效期至{locked.valid_until:%Y年%-m月%-d日}，"
            f"将于{lapses:%Y年%-m月%-d日}失效。\n"
            "请及时评估：需要继续施行的，按程序修改或重新制发；不再施行的，到期自动标注失效。\n"
            f"{settings.SITE_URL}{locked.get_staff_url()}\n（本邮件由政府信息公开平台自动发送）"
        )
    # Sent once the warning is recorded: a failed mail is not sent again the next day.
    recipients = _owners(locked)
    if recipients:
        send_mail(
            f"规范性文件即将到期：{locked.title}", body, settings.DEFAULT_FROM_EMAIL, recipients
        )
    return True


def sweep(today: date) -> Sweep:
    done = Sweep()
    in_force = (
        Document.objects.in_force()
        .filter(valid_until__isnull=False)
        .select_related("agency", "item", "created_by")
    )
    for document in in_force.order_by("valid_until", "pk"):
        lapses = library.lapses_on(document.valid_until)
        if today >= lapses:
            publishing.lapse_item(
                document.item,
                expired_on=lapses,
                reason=f"有效期至{document.valid_until:%Y-%m-%d}，到期自动失效",
            )
            done.lapsed.append(document)
        elif (
            today >= library.warning_date(document.valid_until)
            and document.expiry_warned_on is None
            and _warn(document, today)
        ):
            done.warned.append(document)
    return done
