"""政策解读 with its document (国办发〔2016〕80号: 三同步, 谁起草谁解读) and 回应关切.

A 解读 is an item of kind 政策解读 pointing at the document it interprets. A 规章 or
行政规范性文件 cannot be approved before its 解读 is drafted and cannot be published before
its 解读 is approved; publishing the document publishes its approved 解读 with it. Any
other policy document needs a 解读 or a recorded reason for none. A 解读 goes out with
its document, or after it.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

K_RULE, K_NORMATIVE, K_POLICY = "rule", "normative", "policy"
K_INTERPRETATION, K_CONCERN = "interpretation", "concern"
ALWAYS_INTERPRETED = frozenset({K_RULE, K_NORMATIVE})
INTERPRETED_KINDS = frozenset({K_RULE, K_NORMATIVE, K_POLICY})
DEAD = ("withdrawn",)


def _live(item):
    return item.interpretations.exclude(status__in=DEAD)


def missing_on_submit(item) -> list[str]:
    if item.doc_kind == K_INTERPRETATION:
        return [
            label
            for label, ok in (
                ("所解读的文件", item.interprets_id),
                ("解读形式", item.interpretation_form),
                ("解读人", item.interpreter.strip()),
            )
            if not ok
        ]
    if item.doc_kind == K_CONCERN:
        return [
            label
            for label, ok in (
                ("关切事项", item.concern.strip()),
                ("关切发生时间", item.concern_arose_at),
            )
            if not ok
        ]
    return []


def refuses_approval(item) -> str:
    """Why the item may not be approved yet, or ""."""
    kind = item.get_doc_kind_display()
    if item.doc_kind in ALWAYS_INTERPRETED and not _live(item).exists():
        return (
            f"{kind}须与政策解读同步起草、同步审核（国办发〔2016〕80号）："
            "请先起草该文件的解读材料，再审核通过。"
        )
    if (
        item.doc_kind == K_POLICY
        and not _live(item).exists()
        and not item.no_interpretation_reason.strip()
    ):
        return "政策文件须附政策解读，或在“不需解读的理由”中写明不解读的原因。"
    return ""


def refuses_publication(item) -> str:
    if item.doc_kind in ALWAYS_INTERPRETED:
        ready = _live(item).filter(status__in=("approved", "published"))
        if not ready.exists():
            return f"{item.get_doc_kind_display()}的解读材料尚未审核通过，二者须同步发布。"
    if item.doc_kind == K_INTERPRETATION and (
        item.interprets is None or item.interprets.status != "published"
    ):
        return "解读材料须与所解读的文件同步发布：请发布文件，解读将随之发布。"
    return ""


def concern_due(arose_at: datetime) -> datetime:
    """The time a public concern must be answered by (国办发〔2016〕61号: 48 hours)."""
    return arose_at + timedelta(hours=settings.CONCERN_RESPONSE_HOURS)


def concern_late(item) -> bool | None:
    if item.doc_kind != K_CONCERN or not item.concern_arose_at:
        return None
    answered = item.published_at or timezone.now()
    return answered > concern_due(item.concern_arose_at)
