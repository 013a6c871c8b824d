"""The screening rules: each a stable id, a severity, a statement in Chinese and
English, a detector and (for personal data) a mask.

The rules and what they look for:

PII-ID (error)
    An 18-character mainland resident ID number whose check character and date of
    birth are valid (GB 11643, `gongkai.identity.check_resident_id`). Invalid numbers
    are not flagged: they are usually case numbers or codes, not IDs.
PII-BANKCARD (error)
    16 to 19 digits (groups of four may be spaced) passing the Luhn check, when they
    start with 62 (UnionPay, which issues nearly every card in China) or a bank word
    (卡号, 账号, 银行, 开户…) stands within 20 characters before them. One random
    number in ten passes Luhn, so without either clue long numbers are left alone.
PII-MOBILE (warning)
    A mainland mobile number (11 digits from 13x to 19x, spaced or hyphenated as
    3-4-4, optionally +86). A warning, not an error: agencies publish their own
    service mobiles on purpose; a person's must be masked.
PII-USCC-PERSON (warning)
    A unified social credit code (GB 32100, valid check character) whose first two
    characters are 92: registered by market regulation (9) as an individual business
    (个体工商户, 2). Such a business is one natural person trading under a name; with
    the code, the person is identified, so a list that gives it needs review (双公示
    rules publish it, with the operator's name and ID masked).
PII-ADDRESS (warning)
    An address down to the house number (…路/街/巷/村…12号, and 栋/单元/室 after it)
    in a table or sheet cell, where it is a listed person's address, or anywhere when
    it goes down to a flat (单元, 室, 户): an office address in running text, down to
    its street number, is not flagged.
SECRET-CLASSIFIED (error)
    A classification mark: 绝密, 机密 or 秘密 with the star ★ (GB/T 9704), e.g. 秘密★1年.
SECRET-INTERNAL (error)
    内部资料 or 内部文件 (often with 注意保存): material not for the public.
DISCLOSE-NOT (error)
    The document says 此件不公开: it must not be published.
DISCLOSE-ON-REQUEST (warning)
    The document says 此件依申请公开: it is given to applicants, not published
    proactively, unless its attribute was changed on purpose.
ATTRIBUTE (error or warning)
    The caller's disclosure attribute contradicts publishing: a 不予公开 document
    being published is an error, a 依申请公开 one a warning.
AGENCY-WORD (warning, or error)
    A word or phrase from the agency's own list (names of people under protection,
    project code names…), each with its own severity.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date

from ..identity import (
    IdentityError,
    check_credit_code,
    check_resident_id,
    mask_address,
    mask_id,
    mask_phone,
)
from .model import Severity

# (start, end, masked text or None)
Hit = tuple[int, int, "str | None"]


@dataclass(frozen=True)
class Context:
    in_list: bool
    today: date


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    zh: str
    en: str
    detect: Callable[[str, Context], Iterator[Hit]]
    # Characters one of which any match contains: a text without them is skipped
    # before the pattern runs (most cells of a list hold no digits, no ★).
    needs: str = ""


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch)
        if i % 2:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")


def _ids(text: str, ctx: Context) -> Iterator[Hit]:
    for m in _ID.finditer(text):
        try:
            number = check_resident_id(m.group(), today=ctx.today)
        except IdentityError:
            continue
        yield m.start(), m.end(), mask_id(number)


def is_resident_id(text: str, today: date | None = None) -> bool:
    try:
        check_resident_id(text, today=today)
    except IdentityError:
        return False
    return True


_CARD = re.compile(r"(?<![\d])(?:\d{4}[ -]?){3}\d{4}(?:[ -]?\d{1,3})?(?![\d])")
_BANK_WORDS = re.compile(r"卡号|账号|帐号|银行|开户|账户|帐户|储蓄|借记|信用卡|收款")


def _cards(text: str, ctx: Context) -> Iterator[Hit]:
    for m in _CARD.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        if not 16 <= len(digits) <= 19 or not luhn_ok(digits):
            continue
        if len(digits) == 18 and is_resident_id(digits, ctx.today):
            continue  # PII-ID says it
        context = text[max(0, m.start() - 20) : m.start()]
        if digits.startswith("62") or _BANK_WORDS.search(context):
            yield m.start(), m.end(), mask_id(digits)


_MOBILE = re.compile(r"(?<![\d])(?:\+?86[ -]?)?(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?![\d])")


def _mobiles(text: str, ctx: Context) -> Iterator[Hit]:
    for m in _MOBILE.finditer(text):
        yield m.start(), m.end(), mask_phone("".join(m.groups()))


_USCC = re.compile(r"(?<![0-9A-Z])92[0-9A-HJ-NP-RTUWXY]{16}(?![0-9A-Z])")


def _personal_businesses(text: str, ctx: Context) -> Iterator[Hit]:
    for m in _USCC.finditer(text.upper()):
        try:
            code = check_credit_code(m.group())
        except IdentityError:
            continue
        yield m.start(), m.end(), mask_id(code)


# Leftmost-first matching takes in the place names before the street (up to 12
# characters), so masking keeps the district and hides the rest.
_ADDRESS = re.compile(
    r"[\u4e00-\u9fa5A-Za-z0-9]{1,12}?(?:路|街|大街|大道|道|巷|弄|胡同|村|组|社区|小区|花园|苑|里)"
    r"[0-9０-９一二三四五六七八九十百零〇\-－]+号"
    r"(?:(?:之|附|-|－)[0-9０-９]+号?)?"
    r"(?:[0-9０-９A-Za-z一二三四五六七八九十\-－]+(?:号楼|栋|幢|座|单元|层|楼|室|户|号))*"
)
_FLAT = re.compile(r"单元|室|户")


def _addresses(text: str, ctx: Context) -> Iterator[Hit]:
    for m in _ADDRESS.finditer(text):
        if ctx.in_list or _FLAT.search(m.group()):
            yield m.start(), m.end(), mask_address(m.group())


_CLASSIFIED = re.compile(
    r"(?:绝\s*密|机\s*密|秘\s*密)\s*★\s*(?:[0-9一二三四五六七八九十]+\s*年|长期)?"
)
_INTERNAL = re.compile(r"内部资料|内部文件")
_NOT_PUBLIC = re.compile(r"此件不(?:予)?公开")
_ON_REQUEST = re.compile(r"此件依申请公开")


def _marks(pattern: re.Pattern[str]) -> Callable[[str, Context], Iterator[Hit]]:
    def detect(text: str, ctx: Context) -> Iterator[Hit]:
        for m in pattern.finditer(text):
            yield m.start(), m.end(), None

    return detect


RULES: tuple[Rule, ...] = (
    Rule(
        "PII-ID",
        Severity.ERROR,
        "居民身份证号码（校验位有效）",
        "a resident ID number with a valid check digit",
        _ids,
        needs="0123456789",
    ),
    Rule(
        "PII-BANKCARD",
        Severity.ERROR,
        "银行卡号（通过Luhn校验）",
        "a bank card number passing the Luhn check",
        _cards,
        needs="0123456789",
    ),
    Rule("PII-MOBILE", Severity.WARNING, "手机号码", "a mobile phone number", _mobiles, needs="1"),
    Rule(
        "PII-USCC-PERSON",
        Severity.WARNING,
        "个体工商户的统一社会信用代码（指向自然人）",
        "the credit code of an individual business (a natural person)",
        _personal_businesses,
        needs="9",
    ),
    Rule(
        "PII-ADDRESS",
        Severity.WARNING,
        "精确到门牌号的住址（名单中）或到户的住址",
        "an address down to the house number in a list",
        _addresses,
        needs="号",
    ),
    Rule(
        "SECRET-CLASSIFIED",
        Severity.ERROR,
        "密级标志（绝密★、机密★、秘密★）",
        "a classification mark with ★",
        _marks(_CLASSIFIED),
        needs="★",
    ),
    Rule(
        "SECRET-INTERNAL",
        Severity.ERROR,
        "“内部资料”标注",
        "marked as internal material",
        _marks(_INTERNAL),
        needs="内",
    ),
    Rule(
        "DISCLOSE-NOT",
        Severity.ERROR,
        "“此件不公开”标注",
        "marked as not to be disclosed",
        _marks(_NOT_PUBLIC),
        needs="此",
    ),
    Rule(
        "DISCLOSE-ON-REQUEST",
        Severity.WARNING,
        "“此件依申请公开”标注",
        "marked as disclosed on request only",
        _marks(_ON_REQUEST),
        needs="此",
    ),
)
# Rules that need the caller's data rather than a pattern; listed for --list-rules.
ATTRIBUTE = Rule(
    "ATTRIBUTE",
    Severity.ERROR,
    "公开属性与发布相矛盾（不予公开的文件被发布）",
    "the disclosure attribute contradicts publication",
    lambda text, ctx: iter(()),
)
AGENCY_WORD = Rule(
    "AGENCY-WORD",
    Severity.WARNING,
    "本机关敏感词表中的词语",
    "a word from the agency's own list",
    lambda text, ctx: iter(()),
)
ALL_RULES = (*RULES, ATTRIBUTE, AGENCY_WORD)
BY_ID = {r.id: r for r in ALL_RULES}


def rules_for(ids: Sequence[str] | None) -> tuple[Rule, ...]:
    """The pattern rules with these ids (all by default); KeyError names an unknown one."""
    if ids is None:
        return RULES
    unknown = [i for i in ids if i not in BY_ID]
    if unknown:
        raise KeyError(", ".join(unknown))
    return tuple(r for r in RULES if r.id in ids)
