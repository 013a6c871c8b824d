"""Changes to an agency's letters: the wording of each kind and the Word layout, made by
its officers or administrator, audited."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai import uploads
from gongkai.agencies.access import check_roles
from gongkai.agencies.models import Agency, Role
from gongkai.audit.log import record

from . import docx_render, letters
from .letter_texts import DEFAULTS
from .models import Letterhead, LetterTemplate

EDITORS = (Role.OFFICER, Role.ADMIN)


@transaction.atomic
def save_template(agency: Agency, kind: str, title: str | None, body: str | None, *, acting_user):
    """Store the agency's wording of one kind of letter; None for both: back to the default.
    ActionError if the body uses a placeholder that does not exist."""
    check_roles(acting_user, agency, EDITORS)
    if kind not in DEFAULTS:
        raise ValueError(f"no letter of kind {kind!r}")
    existing = LetterTemplate.objects.filter(agency=agency, kind=kind).first()
    if title is None or body is None:
        if existing:
            existing.delete()
    else:
        letters.check_body(body)
        existing = existing or LetterTemplate(agency=agency, kind=kind)
        existing.title, existing.body = title, body
        existing.updated_by, existing.updated_at = acting_user, timezone.now()
        existing.save()
    record(
        "application.template",
        target=agency,
        agency=agency,
        acting_user=acting_user,
        data={"kind": kind, "reset": title is None},
    )


@uploads.action
def store_layout(agency: Agency, name: str, data: bytes, *, acting_user) -> None:
    """Use an uploaded Word file as the agency's layout; LayoutError if it is not usable."""
    check_roles(acting_user, agency, EDITORS)
    if not name.lower().endswith(".docx"):
        raise docx_render.LayoutError("请上传 .docx 格式的 Word 文件。")
    docx_render.check_layout(data)
    current = Letterhead.objects.filter(agency=agency).first() or Letterhead(agency=agency)
    if current.pk:
        uploads.delete_on_commit(current.file)
    uploads.keep(current.file, ContentFile(data), "layout.docx")
    current.name, current.uploaded_by, current.uploaded_at = (
        name[-200:],
        acting_user,
        timezone.now(),
    )
    current.save()
    record(
        "application.letterhead",
        target=agency,
        agency=agency,
        acting_user=acting_user,
        data={"name": name},
    )


@transaction.atomic
def reset_layout(agency: Agency, *, acting_user) -> None:
    """Back to the default layout; the agency's file goes once that is committed."""
    check_roles(acting_user, agency, EDITORS)
    for current in Letterhead.objects.filter(agency=agency):
        uploads.delete_on_commit(current.file)
        current.delete()
    record(
        "application.letterhead",
        target=agency,
        agency=agency,
        acting_user=acting_user,
        data={"reset": True},
    )
