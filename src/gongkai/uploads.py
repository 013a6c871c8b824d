"""The one way files come in and go out of storage: checks, writing, and cleanup.

- `check(upload, ...)`: an uploaded file's extension, size and leading bytes, against
  the lists the caller passes (items' attachments and applicants' files differ).
- `keep(fieldfile, content, name)`: write a file through a model's FileField, noted as
  written by the running action.
- `action`: run a function in a transaction; when it fails, commit included, every file
  it wrote is deleted, so a failed change leaves neither a row nor an orphan file. An
  action called inside another action hands its files to the outer one, which may
  still fail.
- `delete_on_commit(fieldfile)`: a file whose row is removed goes only once the
  removal is committed.
- `orphans()`: files no row names (left by a killed process); `gongkai uploads` lists
  them, `--delete` removes them.

Storage writes are not part of the database transaction, hence the bookkeeping.
"""

from __future__ import annotations

import contextvars
import time
from collections.abc import Iterable
from datetime import timedelta
from functools import wraps
from pathlib import Path

from django.db import transaction

from gongkai.workflow import ActionError

# The leading bytes each type must start with; types not listed are not sniffed.
MAGIC = {
    "pdf": (b"%PDF",),
    "png": (b"\x89PNG",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "zip": (b"PK\x03\x04",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "ofd": (b"PK\x03\x04",),
    "doc": (b"\xd0\xcf\x11\xe0",),
    "xls": (b"\xd0\xcf\x11\xe0",),
    "wps": (b"\xd0\xcf\x11\xe0",),
    "et": (b"\xd0\xcf\x11\xe0",),
}

_written: contextvars.ContextVar[list | None] = contextvars.ContextVar("written", default=None)


def extension(name: str) -> str:
    return name.rsplit(".", 1)[-1].lower() if "." in name else ""


def check(upload, *, extensions: Iterable[str], max_bytes: int, field: str = "file") -> str:
    """The upload's extension if its type, size and content are allowed; ActionError
    naming the file and the reason otherwise."""
    name = upload.name or ""
    ext = extension(name)
    allowed = [e.lower() for e in extensions]
    if ext not in allowed:
        raise ActionError(
            f"“{name}”的类型不被接受（不支持的附件类型“{ext or '无扩展名'}”），"
            f"允许：{'、'.join(allowed)}。",
            field=field,
        )
    if upload.size == 0:
        raise ActionError(f"“{name}”是空文件。", field=field)
    if upload.size > max_bytes:
        raise ActionError(f"“{name}”超过 {max_bytes // (1024 * 1024)} MB 的大小限制。", field=field)
    head = upload.read(8)
    upload.seek(0)
    signatures = MAGIC.get(ext)
    if signatures and not any(head.startswith(sig) for sig in signatures):
        raise ActionError(f"“{name}”的文件内容与扩展名“{ext}”不符。", field=field)
    return ext


def keep(fieldfile, content, name: str) -> None:
    """Write `content` (an upload or a ContentFile) through the field, noted for cleanup."""
    fieldfile.save(name, content, save=False)
    found = _written.get()
    if found is not None:
        found.append((fieldfile.storage, fieldfile.name))


def action(fn):
    """Run `fn` in a transaction; if it fails, or the commit does, delete its files."""

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


def delete_on_commit(fieldfile) -> None:
    """Delete the field's file once the running transaction commits."""
    storage, name = fieldfile.storage, fieldfile.name
    if name:
        transaction.on_commit(lambda: storage.delete(name))


def orphans(*, older_than: timedelta = timedelta(hours=24)) -> list[Path]:
    """Files under MEDIA_ROOT that no row's FileField names, last changed more than
    `older_than` ago (a file an action is writing right now is not yet named by a
    committed row). What a killed process or a crash left behind; `gongkai uploads
    --delete` removes them."""
    from django.apps import apps
    from django.conf import settings
    from django.db import models

    named: set[str] = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                names = model._default_manager.exclude(**{field.name: ""}).values_list(
                    field.name, flat=True
                )
                named.update(str(n) for n in names.iterator() if n)
    root = Path(settings.MEDIA_ROOT)
    if not root.is_dir():
        return []
    cutoff = time.time() - older_than.total_seconds()
    found = []
    for path in sorted(root.rglob("*")):
        if not path.is_file() or path.stat().st_mtime > cutoff:
            continue
        if path.relative_to(root).as_posix() not in named:
            found.append(path)
    return found
