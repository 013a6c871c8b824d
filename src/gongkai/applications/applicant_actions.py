"""What the applicant does online on their own application, as `OnlineApplicant(code)`
(the role `applicant`, after the code and the second factor on the tracking page)."""

from __future__ import annotations

from django.conf import settings

from gongkai import uploads
from gongkai.agencies.models import Role
from gongkai.notify import api as notify
from gongkai.workdays import EventKind
from gongkai.workflow import ActionError

from . import files
from .actions import _add_event, _begin, _finish, _today


@uploads.action
def reply_correction(application, *, acting_user, text: str, uploads=(), at=None):
    """The applicant answers the 补正 online (text and files): the corrected application is
    received today, so the 20 working days start again from today (第三十条), and the
    application's officers are told."""
    move = _begin(application, "reply_correction", acting_user, at)
    application = move.obj
    text = text.strip()
    if not text and not uploads:
        raise ActionError("请填写补正内容或上传补正材料。", field="text")
    if len(text) > 5000:
        raise ActionError("补正内容不能超过5000字。", field="text")
    on = _today(at)
    names = [u.name for u in uploads]
    note = "申请人在线补正：" + (text or "（见补正材料）")
    if names:
        note += "\n补正材料：" + "、".join(names)
    _add_event(
        application, EventKind.CORRECTION_RECEIVED, on, acting_user=acting_user, note=note, at=at
    )
    for upload in uploads:
        files.store_upload(application, upload)
    if at is None:
        notify.tell_staff(
            application.agency,
            (Role.OFFICER,),
            f"申请人已在线补正：{application.code}",
            f"政府信息公开申请 {application.code} 的申请人已于{on}在线提交补正"
            f"（{len(names)}个附件），答复期限重新计算至{application.due_on}。\n"
            f"{settings.SITE_URL}{application.get_absolute_url()}",
            about=application,
            kind="correction_reply",
        )
    return _finish(
        move,
        comment=note,
        data={"on": on.isoformat(), "due_on": str(application.due_on), "files": names},
    )
