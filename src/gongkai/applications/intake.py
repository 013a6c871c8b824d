"""Receiving applications: online on the portal, and at the counter, by letter or fax in
the back office, with the day of receipt of 第三十一条.

| channel | day of receipt (第三十一条) |
|---|---|
| in person, or oral (recorded by the office) | the day it is handed over |
| mail that is signed for (registered, EMS, courier) | the day it is signed for |
| ordinary letter | the day the office confirms it with the applicant |
| online, fax, email | the day both sides confirm |

An online application is `unconfirmed` until an officer confirms it; confirming it is the
office's side of 双方确认, and that day becomes the day of receipt.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai import uploads, workflow
from gongkai.agencies.access import check_roles
from gongkai.agencies.models import Agency, Role
from gongkai.audit.log import record
from gongkai.notify import api as notify
from gongkai.workflow import ActionError

from . import clock, files, ledger, throttle
from .models import Application, Channel, new_tracking_code
from .states import Status, closed_status_for

# What an intake form gives, applicant and request alike.
FIELDS = (
    "applicant_type",
    "applicant_name",
    "id_type",
    "id_number",
    "phone",
    "email",
    "address",
    "postcode",
    "legal_representative",
    "contact_name",
    "info_title",
    "info_number",
    "description",
    "form_wanted",
    "delivery",
)
RECEIPT_FIELD = {
    Channel.COUNTER: "handed_over_on",
    Channel.ORAL: "handed_over_on",
    Channel.REGISTERED_MAIL: "signed_for_on",
    Channel.ORDINARY_MAIL: "confirmed_on",
    Channel.FAX: "confirmed_on",
    Channel.EMAIL: "confirmed_on",
}
RECEIPT_LABEL = {
    "handed_over_on": "当面提交（或口头提出）的日期",
    "signed_for_on": "签收日期",
    "confirmed_on": "与申请人确认的日期",
}
CODE_ATTEMPTS = 8


def date_of_receipt(channel: str, *, today: date, **dates: date | None) -> date:
    """The day of receipt for a channel from the dates given; ActionError naming the field."""
    if channel not in RECEIPT_FIELD:
        raise ActionError("网上申请由申请人在门户提交，不在此登记。", field="channel")
    field = RECEIPT_FIELD[channel]
    day = dates.get(field)
    if day is None:
        label = Channel(channel).label
        raise ActionError(f"“{label}”的申请以{RECEIPT_LABEL[field]}为收到申请之日，请填写。", field)
    if day > today:
        raise ActionError("收到申请的日期不能晚于今天。", field)
    return day


def _clean(fields: dict) -> dict:
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValueError(f"fields not accepted: {sorted(unknown)}")
    return {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}


def submit_online(
    agency: Agency,
    *,
    token: uuid.UUID,
    uploads=(),
    ip: str | None = None,
    at: datetime | None = None,
    **fields,
) -> tuple[Application, bool]:
    """An application from the portal (`ip`: the client's address). Returns it and whether
    it is new: a second submit with the same token (a double click) returns the first one
    instead of a copy. ActionError past the limits of `throttle.py`."""
    fields = _clean(fields)
    now = at or timezone.now()
    ip = throttle.address(ip) if ip is not None else None
    for _ in range(CODE_ATTEMPTS):
        try:
            return _create_online(agency, token, uploads, now, fields, ip), True
        except IntegrityError:
            existing = Application.objects.filter(submission_token=token).first()
            if existing is not None:
                same = (existing.applicant_name, existing.description) == (
                    fields.get("applicant_name"),
                    fields.get("description"),
                )
                if not same:
                    # The form was sent before and then changed (the back button): this is
                    # another application, which needs a fresh form of its own.
                    raise ActionError(
                        f"这份申请表已经提交过（查询码 {existing.code}）。"
                        "如需提交另一份申请，请重新打开申请页面填写。"
                    ) from None
                return existing, False
            # Otherwise the random tracking code was taken: draw another one.
    raise ActionError("暂时无法生成查询码，请稍后再试。")


@uploads.action
def _create_online(agency, token, uploads, now, fields, ip=None) -> Application:
    if ip:
        throttle.lock(ip, fields.get("id_number") or "")
    application = Application(
        agency=agency,
        code=new_tracking_code(),
        status=Status.UNCONFIRMED,
        channel=Channel.ONLINE,
        received_on=timezone.localdate(now),
        submitted_at=now,
        submission_token=token,
        submitted_from=ip,
        updated_at=now,
        **fields,
    )
    application.save()
    throttle.check(application, sum(u.size for u in uploads))
    for upload in uploads:
        files.store_upload(application, upload)
    record(
        "application.submit",
        target=application,
        agency=agency,
        acting_user=None,
        to_state=application.status,
        at=now,
        data={"channel": Channel.ONLINE, "files": len(uploads)},
    )
    return application


def _require_officer(user, agency: Agency) -> None:
    check_roles(user, agency, [Role.OFFICER], "只有本机关依申请公开办理人员可以进行这项操作。")


@uploads.action
def register(
    agency: Agency,
    *,
    acting_user,
    channel: str,
    handed_over_on: date | None = None,
    signed_for_on: date | None = None,
    confirmed_on: date | None = None,
    uploads=(),
    note: str = "",
    at: datetime | None = None,
    **fields,
) -> Application:
    """An application received at the counter, by mail, fax or email, entered by an officer."""
    _require_officer(acting_user, agency)
    fields = _clean(fields)
    now = at or timezone.now()
    received = date_of_receipt(
        channel,
        today=timezone.localdate(now),
        handed_over_on=handed_over_on,
        signed_for_on=signed_for_on,
        confirmed_on=confirmed_on,
    )
    for _ in range(CODE_ATTEMPTS):
        try:
            with transaction.atomic():
                application = Application(
                    agency=agency,
                    code=new_tracking_code(),
                    channel=channel,
                    received_on=received,
                    created_by=acting_user,
                    assignee=acting_user,
                    updated_at=now,
                    **fields,
                )
                clock.apply_clock(application, events=())  # it starts from `received`
                application.save()
            break
        except IntegrityError:
            continue
    else:
        raise ActionError("暂时无法生成查询码，请稍后再试。")
    for upload in uploads:
        files.store_upload(application, upload, acting_user=acting_user)
    record(
        "application.register",
        target=application,
        agency=agency,
        acting_user=acting_user,
        to_state=application.status,
        comment=note,
        at=now,
        data={"channel": channel, "received_on": received.isoformat()},
    )
    return application


@uploads.action
def confirm(application: Application, *, acting_user, on: date, at=None) -> Application:
    """The office confirms an online application: `on` is the day of receipt (第三十一条)."""
    move = workflow.begin(application, "confirm", acting_user=acting_user, at=at)
    locked = move.obj
    submitted = timezone.localdate(locked.submitted_at) if locked.submitted_at else None
    if submitted and on < submitted:
        raise ActionError(f"确认日期不能早于申请人提交的日期{submitted}。", field="on")
    if on > timezone.localdate(at or timezone.now()):
        raise ActionError("确认日期不能晚于今天。", field="on")
    locked.received_on = on
    locked.assignee = acting_user
    clock.apply_clock(locked, events=())
    if at is None:  # a historical record (the demo) was told long ago
        notify.tell_applicant(
            locked, "confirmed", received_on=on, detail=f"答复期限：{locked.due_on}"
        )
    return move.finish(data={"received_on": on.isoformat()})


def recorded(agency: Agency, *, created_by=None, **fields) -> Application:
    """An application handled outside the system (the ledger's import, history): closed
    in the state its outcome belongs to when it has one, otherwise open with its clock
    from the day of receipt. Saved, not audited: the caller audits the import."""
    outcome = fields.get("outcome", "")
    status = closed_status_for(outcome) if outcome else Status.PROCESSING
    application = Application(agency=agency, created_by=created_by, status=status, **fields)
    if application.is_open:
        clock.apply_clock(application, events=())
    application.save()
    return application


@transaction.atomic
def import_ledger(agency: Agency, data: bytes, *, acting_user, today: date) -> int:
    """Create an application for every row of a ledger file, or none: LedgerError lists
    every problem with its row and column."""
    _require_officer(acting_user, agency)
    rows = ledger.read(data, agency, today=today)
    for fields in rows:
        application = recorded(agency, created_by=acting_user, **fields)
        record(
            "application.import",
            target=application,
            agency=agency,
            acting_user=acting_user,
            to_state=application.status,
            data={"received_on": fields["received_on"].isoformat()},
        )
    return len(rows)
