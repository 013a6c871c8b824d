"""The application form's self-hosted challenge: a person reads a sum in Chinese and
types the number; a wrong, missing, forged, expired or borrowed answer is refused."""

from __future__ import annotations

import uuid

import pytest
from django.core import signing

from gongkai.applications import challenge as ch
from gongkai.applications.models import Application
from tests.applications.test_public import FORM, _opened
from tests.support import challenge


@pytest.fixture(autouse=True)
def always_asked(settings):
    """The question from the first submission on (it comes after repeated ones by default)."""
    settings.APPLY_CHALLENGE_AFTER = 0


def test_chinese_numerals():
    assert [ch.chinese(n) for n in (0, 7, 10, 12, 20, 35)] == [
        "零",
        "七",
        "十",
        "十二",
        "二十",
        "三十五",
    ]
    for _ in range(50):
        shown = ch.new("n")
        assert ch.verify(shown.token, challenge.solve(shown.question), "n") == ""
        assert "answer" not in signing.loads(shown.token, salt=ch.SALT)  # never in the page


def test_wrong_missing_forged_and_borrowed_answers(world, client_for):
    client = client_for("anonymous")
    opened = _opened(client)
    right = int(opened["challenge_answer"])
    cases = [
        ({**opened, "challenge_answer": str(right + 1)}, "答案不正确"),
        ({**opened, "challenge_answer": ""}, "请回答验证问题"),
        ({**opened, "challenge": opened["challenge"][:-2] + "xx"}, "请回答验证问题"),
        ({**opened, "token": str(uuid.uuid4())}, "请回答验证问题"),  # another form's question
    ]
    for data, message in cases:
        page = client.post("/a/agency-a/apply/", {**FORM, **data}).content.decode()
        assert message in page, message
        assert challenge.answered(page)["challenge"] != opened["challenge"] or "请回答" in message
    assert not Application.objects.exists()
    assert client.post("/a/agency-a/apply/", {**FORM, **opened}).status_code == 302


def test_an_expired_question(world, client_for, monkeypatch):
    client = client_for("anonymous")
    opened = _opened(client)
    monkeypatch.setattr(ch, "MAX_AGE", -1)
    page = client.post("/a/agency-a/apply/", {**FORM, **opened}).content.decode()
    assert "验证问题已过期" in page and not Application.objects.exists()
