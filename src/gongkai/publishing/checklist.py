"""The confidentiality review (保密审查, 条例第十四至十七条) as a checklist.

The reviewer must confirm every point before approving; the answers are kept with the
review record.
"""

CONFIDENTIALITY_CHECKLIST: tuple[tuple[str, str], ...] = (
    ("no_state_secrets", "不涉及国家秘密（条例第十四条）"),
    ("no_security_risk", "公开后不危及国家安全、公共安全、经济安全、社会稳定（条例第十四条）"),
    ("no_trade_secrets", "不涉及商业秘密，或已取得权利人同意、依法可以公开（条例第十五条）"),
    ("no_personal_privacy", "不涉及个人隐私，或已依法处理个人信息（条例第十五条）"),
    (
        "not_internal",
        "不属于内部事务信息、过程性信息或行政执法案卷（条例第十六条），或依法应当公开",
    ),
    ("accurate", "内容准确、完整，与已公开信息保持一致（条例第六条）"),
)

KEYS = tuple(key for key, _ in CONFIDENTIALITY_CHECKLIST)
