"""The disclosure attribute's rules as data (国办发〔2016〕80号: decided at drafting).

`SUGGESTED[kind]` gives the attribute the register suggests for a kind of document and
whether it is locked (规章 and 行政规范性文件 are always 主动公开); a 转发 inherits the
forwarded document's attribute. `POLICY_KINDS` are the policy documents whose 不予公开
the disclosure office must confirm, and which need a 解读 or a reason for none.
`ITEM_KIND` maps a kind to the document kind of its publishing draft (what table 二
and the 解读 rule read).
"""

from __future__ import annotations

PUBLIC = "public"
ON_REQUEST = "on_request"
WITHHELD = "withheld"
ATTRIBUTES = (
    (PUBLIC, "主动公开"),
    (ON_REQUEST, "依申请公开"),
    (WITHHELD, "不予公开"),
)

KINDS = (
    ("rule", "规章"),
    ("normative", "行政规范性文件"),
    ("decision", "决定"),
    ("order", "命令（令）"),
    ("opinion", "意见"),
    ("notice", "通知"),
    ("announcement", "公告、通告"),
    ("plan", "规划、方案"),
    ("reply", "批复"),
    ("request", "请示"),
    ("report", "报告"),
    ("consultation", "征求意见函"),
    ("letter", "函"),
    ("forward", "转发"),
    ("minutes", "纪要"),
    ("other", "其他"),
)
KIND_LABELS = dict(KINDS)

# kind -> (suggested attribute, locked)
SUGGESTED: dict[str, tuple[str, bool]] = {
    "rule": (PUBLIC, True),
    "normative": (PUBLIC, True),
    "decision": (PUBLIC, False),
    "order": (PUBLIC, False),
    "opinion": (PUBLIC, False),
    "notice": (PUBLIC, False),
    "announcement": (PUBLIC, False),
    "plan": (PUBLIC, False),
    "request": (WITHHELD, False),
    "report": (WITHHELD, False),
    "consultation": (WITHHELD, False),
}
INHERITS = frozenset({"forward"})
POLICY_KINDS = frozenset({"rule", "normative", "decision", "order", "opinion", "plan"})
LIBRARY_KINDS = frozenset({"rule", "normative"})
ITEM_KIND = {"rule": "rule", "normative": "normative"} | {
    kind: "policy" for kind in POLICY_KINDS - LIBRARY_KINDS
}

# Legal bases offered for 依申请公开 and 不予公开 (the officer may write another).
BASES = (
    "《中华人民共和国政府信息公开条例》第十四条（国家秘密等）",
    "《中华人民共和国政府信息公开条例》第十五条（商业秘密、个人隐私）",
    "《中华人民共和国政府信息公开条例》第十六条第一款（内部事务信息）",
    "《中华人民共和国政府信息公开条例》第十六条第二款（过程性信息）",
    "《中华人民共和国政府信息公开条例》第二十七条（依申请公开）",
)


def suggestion(kind: str, forwarded_attribute: str = "") -> tuple[str, bool]:
    """The suggested attribute and whether it is locked; ("", False) for no suggestion."""
    if kind in INHERITS and forwarded_attribute:
        return forwarded_attribute, False
    return SUGGESTED.get(kind, ("", False))


def problems(kind: str, attribute: str, reason: str, basis: str, forwarded_attribute="") -> dict:
    """What the rules refuse in an entry, by field (messages for users)."""
    found: dict[str, str] = {}
    suggested, locked = suggestion(kind, forwarded_attribute)
    if locked and attribute and attribute != suggested:
        found["attribute"] = (
            f"{KIND_LABELS[kind]}一律主动公开（国办发〔2016〕80号），不能登记为"
            f"“{dict(ATTRIBUTES)[attribute]}”。"
        )
    if attribute in (ON_REQUEST, WITHHELD):
        label = dict(ATTRIBUTES)[attribute]
        if not reason.strip():
            found["reason"] = f"登记为“{label}”须写明理由。"
        if not basis.strip():
            found["basis"] = f"登记为“{label}”须写明法律依据。"
    return found
