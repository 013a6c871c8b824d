"""The applicant's files, kept with the application through the one upload module."""

from __future__ import annotations

from django.conf import settings

from gongkai import uploads

from .models import ApplicantFile


def store_upload(application, upload, *, acting_user=None):
    """Check and keep one of the applicant's files with the application (inside an
    `uploads.action`, so a failed move leaves no file behind)."""
    uploads.check(
        upload,
        extensions=settings.APPLICATION_ATTACHMENT_EXTENSIONS,
        max_bytes=settings.APPLICATION_ATTACHMENT_MAX_BYTES,
        field="attachments",
    )
    stored = ApplicantFile(
        application=application,
        name=upload.name[-200:],
        size=upload.size,
        content_type=getattr(upload, "content_type", "") or "application/octet-stream",
        uploaded_by=acting_user if acting_user and acting_user.is_authenticated else None,
    )
    uploads.keep(stored.file, upload, upload.name)
    stored.save()
    return stored
