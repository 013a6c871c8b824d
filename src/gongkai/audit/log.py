"""The one way to write the audit log.

    from gongkai.audit.log import record
    record("item.submit", target=item, agency=item.agency, acting_user=user,
           from_state="draft", to_state="submitted", comment="...")

Call it inside the transaction of the change it records, so both land or neither does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from .models import AuditEvent, label_of

# The client address of the request being served, set by the site's middleware; every
# row recorded while it runs carries it.
_client_ip: ContextVar[str | None] = ContextVar("audit_client_ip", default=None)


@contextmanager
def client_address(ip: str | None) -> Iterator[None]:
    """Rows recorded inside the block carry `ip` as their client address."""
    token = _client_ip.set(ip)
    try:
        yield
    finally:
        _client_ip.reset(token)


def record(
    action: str,
    *,
    target: models.Model,
    acting_user,
    agency=None,
    from_state: str = "",
    to_state: str = "",
    comment: str = "",
    data: dict[str, Any] | None = None,
    at: datetime | None = None,
) -> AuditEvent:
    """Append one event; returns it. Raises TransactionManagementError outside a transaction."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise transaction.TransactionManagementError(
            "audit.record() must run inside the transaction of the change it records"
        )
    actor = acting_user if acting_user is not None and acting_user.is_authenticated else None
    return AuditEvent.objects.create(
        at=at or timezone.now(),
        actor=actor,
        agency=agency,
        action=action,
        target_type=label_of(target),
        target_id=str(target.pk),
        target_repr=str(target)[:300],
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        data=data or {},
        client_ip=_client_ip.get(),
    )
