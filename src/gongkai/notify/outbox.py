"""Sending the stored messages, each once, trying again while the server is down.

A sender claims a message by moving it from `pending` to `sending` in one UPDATE (two
senders cannot both claim it), sends it, and records the result: `sent`, or back to
`pending` with the next try after `NOTIFY_RETRY_MINUTES[attempt - 1]` minutes, or
`failed` after the last try (the officer sees it on the 待办 page and may send it
again). A sender that dies between claiming and recording loses its claim after
`CLAIM` and the message is tried again; mail keeps one Message-ID on every try.

Messages are sent by the job `notify.send`, started when the action that wrote them
commits, and by `gongkai manage send_messages` (cron, every minute), which sends
whatever is due: the retries, and anything written while no worker ran.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import sms
from .models import Message

logger = logging.getLogger("gongkai.notify")
CLAIM = timedelta(minutes=10)


def retry_minutes() -> list[int]:
    return list(settings.NOTIFY_RETRY_MINUTES)


def max_attempts() -> int:
    return len(retry_minutes()) + 1


def _claim(pk: int, now) -> bool:
    with transaction.atomic():
        changed = (
            Message.objects.due(now)
            .filter(pk=pk)
            .update(
                status=Message.Status.SENDING, claimed_until=now + CLAIM, attempts=F("attempts") + 1
            )
        )
    return changed == 1


def _deliver(message: Message) -> None:
    if message.channel == Message.Channel.EMAIL:
        EmailMessage(
            message.subject,
            message.body,
            settings.DEFAULT_FROM_EMAIL,
            [message.recipient],
            headers={"Message-ID": message.message_id},
        ).send()
    else:
        sms.backend().send(message.recipient, f"【{message.subject}】{message.body}")


def send_one(pk: int, now=None) -> str | None:
    """Send one message if it is due; returns its new status, or None if not claimed."""
    now = now or timezone.now()
    if not _claim(pk, now):
        return None
    message = Message.objects.get(pk=pk)
    try:
        _deliver(message)
    except Exception as error:  # the server's or gateway's failure, whatever its class
        logger.warning("message %s: try %s failed: %s", pk, message.attempts, error)
        reason = f"{type(error).__name__}: {error}"[:500]
        if message.attempts >= max_attempts():
            fields = {"status": Message.Status.FAILED, "last_error": reason}
        else:
            wait = timedelta(minutes=retry_minutes()[message.attempts - 1])
            fields = {
                "status": Message.Status.PENDING,
                "last_error": reason,
                "next_try_at": timezone.now() + wait,
            }
        Message.objects.filter(pk=pk, status=Message.Status.SENDING).update(
            claimed_until=None, **fields
        )
        return fields["status"]
    Message.objects.filter(pk=pk).update(
        status=Message.Status.SENT, sent_at=timezone.now(), claimed_until=None
    )
    return Message.Status.SENT


def send(pks, now=None) -> dict[str, int]:
    counts: dict[str, int] = {}
    for pk in pks:
        status = send_one(pk, now)
        if status:
            counts[status] = counts.get(status, 0) + 1
    return counts


def send_due(now=None, limit: int = 500) -> dict[str, int]:
    """Send every message due now (oldest first)."""
    now = now or timezone.now()
    pks = list(
        Message.objects.due(now).order_by("next_try_at", "pk").values_list("pk", flat=True)[:limit]
    )
    return send(pks, now)


def send_job(job, progress) -> dict:
    """The job `notify.send`: the messages an action wrote."""
    counts = send(job.params.get("messages", []))
    return {"counts": counts}
