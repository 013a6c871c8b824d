"""Scoring as data: a fixture world with one late answer, one item published past its
target, one corrected reconsideration case and one copied report; the score equals the
hand calculation from the TOML, each deduction links to its record, a changed deduction
in the TOML changes the score with no code change, and a closed year's scores stay."""

from __future__ import annotations

import shutil
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from gongkai.annualreport.writers import render
from gongkai.appeals.models import Case
from gongkai.publishing.models import Item
from gongkai.reports import actions as report_actions
from gongkai.reports import compute
from gongkai.reports.models import Notice
from gongkai.scoring import actions, sheet, spec
from gongkai.scoring.models import FrozenError, FrozenSheet
from gongkai.workflow import ActionError
from tests.support import files
from tests.support.clock import today_is
from tests.support.records import application, case

YEAR = 2025
FIVE = (
    "（一）存在的主要问题：{name}政务公开工作仍有不足，一是政策解读形式单一，图解、音视频解读较少；"
    "二是部分重点领域信息更新不够及时。（二）改进措施：一是丰富解读形式，做到文件与解读同步起草、"
    "同步审签、同步发布；二是建立重点领域信息定期更新机制，明确责任到人。"
)
OWN_FIVE = (
    "本年度我局在政务公开标准化规范化建设上仍有差距，基层公开事项目录未全部编制完成，"
    "部分办事指南要素不全。下一步将对照标准目录逐项核对，年内完成全部事项的目录编制和指南修订。"
)


def import_report(world, agency, five: str, at: datetime):
    built = compute.build(agency, YEAR - 1, {"一": "本年度工作情况。", "五": five})
    user = world.officer if agency == world.agency_a else world.other_officer
    return report_actions.import_report(
        agency,
        YEAR - 1,
        acting_user=user,
        data=render(built, "txt"),
        filename=f"{agency.slug}.txt",
        at=timezone.make_aware(at),
    )


@pytest.fixture
def scored(world, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", today_is(date(2026, 2, 10)))
    a, b = world.agency_a, world.agency_b
    application(a, date(2025, 2, 3), date(2025, 2, 10), "三.一")  # on time
    application(a, date(2025, 3, 3), date(2025, 5, 20), "三.二")  # late: the one late answer
    application(b, date(2025, 6, 2), date(2025, 6, 3), "三.五.2")
    on_time = world.item("published", title="按时公开的通知")
    late = world.item("published", title="逾期公开的通知")
    Item.objects.filter(pk=on_time.pk).update(
        made_on=date(2025, 4, 1), published_on=date(2025, 4, 20)
    )
    Item.objects.filter(pk=late.pk).update(made_on=date(2025, 4, 1), published_on=date(2025, 6, 2))
    case(world, date(2025, 3, 1), Case.Result.CORRECTED, date(2025, 7, 1), case_number="复2025-1")
    case(world, date(2025, 3, 2), Case.Result.UPHELD, date(2025, 7, 2))
    # 2024 reports, submitted in 2025: B's section 五 copies A's, its name changed.
    import_report(world, a, FIVE.format(name="西工区文化旅游局"), datetime(2025, 1, 20, 9))
    import_report(world, b, FIVE.format(name="西工区教育局"), datetime(2025, 1, 22, 9))
    world.late_item, world.on_time_item = late, on_time
    return world


def lines(data: dict) -> dict[str, dict]:
    return {x["id"]: x for x in data["lines"]}


def score_column(world, agency, score: str, **kw):
    return actions.enter_manual_score(
        agency, YEAR, "column", acting_user=world.supervisor, score=score, **kw
    )


def evidence():
    return SimpleUploadedFile("专栏检查记录.pdf", b"%PDF-1.4 check record", "application/pdf")


def test_score_equals_the_hand_calculation_from_the_toml(scored, client_for):
    world = scored
    score_column(world, world.agency_a, "12", note="缺少制度栏目", evidence=evidence())
    a = sheet.sheet_for(world.agency_a, YEAR)
    got = lines(a)
    # example/2020.toml: publish-late 10 (1 per case), answer-late 15 (3 per case),
    # appeal-corrected 15 (5 per case), report-copied 5 (5 per pair), column 15 manual.
    assert got["publish-late"]["count"] == 1 and got["publish-late"]["score"] == "9"
    assert got["answer-late"]["count"] == 1 and got["answer-late"]["score"] == "12"
    assert got["appeal-corrected"]["count"] == 1 and got["appeal-corrected"]["score"] == "10"
    assert got["report-copied"]["count"] == 1 and got["report-copied"]["score"] == "0"
    assert got["report-late"]["score"] == "5" and got["report-returned"]["score"] == "5"
    assert got["metadata-missing"]["score"] == "5" and got["column"]["score"] == "12"
    # Computed from the policy documents and the screening (none missing here).
    for iid, points in (("no-interpretation", 10), ("expired-in-force", 5), ("personal-data", 10)):
        assert got[iid]["available"] and got[iid]["count"] == 0
        assert got[iid]["score"] == str(points)
    assert a["total"] == str(9 + 5 + 12 + 10 + 5 + 5 + 0 + 12 + 10 + 5 + 10) == "83"
    assert a["possible"] == "100"

    # Each deduction links to its record.
    (late,) = got["publish-late"]["cases"]
    assert late["url"] == f"/staff/items/{world.late_item.code}/"
    assert "2025-06-02公开" in late["detail"]
    assert got["answer-late"]["cases"][0]["url"].startswith("/staff/applications/")
    corrected = Case.objects.get(result=Case.Result.CORRECTED)
    assert got["appeal-corrected"]["cases"][0]["url"] == corrected.get_absolute_url()
    assert "西工区教育局2024年度报告雷同" in got["report-copied"]["cases"][0]["label"]

    page = client_for("supervisor").get(f"/staff/scoring/a/agency-a/{YEAR}/")
    html = page.content.decode()
    assert page.status_code == 200 and "<strong>83</strong>分（满分100分）" in html
    assert f'href="/staff/items/{world.late_item.code}/"' in html
    # The agency sees its own sheet; the other agency does not.
    assert client_for("officer").get(f"/staff/scoring/a/agency-a/{YEAR}/").status_code == 200
    assert client_for("other_officer").get(f"/staff/scoring/a/agency-a/{YEAR}/").status_code == 404


def test_a_changed_deduction_in_the_toml_changes_the_score(scored, tmp_path, settings):
    world = scored
    folder = tmp_path / "ours"
    shutil.copytree(spec.DEFAULT_DIR / "example", folder)
    text = (folder / "2020.toml").read_text(encoding="utf-8")
    edited = text.replace(
        'compute = "applications_answered_late"\ndeduct = 3',
        'compute = "applications_answered_late"\ndeduct = 4.5',
    )
    assert edited != text
    (folder / "2025.toml").write_text(edited, encoding="utf-8")  # a new file for 2025 on
    settings.SCORING_DIR, settings.SCORING_SET = str(tmp_path), "ours"
    got = sheet.sheet_for(world.agency_a, YEAR)
    assert lines(got)["answer-late"]["score"] == "10.5"
    assert got["set"] == {"key": "ours", "year": 2025, "name": "政务公开日常考核指标（示例）"}
    # 2024 still uses the 2020 file.
    assert sheet.indicator_set(2024).year == 2020


def test_a_closed_year_does_not_change_when_records_do(
    scored, client_for, django_capture_on_commit_callbacks
):
    world = scored
    client = client_for("supervisor")
    refused = client.post("/staff/scoring/close/", {"year": YEAR}, follow=True)
    assert "人工评分指标未评分" in refused.content.decode()
    score_column(world, world.agency_a, "12", note="缺少制度栏目", evidence=evidence())
    score_column(world, world.agency_b, "15")
    before = sheet.sheet_for(world.agency_a, YEAR)
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/staff/scoring/close/", {"year": YEAR})
    frozen = FrozenSheet.objects.get(agency=world.agency_a)
    assert frozen.total == Decimal("83")
    # Records change afterwards: another late answer, the late item's date corrected.
    application(world.agency_a, date(2025, 8, 1), date(2025, 12, 1), "三.一")
    Item.objects.filter(pk=world.late_item.pk).update(published_on=date(2025, 4, 2))
    after = sheet.sheet_for(world.agency_a, YEAR)
    assert after["frozen"] and after["total"] == before["total"] == "83"
    assert lines(after)["answer-late"]["count"] == 1
    live = sheet.compute(sheet.below(world.government), YEAR, sheet.indicator_set(YEAR))
    assert live[world.agency_a.pk]["total"] != "83"  # the records did change
    with pytest.raises(FrozenError):
        FrozenSheet.objects.filter(pk=frozen.pk).update(total=100)
    with pytest.raises(ActionError):
        score_column(world, world.agency_a, "15")
    # The agencies are told their deductions in their 待办.
    notice = Notice.objects.filter(agency=world.agency_a, kind="deduction").latest("created_at")
    assert "83分" in notice.title and "逾期" not in notice.title
    assert "主动公开信息未在形成或变更之日起20个工作日内公开：扣1分（1件）" in notice.comment
    ranking = client.get(f"/staff/scoring/?year={YEAR}")
    assert "考核已于" in ranking.content.decode()
    rows = ranking.context["rows"]
    assert [r["agency"] for r in rows] == [world.agency_b, world.agency_a]
    # Next year's ranking shows this closed year in its trend.
    trend = client.get(f"/staff/scoring/?year={YEAR + 1}").context
    row_a = next(r for r in trend["rows"] if r["agency"] == world.agency_a)
    assert row_a["trend"][trend["trend_years"].index(YEAR)] == "83"


def test_manual_score_needs_evidence_and_a_reason_to_deduct_and_tells_the_agency(
    scored, client_for
):
    world = scored
    client = client_for("supervisor")
    url = f"/staff/scoring/a/agency-a/{YEAR}/manual/column/"
    page = client.post(url, {"score": "10", "note": "缺栏目"}, follow=True).content.decode()
    assert "扣分须上传佐证材料" in page
    assert client.post(url, {"score": "16"}, follow=True).context["messages"]
    upload = SimpleUploadedFile("记录.pdf", files.pdf(), "application/pdf")
    client.post(url, {"score": "10", "note": "缺少制度栏目", "evidence": upload})
    got = lines(sheet.sheet_for(world.agency_a, YEAR))["column"]
    assert got["score"] == "10" and got["entered"]["evidence"] == "记录.pdf"
    download = client_for("officer").get(f"/staff/scoring/a/agency-a/{YEAR}/evidence/column/")
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    notice = Notice.objects.get(agency=world.agency_a, kind="deduction")
    assert "缺少制度栏目" in notice.comment
    assert "缺少制度栏目" in client_for("officer").get("/staff/").content.decode()
    # An officer cannot score.
    assert client_for("officer").post(url, {"score": "15"}).status_code == 403


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name = 'x'", "没有指标"),
        (
            "name='x'\n[[indicator]]\nid='a'\nname='n'\npoints=5\ncompute='nope'\ndeduct=1",
            "没有名为“nope”的计算方式",
        ),
        (
            "name='x'\n[[indicator]]\nid='a'\nname='n'\npoints=5\ncompute='manual'\ncap=6",
            "cap 不能大于 points",
        ),
        (
            "name='x'\n[[indicator]]\nid='a'\nname='n'\npoints=5\ncompute='report_late'",
            "需要 deduct",
        ),
        ("name='x'\n[[indicator]]\nid='A b'\nname='n'\npoints=5\ncompute='manual'", "id 应由"),
        (
            "name='x'\n[[indicator]]\nid='a'\nname='n'\npoints=5\ncompute='manual'\nbonus=1",
            "不认识的字段 bonus",
        ),
        ("name = ", "不是有效的TOML"),
    ],
)
def test_a_bad_indicator_file_says_where_and_why(text, message):
    from gongkai.scoring import measures

    with pytest.raises(spec.SpecError, match=message):
        spec.parse(text, source="t.toml", known=set(measures.REGISTRY))
