"""清理 (periodic review of the documents in force), its actions, audited.

`open_batch` takes every document in force in the agency's subtree; each agency's editors
or administrators mark theirs (`decide`); the disclosure office finishes the batch when
every document is marked (`finish`), which publishes the result list on the portal.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone

from gongkai import workflow
from gongkai.agencies.access import check_roles
from gongkai.agencies.models import Agency, Role
from gongkai.audit.log import record
from gongkai.workflow import ActionError

from .models import CleanupBatch, CleanupEntry, Document


@transaction.atomic
def open_batch(agency: Agency, *, acting_user, title: str, due_on: date, at=None) -> CleanupBatch:
    check_roles(acting_user, agency, [Role.SUPERVISOR])
    title = " ".join((title or "").split())
    if not title:
        raise ActionError("请填写清理的名称。", field="title")
    now = at or timezone.now()
    batch = CleanupBatch.objects.create(
        agency=agency,
        title=title,
        due_on=due_on,
        opened_by=acting_user,
        opened_at=now,
        updated_at=now,
    )
    documents = Document.objects.in_force().filter(agency__path__startswith=agency.path)
    CleanupEntry.objects.bulk_create(
        CleanupEntry(batch=batch, document=d, agency_id=d.agency_id) for d in documents
    )
    record(
        "cleanup.open",
        target=batch,
        agency=agency,
        acting_user=acting_user,
        to_state=batch.status,
        at=now,
        data={"documents": batch.entries.count(), "due_on": due_on.isoformat()},
    )
    return batch


@transaction.atomic
def decide(entry: CleanupEntry, *, acting_user, decision: str, note: str = "", at=None):
    check_roles(acting_user, entry.agency, [Role.EDITOR, Role.ADMIN])
    batch = workflow.lock(entry.batch)
    entry = CleanupEntry.objects.select_for_update().get(pk=entry.pk)
    if batch.status != CleanupBatch.Status.OPEN:
        raise ActionError("该清理已完成，不能再修改结论。")
    if decision not in CleanupEntry.Decision.values:
        raise ActionError("请选择清理结论。", field="decision")
    note = " ".join((note or "").split())
    if decision != CleanupEntry.Decision.CONTINUE and not note:
        raise ActionError("拟修改或废止的，请写明理由。", field="note")
    previous = entry.decision
    entry.decision, entry.note = decision, note
    entry.decided_by, entry.decided_at = acting_user, at or timezone.now()
    entry.save()
    record(
        "cleanup.decide",
        target=batch,
        agency=entry.agency,
        acting_user=acting_user,
        from_state=batch.status,
        to_state=batch.status,
        comment=note,
        at=at,
        data={"document": entry.document.code, "from": previous, "decision": decision},
    )
    return entry


@transaction.atomic
def finish(batch: CleanupBatch, *, acting_user, at=None) -> CleanupBatch:
    move = workflow.begin(batch, "finish", acting_user=acting_user, at=at)
    batch = move.obj
    undecided = batch.entries.filter(decision="").count()
    if undecided:
        raise ActionError(f"尚有{undecided}件文件未作出清理结论，不能完成清理。")
    batch.finished_at = at or timezone.now()
    counts = {d: batch.entries.filter(decision=d).count() for d in CleanupEntry.Decision.values}
    return move.finish(data=counts)
