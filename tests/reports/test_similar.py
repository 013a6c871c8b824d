"""The board's cross-report checks: a report whose section 五 copies another agency's
(its name changed) is paired with it, with the shared passages; the stated count of
proactive items beside the portal's."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from gongkai.annualreport.writers import render
from gongkai.reports import actions, compute, corpus
from gongkai.reports.models import AnnualReport
from tests.reports.test_board import YEAR, year_done  # noqa: F401
from tests.reports.test_workflow import finish

FIVE = (
    "（一）存在的主要问题：西工区文化旅游局政务公开工作仍有不足，一是政策解读形式单一，"
    "图解、音视频解读较少；二是部分重点领域信息更新不够及时。（二）改进措施：一是丰富解读形式，"
    "做到文件与解读同步起草、同步审签、同步发布；二是建立重点领域信息定期更新机制，明确责任到人。"
)


def test_copied_section_and_published_counts_on_the_board(year_done, client_for):  # noqa: F811
    world = year_done
    officer = client_for("officer")
    officer.post(f"/staff/reports/a/agency-a/{YEAR}/start/")
    finish(officer)
    report = AnnualReport.objects.get(agency=world.agency_a)
    actions.save_narrative(report, acting_user=world.officer, sections={"五": FIVE})
    actions.submit_report(
        report, acting_user=world.officer, at=timezone.make_aware(datetime(2026, 1, 20, 10))
    )
    copied = FIVE.replace("西工区文化旅游局", "西工区教育局").replace("同步发布", "同步公开")
    built = compute.build(
        world.agency_b,
        YEAR,
        {"一": "本年度主动公开政府信息7条。", "五": copied, "六": "本年度未收取信息处理费。"},
    )
    actions.import_report(
        world.agency_b,
        YEAR,
        acting_user=world.other_officer,
        data=render(built, "txt"),
        filename="教育局.txt",
        at=timezone.make_aware(datetime(2026, 2, 5, 9)),
    )
    response = client_for("supervisor").get(f"/staff/reports/board/similar/?year={YEAR}")
    assert response.status_code == 200
    (pair,) = response.context["pairs"]
    assert {pair.first.agency, pair.second.agency} == {world.agency_a, world.agency_b}
    (match,) = pair.sections
    assert match.key == "五" and match.score > 0.8
    page = response.content.decode()
    assert "第五部分" in page and "图解、音视频解读较少" in page

    counts = {c.agency.slug: c for c in response.context["counts"]}
    assert counts["agency-b"].stated == 7 and counts["agency-b"].portal == 0
    assert "不一致：报告多7条" in page
    # An officer cannot see the board.
    assert client_for("officer").get("/staff/reports/board/similar/").status_code == 403


def test_stated_published_reads_section_one():
    assert corpus.stated_published({"一": "2025年，本机关主动公开政府信息 150 条，其中…"}) == 150
    assert corpus.stated_published({"一": "全年主动公开信息共计３２条。"}) == 32
    assert corpus.stated_published({"一": "做好主动公开工作。"}) is None
