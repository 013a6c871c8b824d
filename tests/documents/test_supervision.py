"""The supervisor's view: each count equals the documents it drills down to."""

from __future__ import annotations

from datetime import date

from django.utils import timezone

from gongkai.documents import actions, queries
from gongkai.publishing import actions as publishing
from tests.documents.test_library import publish_normative
from tests.support.clock import today_is


def test_counts_and_drill_downs(world, client_for, monkeypatch):
    base = {"made_on": date(2026, 9, 1), "issuers": "西工区文化旅游局"}
    undecided = actions.register(
        world.agency_a, acting_user=world.officer, kind="letter", title="关于商请支持的函", **base
    )
    late = actions.register(
        world.agency_a,
        acting_user=world.officer,
        kind="notice",
        title="关于开展旅游安全检查的通知",
        attribute="public",
        **base,
    )
    actions.register(
        world.agency_a,
        acting_user=world.officer,
        kind="opinion",
        title="关于文旅融合的内部意见",
        attribute="withheld",
        reason="过程性信息",
        basis="条例第十六条",
        **base,
    )
    uninterpreted = world.item("published", doc_kind="normative", title="西工区景区管理办法")
    publishing.withdraw_item(
        uninterpreted.interpretations.get(), acting_user=world.publisher, comment="内容有误"
    )
    expired = publish_normative(world, "西工区旅游民宿管理办法", date(2021, 7, 1))
    world.item(
        "published", doc_kind="policy", title="有理由的措施", no_interpretation_reason="仅调整文字"
    )

    monkeypatch.setattr(timezone, "localdate", today_is(date(2026, 12, 3)))
    today = date(2026, 12, 3)
    assert list(queries.no_attribute(world.agency_a)) == [undecided]
    # the notice is still unpublished past its target; the 2021 办法 was published in 2026
    assert set(queries.late_unpublished(world.agency_a, today)) == {late, expired}
    assert queries.unconfirmed_withholding(world.agency_a).count() == 1
    assert list(queries.expired_still_in_force(world.agency_a, today)) == [expired]
    assert list(queries.missing_interpretation(world.agency_a, 2026)) == [uninterpreted]
    assert list(queries.missing_interpretation(world.agency_a, 2025)) == []
    assert queries.no_attribute(world.agency_b).count() == 0
    # the 景区 办法 was published without a register entry
    assert list(queries.unregistered(world.agency_a)) == [uninterpreted]

    page = client_for("supervisor").get("/staff/documents-supervision/").content.decode()
    assert f'?show=no_attribute&amp;agency={world.agency_a.slug}">1</a>' in page
    assert f'?show=expired&amp;agency={world.agency_a.slug}">1</a>' in page
    drill = client_for("supervisor").get(
        "/staff/documents-supervision/", {"show": "late", "agency": world.agency_a.slug}
    )
    assert "关于开展旅游安全检查的通知" in drill.content.decode()
    assert client_for("officer").get("/staff/documents-supervision/").status_code == 403
