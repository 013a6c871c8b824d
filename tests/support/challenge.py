"""Answering the application form's challenge as a person would: read the question on
the page and work it out."""

from __future__ import annotations

import html
import re

DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def number(text: str) -> int:
    """A number written in Chinese up to 99 (七, 十二, 二十, 三十五)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (DIGITS[tens] if tens else 1) * 10 + (DIGITS[ones] if ones else 0)
    return DIGITS[text]


def solve(question: str) -> int:
    found = re.search(
        r"([零一二三四五六七八九十\d]+)(加|减|乘以)([零一二三四五六七八九十\d]+)", question
    )
    assert found, question
    a, op, b = number(found.group(1)), found.group(2), number(found.group(3))
    return {"加": a + b, "减": a - b, "乘以": a * b}[op]


def answered(page: str) -> dict[str, str]:
    """The form's one-time token and the fields that answer the challenge shown on this
    page (the challenge is bound to the token); only the token when the page asks no
    question (before repeated submissions from one address)."""
    form_token = re.search(r'name="token" value="([^"]+)"', page)
    token = re.search(r'name="challenge" value="([^"]+)"', page)
    question = re.search(r'<label for="id_challenge_answer">([^<]+)', page)
    assert form_token, "no application form on the page"
    if not token:
        return {"token": form_token.group(1)}
    assert question, "a challenge without its question"
    return {
        "token": form_token.group(1),
        "challenge": html.unescape(token.group(1)),
        "challenge_answer": str(solve(html.unescape(question.group(1)))),
    }
