"""Files written by an action (letters, the applicant's uploads) and the checks on uploads.

Storage writes are not part of the database transaction: every file an action writes is
remembered, and `action()` deletes them if the action fails, so a failed move leaves
neither a row nor an orphan file.
"""

from __future__ import annotations

import contextvars
from functools import wraps

from django.conf import settings
from django.db import transaction

from gongkai.publishing.actions import MAGIC

from .errors import ActionError

_written: contextvars.ContextVar[list | None] = contextvars.ContextVar("written", default=None)


def written(storage, name: str) -> None:
    """Note a file the current action wrote."""
    found = _written.get()
    if found is not None:
        found.append((storage, name))


def action(fn):
    """Run `fn` in a transaction; on failure, delete the files it wrote."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        outer = _written.get()
        mine: list = []
        token = _written.set(mine)
        try:
            with transaction.atomic():
                result = fn(*args, **kwargs)
        except BaseException:
            for storage, name in mine:
                storage.delete(name)
            raise
        finally:
            _written.reset(token)
        if outer is not None:
            outer.extend(mine)  # an enclosing action may still fail
        return result

    return wrapper


def check_upload(upload) -> str:
    """The extension of an applicant's file if its type and size are allowed."""
    name = upload.name or ""
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    allowed = [e.lower() for e in settings.APPLICATION_ATTACHMENT_EXTENSIONS]
    if ext not in allowed:
        raise ActionError(
            f"“{name}”的类型不被接受，允许：{'、'.join(allowed)}。", field="attachments"
        )
    if upload.size == 0:
        raise ActionError(f"“{name}”是空文件。", field="attachments")
    limit = settings.APPLICATION_ATTACHMENT_MAX_BYTES
    if upload.size > limit:
        raise ActionError(
            f"“{name}”超过 {limit // (1024 * 1024)} MB 的大小限制。", field="attachments"
        )
    head = upload.read(8)
    upload.seek(0)
    signatures = MAGIC.get(ext)
    if signatures and not any(head.startswith(sig) for sig in signatures):
        raise ActionError(f"“{name}”的内容与扩展名“{ext}”不符。", field="attachments")
    return ext


def store_upload(application, upload, *, acting_user=None):
    """Check and keep one of the applicant's files with the application."""
    from .records import ApplicantFile

    check_upload(upload)
    stored = ApplicantFile(
        application=application,
        name=upload.name[-200:],
        size=upload.size,
        content_type=getattr(upload, "content_type", "") or "application/octet-stream",
        uploaded_by=acting_user if acting_user and acting_user.is_authenticated else None,
    )
    stored.file.save(upload.name, upload, save=False)
    written(stored.file.storage, stored.file.name)
    stored.save()
    return stored
