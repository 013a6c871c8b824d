"""What the narrative rules read as a statement about the tables, and what they do not."""

from __future__ import annotations

import pytest

from gongkai.annualreport.rules.narrative import T3_METRICS, T4_METRICS, statements

METRICS = T3_METRICS + T4_METRICS


@pytest.mark.parametrize(
    ("text", "found"),
    [
        (
            "本年度全区共收到70件申请，及时依法依规办结69件，1件结转下年度继续办理。",
            {("received", 70), ("handled", 69), ("carried-out", 1)},
        ),
        (
            "答复政府信息公开申请805件（含上年度结转申请18件，另有72件申请按照《条例》顺延到下年度答复）",
            {("handled", 805), ("carried-in", 18), ("carried-out", 72)},
        ),
        (
            "所有办结的信息公开申请中同意公开答复 9 件，部分公开答复 0 件，不予公开答复 2\n件，无法提供的 10 件",
            {("open", 9), ("partial", 0), ("refused", 2), ("unable", 10)},
        ),
        (
            "2024 年市科委有 1 件涉及政府信息公开工作的行政复议，涉及的行政诉讼数为\n0 件。",
            {("reconsideration", 1), ("litigation", 0)},
        ),
        # the same words about other work are not statements about table 三
        ("全年办理人大代表建议45件、政协提案30件，答复群众来信12件。", set()),
    ],
)
def test_statements(text: str, found: set[tuple[str, int]]) -> None:
    assert {(s.metric.key, s.value) for s in statements(text, METRICS)} == found
