"""A small self-hosted challenge for anonymous forms (no outside service, no script).

A person reads a short sum written in Chinese ("七加五等于多少？") and types the
number. The question travels with the form in a token signed with Django's signing
(SECRET_KEY), holding the question, a nonce and an HMAC of the answer (the answer
itself is never in the page), and expires after `MAX_AGE` seconds. The nonce is the
form's own one-time token (the online application's submission token), so one solved
question serves one submission: sent again, it finds the application already made.

Use it in any anonymous form:

    class MyForm(forms.Form):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            challenge.attach(self, nonce=...)
        def clean(self):
            data = super().clean()
            challenge.check(self)
            return data

and render `applications/public/_challenge.html` in the form. The throttles of
`throttle.py` limit what a client that solves it can do.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.crypto import constant_time_compare, salted_hmac

SALT = "gongkai.applications.challenge"
MAX_AGE = 2 * 60 * 60  # a long form takes time to fill in
NUMERALS = "零一二三四五六七八九"


@dataclass(frozen=True)
class Challenge:
    question: str
    token: str


def chinese(n: int) -> str:
    """0..99 in Chinese numerals (十二, 二十, 三十五)."""
    if n < 10:
        return NUMERALS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else NUMERALS[tens]) + "十" + (NUMERALS[ones] if ones else "")


def _digest(nonce: str, answer: int) -> str:
    return salted_hmac(SALT, f"{nonce}:{answer}").hexdigest()


def new(nonce: str) -> Challenge:
    rng = secrets.SystemRandom()
    a, b = rng.randint(2, 19), rng.randint(2, 9)
    if rng.random() < 0.5:
        question, answer = f"{chinese(a)}加{chinese(b)}等于多少？", a + b
    else:
        a = max(a, b)
        question, answer = f"{chinese(a)}减{chinese(b)}等于多少？", a - b
    payload = {"q": question, "n": nonce, "h": _digest(nonce, answer)}
    return Challenge(question, signing.dumps(payload, salt=SALT))


def _load(token: str, nonce: str) -> tuple[dict | None, str]:
    """(payload, "") for a valid token of this nonce, else (None, why)."""
    try:
        data = signing.loads(token or "", salt=SALT, max_age=MAX_AGE)
    except signing.SignatureExpired:
        return None, "验证问题已过期，请回答新的问题。"
    except signing.BadSignature:
        return None, "请回答验证问题。"
    if not isinstance(data, dict) or data.get("n") != nonce:
        return None, "请回答验证问题。"
    return data, ""


def verify(token: str, answer: int | None, nonce: str) -> str:
    """ "" when the answer is right for this token and nonce, else what to tell the person."""
    data, why = _load(token, nonce)
    if data is None:
        return why
    if answer is None:
        return "请回答验证问题。"
    if not constant_time_compare(data["h"], _digest(nonce, answer)):
        return "验证问题的答案不正确，请回答新的问题。"
    return ""


def attach(form: forms.BaseForm, *, nonce: str, required: bool = True) -> None:
    """Add the challenge's fields to a form (in its __init__) when `required` (and the
    setting allows it); `form.challenge_shown` is the question the page shows: the one
    posted while it is valid, else a new one."""
    form.challenge_nonce = nonce
    form.challenge_enabled = settings.APPLICATION_CHALLENGE and required
    if not form.challenge_enabled:
        return
    posted = form.data.get("challenge", "") if form.is_bound else ""
    data, _ = _load(posted, nonce)
    form.challenge_shown = Challenge(data["q"], posted) if data is not None else new(nonce)
    form.fields["challenge"] = forms.CharField(widget=forms.HiddenInput, required=False)
    form.fields["challenge_answer"] = forms.IntegerField(
        label=form.challenge_shown.question,
        required=False,
        min_value=-1000,
        max_value=1000,
        error_messages={"invalid": "请填写阿拉伯数字，如 12。"},
    )


def check(form: forms.BaseForm) -> None:
    """In the form's clean(): an error on the answer, and a new question, when wrong."""
    if not getattr(form, "challenge_enabled", False):
        return
    if "challenge_answer" in form.errors:
        return
    why = verify(
        form.data.get("challenge", ""),
        form.cleaned_data.get("challenge_answer"),
        form.challenge_nonce,
    )
    if why:
        form.add_error("challenge_answer", why)
        form.challenge_shown = new(form.challenge_nonce)
        form.challenge_wrong = True
