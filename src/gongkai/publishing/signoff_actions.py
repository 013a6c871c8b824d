"""Actions of the sign-off chain and of scheduled publishing, audited."""

from __future__ import annotations

import logging
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from gongkai import workflow
from gongkai.agencies.access import check_roles
from gongkai.agencies.models import Agency, Role
from gongkai.audit.log import record
from gongkai.workflow import ActionError

from . import actions, signoff
from .models import Item
from .signoff import Signature, SignoffStep

log = logging.getLogger(__name__)
STEP_ROLES = {Role.REVIEWER, Role.PUBLISHER, Role.ADMIN}


@transaction.atomic
def set_chain(agency: Agency, steps: list[dict], *, acting_user) -> list[SignoffStep]:
    """Replace the agency's chain: each step {"title", "role", "checklist": [lines]}."""
    check_roles(acting_user, agency, [Role.ADMIN])
    cleaned = []
    for number, step in enumerate(steps, start=1):
        title = " ".join((step.get("title") or "").split())
        if not title:
            continue
        if step.get("role") not in STEP_ROLES:
            raise ActionError(f"第{number}个环节“{title}”须选择签批角色。", field="steps")
        lines = [" ".join(line.split()) for line in step.get("checklist") or []]
        cleaned.append({"title": title, "role": step["role"], "checklist": [x for x in lines if x]})
    before = [s.title for s in signoff.chain(agency)]
    SignoffStep.objects.filter(agency=agency).delete()
    made = [
        SignoffStep.objects.create(agency=agency, order=i, **step)
        for i, step in enumerate(cleaned, start=1)
    ]
    record(
        "signoff.update",
        target=agency,
        agency=agency,
        acting_user=acting_user,
        data={"from": before, "to": [s.title for s in made]},
    )
    return made


@transaction.atomic
def sign_item(item: Item, *, acting_user, answers: dict, comment: str = "", at=None) -> Signature:
    """Sign the next step of the chain for the current submission."""
    item = workflow.lock(item, "agency")
    if item.status != Item.Status.SUBMITTED:
        raise ActionError(f"当前状态为“{item.get_status_display()}”，不能签批。")
    step = signoff.next_step(item)
    if step is None:
        raise ActionError("签批环节已全部完成。")
    check_roles(acting_user, item.agency, [step.role], f"“{step.title}”须由相应角色签批。")
    confirmed = {line: bool(answers.get(line)) for line in step.checklist}
    missing = [line for line, ok in confirmed.items() if not ok]
    if missing:
        raise ActionError(f"{step.title}签批前须确认：" + "；".join(missing), field="checklist")
    signature = Signature.objects.create(
        item=item,
        step=step,
        step_title=step.title,
        order=step.order,
        signer=acting_user,
        checklist=confirmed,
        comment=(comment or "").strip(),
        at=at or timezone.now(),
    )
    record(
        "item.sign",
        target=item,
        agency=item.agency,
        acting_user=acting_user,
        from_state=item.status,
        to_state=item.status,
        comment=signature.comment,
        at=at,
        data={"step": step.title, "order": step.order},
    )
    return signature


@transaction.atomic
def schedule_item(item: Item, *, acting_user, publish_at: datetime | None, at=None) -> Item:
    """Set (or clear, with None) the time an approved item is published at."""
    check_roles(acting_user, item.agency, [Role.PUBLISHER])
    item = workflow.lock(item, "agency")
    if item.status != Item.Status.APPROVED:
        raise ActionError("只有审核通过、待发布的信息可以定时发布。")
    now = at or timezone.now()
    if publish_at is not None and publish_at <= now:
        raise ActionError("定时发布时间须晚于现在。", field="publish_at")
    item.publish_at = publish_at
    item.scheduled_by = acting_user if publish_at else None
    item.save(update_fields=["publish_at", "scheduled_by"])
    record(
        "item.schedule",
        target=item,
        agency=item.agency,
        acting_user=acting_user,
        from_state=item.status,
        to_state=item.status,
        data={"publish_at": publish_at.isoformat() if publish_at else None},
    )
    return item


def publish_due(now: datetime) -> tuple[list[Item], list[tuple[Item, str]]]:
    """Publish every approved item whose time has come, as the publisher who scheduled it."""
    done, failed = [], []
    due = Item.objects.filter(
        status=Item.Status.APPROVED, publish_at__isnull=False, publish_at__lte=now
    ).select_related("scheduled_by")
    for item in due.order_by("publish_at", "pk"):
        try:
            done.append(actions.publish_item(item, acting_user=item.scheduled_by))
        except ActionError as e:
            failed.append((item, e.message))
        except PermissionDenied:
            failed.append((item, "定时发布人已无发布权限"))
    for item, reason in failed:
        log.warning("scheduled item %s not published: %s", item.code, reason)
    return done, failed
