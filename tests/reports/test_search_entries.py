"""Published annual reports are found by the portal's search, narrative and figures."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from gongkai.annualreport.writers import render
from gongkai.publishing import search
from gongkai.reports import actions, compute


def test_an_imported_report_is_found_by_its_title_narrative_and_figures(world, client_for):
    built = compute.build(world.agency_b, 2025, {"一": "本年度重点推进了校园食品安全信息公开。"})
    version = actions.import_report(
        world.agency_b,
        2025,
        acting_user=world.other_officer,
        data=render(built, "txt"),
        filename="教育局.txt",
        at=timezone.make_aware(datetime(2026, 1, 20, 9)),
    )
    actions.publish_report(  # an import is published by a publisher
        version.report,
        acting_user=world.other_officer,
        at=timezone.make_aware(datetime(2026, 1, 21, 9)),
    )
    anonymous = client_for("anonymous")
    for query in ("年度报告", "校园食品安全", "政府信息公开工作年度报告 2025"):
        page = anonymous.get("/search/", {"q": query}).content.decode()
        assert version.get_absolute_url() in page, query
        assert "年度报告</span>" in page
    # Narrowed to another agency, or to something reports do not have, it is not listed.
    page = anonymous.get("/search/", {"q": "年度报告", "agency": world.agency_a.slug})
    assert version.get_absolute_url() not in page.content.decode()
    page = anonymous.get("/search/", {"q": "年度报告", "validity": "in_force"})
    assert version.get_absolute_url() not in page.content.decode()
    # The index rebuild re-creates it.
    search.rebuild()
    page = anonymous.get("/search/", {"q": "校园食品安全"}).content.decode()
    assert version.get_absolute_url() in page
