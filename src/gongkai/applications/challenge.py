"""A self-hosted challenge for the online form (no external service): after
`GONGKAI_APPLY_CHALLENGE_AFTER` new applications from one address within the hour, the
form asks a small sum in Chinese numerals before it accepts another. The question's
answer travels signed (with a time limit) in the form, hashed, so nothing is stored.

Issue 15's throttles may replace the counting at merge; the question stays here.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.utils import timezone

from .models import OnlineSubmission

SALT = "gongkai.applications.challenge"
NUMERALS = "零一二三四五六七八九十"
MAX_AGE = 20 * 60  # seconds a question stays valid
WINDOW = timedelta(hours=1)


def required(ip: str | None) -> bool:
    if not ip:
        return False
    since = timezone.now() - WINDOW
    count = OnlineSubmission.objects.filter(ip=ip, at__gte=since).count()
    return count >= settings.APPLY_CHALLENGE_AFTER


def note(ip: str | None) -> None:
    """A new application from this address (old rows go at the same time)."""
    OnlineSubmission.objects.filter(at__lt=timezone.now() - timedelta(days=1)).delete()
    OnlineSubmission.objects.create(ip=ip)


def _digest(answer: str, nonce: str) -> str:
    return hashlib.sha256(f"{nonce}:{answer.strip()}".encode()).hexdigest()


def new() -> dict:
    """A question and its signed token: {"question": ..., "token": ...}."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    nonce = secrets.token_hex(8)
    token = signing.TimestampSigner(salt=SALT).sign_object(
        {"n": nonce, "h": _digest(str(a + b), nonce)}
    )
    return {"question": f"{NUMERALS[a]}加{NUMERALS[b]}等于几？（请填写阿拉伯数字）", "token": token}


def passed(token: str, answer: str) -> bool:
    try:
        data = signing.TimestampSigner(salt=SALT).unsign_object(token or "", max_age=MAX_AGE)
    except signing.BadSignature:
        return False
    return secrets.compare_digest(data.get("h", ""), _digest(answer or "", data.get("n", "")))
