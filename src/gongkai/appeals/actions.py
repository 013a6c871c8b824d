"""Every change to a case: one function per action, atomic, audited in the same transaction."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from gongkai import workflow
from gongkai.agencies.access import check_roles
from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.audit.log import record
from gongkai.workflow import ActionError

from .models import Case

WRITERS = Case.WRITERS
FIELDS = (
    "kind",
    "case_number",
    "authority",
    "filed_on",
    "result",
    "decided_on",
    "summary",
    "application",
)


def _require(user, agency: Agency) -> None:
    check_roles(user, agency, WRITERS, "您在该机关没有登记复议诉讼案件的权限。")


def _clean(agency: Agency, fields: dict) -> dict:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"fields not editable: {sorted(unknown)}")
    application = fields.get("application")
    if isinstance(application, str):
        code = application.strip().upper()
        application = None
        if code:
            # looked up among this agency's applications only: another agency's code gets
            # the same answer as an unknown one (nothing to learn about other agencies)
            application = Application.objects.filter(code=code, agency=agency).first()
            if application is None:
                raise ActionError(f"本机关没有查询码为“{code}”的申请。", field="application")
        fields["application"] = application
    if application is not None and application.agency_id != agency.pk:
        raise ActionError("所关联的申请不是本机关受理的申请。", field="application")
    result = fields.get("result") or Case.Result.PENDING
    decided = fields.get("decided_on")
    if result == Case.Result.PENDING and decided is not None:
        raise ActionError("尚未审结的案件不填写结果日期。", field="decided_on")
    if result != Case.Result.PENDING and decided is None:
        raise ActionError("请填写结果日期。", field="decided_on")
    filed = fields.get("filed_on")
    if filed is not None and decided is not None and decided < filed:
        raise ActionError("结果日期不能早于申请复议或起诉日期。", field="decided_on")
    if filed is not None and filed > timezone.localdate():
        raise ActionError("申请复议或起诉日期不能晚于今天。", field="filed_on")
    if decided is not None and decided > timezone.localdate():
        raise ActionError("结果日期不能晚于今天。", field="decided_on")
    fields["result"] = result
    return fields


def _snapshot(case: Case) -> dict:
    return {
        "kind": case.kind,
        "case_number": case.case_number,
        "filed_on": case.filed_on.isoformat(),
        "result": case.result,
        "decided_on": case.decided_on.isoformat() if case.decided_on else None,
        "application": case.application.code if case.application_id else None,
    }


@transaction.atomic
def create_case(agency: Agency, *, acting_user, at: datetime | None = None, **fields) -> Case:
    _require(acting_user, agency)
    fields = _clean(agency, fields)
    now = at or timezone.now()
    case = Case.objects.create(
        agency=agency, created_by=acting_user, created_at=now, updated_at=now, **fields
    )
    record(
        "case.create",
        target=case,
        agency=agency,
        acting_user=acting_user,
        to_state=case.result,
        data=_snapshot(case),
        at=at,
    )
    return case


@transaction.atomic
def update_case(case: Case, *, acting_user, at: datetime | None = None, **fields) -> Case:
    _require(acting_user, case.agency)
    locked = workflow.lock(case, "agency")
    merged = {name: getattr(locked, name) for name in FIELDS}
    merged.update(fields)
    merged = _clean(locked.agency, merged)
    result = merged.pop("result")
    move = None
    if result != locked.result:  # a change of result is a move of the case's workflow
        move = workflow.begin(locked, f"record_{result}", acting_user=acting_user, at=at)
        locked = move.obj
    before = _snapshot(locked)
    for name, value in merged.items():
        setattr(locked, name, value)
    after = {**_snapshot(locked), "result": result}
    changed = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if move is not None:
        return move.finish(data={"changed": changed})
    locked.updated_at = at or timezone.now()
    locked.save()
    record(
        "case.update",
        target=locked,
        agency=locked.agency,
        acting_user=acting_user,
        from_state=locked.result,
        to_state=locked.result,
        data={"changed": changed},
        at=at,
    )
    return locked


@transaction.atomic
def delete_case(case: Case, *, acting_user, reason: str) -> None:
    """Remove a case entered by mistake; the audit row keeps what it was and why."""
    _require(acting_user, case.agency)
    if not reason.strip():
        raise ActionError("删除案件需要说明理由。", field="reason")
    locked = Case.objects.select_for_update().select_related("agency").get(pk=case.pk)
    record(
        "case.delete",
        target=locked,
        agency=locked.agency,
        acting_user=acting_user,
        from_state=locked.result,
        comment=reason.strip(),
        data=_snapshot(locked),
    )
    locked.delete()
