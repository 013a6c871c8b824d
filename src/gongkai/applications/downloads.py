"""The tracking page's download links: signed, bound to one application, valid for
`DOWNLOAD_LINK_MINUTES`, and only in the session that gave the code and the second
factor. An expired, altered or foreign link gets 404; every download is audited."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse

SALT = "gongkai.applications.download"
LETTER, FILE = "letter", "file"


def link(application, kind: str, code: str) -> str:
    token = signing.TimestampSigner(salt=SALT).sign_object(
        {"a": application.code, "k": kind, "f": code}
    )
    return reverse("apply:download", args=[token])


def read(token: str) -> dict | None:
    """What the link names, or None when it is altered or expired."""
    try:
        return signing.TimestampSigner(salt=SALT).unsign_object(
            token, max_age=settings.DOWNLOAD_LINK_MINUTES * 60
        )
    except signing.BadSignature:  # SignatureExpired is one
        return None
