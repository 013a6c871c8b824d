"""Sending a message again, after its last try failed: one audited action."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from gongkai.audit.log import record
from gongkai.workflow import ActionError

from . import api
from .models import Message


@transaction.atomic
def resend(message: Message, *, acting_user) -> Message:
    """The caller checked that the user handles what the message is about."""
    locked = Message.objects.select_for_update().get(pk=message.pk)
    if locked.status != Message.Status.FAILED:
        raise ActionError("只有发送失败的通知可以重新发送。")
    previous = locked.status
    Message.objects.filter(pk=locked.pk).update(
        status=Message.Status.PENDING, attempts=0, next_try_at=timezone.now(), last_error=""
    )
    locked.refresh_from_db()
    record(
        "notify.resend",
        target=locked.about or locked,
        agency=locked.agency,
        acting_user=acting_user,
        from_state=previous,
        to_state=locked.status,
        data={"message": locked.pk, "subject": locked.subject},
    )
    api._start([locked])
    return locked
