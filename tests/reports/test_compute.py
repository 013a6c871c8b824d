"""Tables 二, 三 and 四 computed from the records, as BRIEF §4 and compute.py define them,
and every cell's drill-down lists exactly as many records as the cell counts."""

from __future__ import annotations

from datetime import date

import pytest

from gongkai import annualreport as ar
from gongkai.appeals.models import Case
from gongkai.applications.classification import ApplicantType as T
from gongkai.publishing.models import Item
from gongkai.reports import compute, drill
from tests.support.records import application, case


@pytest.fixture
def records(world):
    a = world.agency_a
    application(a, date(2023, 12, 20))  # open across two year ends
    application(a, date(2024, 12, 28), date(2025, 1, 10), "三.二", T.COMMERCIAL)  # carried in
    application(a, date(2025, 2, 3), date(2025, 2, 20), "三.一")
    application(a, date(2025, 3, 3), date(2025, 3, 4), "三.六.1", T.RESEARCH)
    application(a, date(2025, 3, 9), date(2025, 4, 1), "三.六.3", T.RESEARCH)
    application(a, date(2025, 5, 5), date(2025, 5, 6), "三.三.4", T.LEGAL_SERVICE)
    application(a, date(2025, 12, 30), date(2026, 1, 5), "三.一", T.PUBLIC_INTEREST)  # carried out
    application(a, date(2025, 11, 2))  # open at year end
    application(a, date(2024, 5, 5), date(2024, 6, 1), "三.一")  # closed last year: not counted
    application(a, date(2026, 1, 2))  # next year
    application(world.agency_b, date(2025, 2, 2))  # another agency
    return world


def cells(world, year):
    return compute.computed_cells(world.agency_a, year)


def test_table_three_counts_each_application_where_the_brief_says(records):
    c = cells(records, 2025)
    assert c["t3/一/总计"] == 6
    assert c["t3/一/自然人"] == 2 and c["t3/一/科研机构"] == 2
    assert c["t3/二/总计"] == 2  # the 2023 one still open and the 2024 one closed in 2025
    assert c["t3/二/商业企业"] == 1
    assert c["t3/三.二/商业企业"] == 1
    assert c["t3/三.一/总计"] == 1
    assert c["t3/三.六.1/科研机构"] == 1 and c["t3/三.六.3/科研机构"] == 1
    assert c["t3/三.三.4/法律服务机构"] == 1
    assert c["t3/三.七/总计"] == 5
    assert c["t3/四/总计"] == 3  # 2023 open, 2025-11 open, 2025-12-30 closed in 2026
    assert c["t3/四/社会公益组织"] == 1


def test_table_three_balance_holds_in_every_column(records):
    for year in (2023, 2024, 2025, 2026):
        c = cells(records, year)
        fmt = ar.format_for_year(year)
        for col in fmt.t3_columns:
            k = col.key
            assert c[f"t3/一/{k}"] + c[f"t3/二/{k}"] == c[f"t3/三.七/{k}"] + c[f"t3/四/{k}"]
    # last year's carried out = this year's carried in
    assert cells(records, 2024)["t3/四/总计"] == cells(records, 2025)["t3/二/总计"]


def test_the_2019_layout_folds_other_outcomes_into_one_row(world):
    application(world.agency_a, date(2020, 3, 1), date(2020, 3, 9), "三.六.2")
    application(world.agency_a, date(2020, 3, 1), date(2020, 3, 9), "三.六.3")
    c = cells(world, 2020)
    assert c["t3/三.六/总计"] == 2
    assert "t3/三.六.1/总计" not in c


def test_table_four_counts_cases_filed_or_pending_by_result_at_year_end(world):
    case(world, date(2024, 6, 1))  # pending since 2024
    case(world, date(2024, 7, 1), Case.Result.UPHELD, date(2025, 2, 1))  # decided in 2025
    case(world, date(2024, 7, 1), Case.Result.CORRECTED, date(2024, 9, 1))  # decided in 2024
    case(world, date(2025, 3, 1), Case.Result.CORRECTED, date(2025, 4, 1))
    case(
        world,
        date(2025, 10, 1),
        Case.Result.OTHER,
        date(2026, 1, 4),
        kind=Case.Kind.LITIGATION_DIRECT,
    )
    case(
        world,
        date(2025, 5, 1),
        Case.Result.UPHELD,
        date(2025, 8, 1),
        kind=Case.Kind.LITIGATION_AFTER,
    )
    case(world, date(2025, 5, 1), agency=world.agency_b)
    c24, c25 = cells(world, 2024), cells(world, 2025)
    assert c24["t4/行政复议/总计"] == 3 and c24["t4/行政复议/尚未审结"] == 2
    assert c25["t4/行政复议/结果维持"] == 1
    assert c25["t4/行政复议/结果纠正"] == 1
    assert c25["t4/行政复议/尚未审结"] == 1
    assert c25["t4/行政复议/总计"] == 3
    assert c25["t4/未经复议直接起诉/尚未审结"] == 1  # decided only in 2026
    assert c25["t4/复议后起诉/结果维持"] == 1
    # each year's total = filed in the year + last year's pending
    filed_2025 = Case.objects.filter(
        agency=world.agency_a, filed_on__year=2025, kind="reconsideration"
    ).count()
    assert c25["t4/行政复议/总计"] == filed_2025 + c24["t4/行政复议/尚未审结"]


def test_table_two_documents_from_published_items(world):
    def doc(kind, issued, **fields):
        return world.item(
            "published",
            doc_kind=kind,
            issued_on=issued,
            made_on=issued,
            category=world.normative_a,
            **fields,
        )

    from gongkai.publishing import actions

    doc(Item.DocKind.NORMATIVE, date(2025, 3, 1))
    old = doc(Item.DocKind.NORMATIVE, date(2023, 3, 1))
    actions.repeal_item(old, acting_user=world.publisher, repealed_on=date(2025, 6, 1))
    lapsed = doc(Item.DocKind.NORMATIVE, date(2022, 3, 1))
    actions.expire_item(lapsed, acting_user=world.publisher, expired_on=date(2024, 12, 31))
    doc(Item.DocKind.RULE, date(2025, 7, 1))
    doc(Item.DocKind.OTHER, date(2025, 7, 1))
    world.item("draft", doc_kind=Item.DocKind.NORMATIVE, issued_on=date(2025, 1, 1))
    withdrawn = doc(Item.DocKind.NORMATIVE, date(2025, 2, 1))
    actions.withdraw_item(withdrawn, acting_user=world.publisher, comment="有误")
    c = cells(world, 2025)
    b = "t2/第二十条第（一）项"
    assert c[f"{b}/行政规范性文件/本年制发件数"] == 1
    assert c[f"{b}/行政规范性文件/本年废止件数"] == 1
    assert c[f"{b}/行政规范性文件/现行有效件数"] == 1
    assert c[f"{b}/规章/本年制发件数"] == 1 and c[f"{b}/规章/现行有效件数"] == 1
    c24 = cells(world, 2024)
    assert c24[f"{b}/行政规范性文件/现行有效件数"] == 1  # repealed only in 2025; lapsed on 12-31


def test_every_cell_drills_down_to_as_many_records(records):
    case(records, date(2025, 3, 1), Case.Result.CORRECTED, date(2025, 4, 1))
    agency = records.agency_a
    for year in (2020, 2025):
        fmt = ar.format_for_year(year)
        c = compute.computed_cells(agency, year)
        for cid in fmt.cell_ids():
            found = drill.drill(agency, year, cid)
            assert found is not None
            if cid in c:
                assert found.kind != "entered", cid
                assert found.records.count() == c[cid], cid
            else:
                assert found.kind == "entered"
    assert drill.drill(agency, 2025, "t3/三.六/总计") is None  # not a 2021-layout cell


def test_drilldown_never_shows_applicant_names(records, client_for):
    response = client_for("officer").get("/staff/reports/a/agency-a/2025/cell/?id=t3/一/总计")
    assert response.status_code == 200
    body = response.content.decode()
    assert "张三" not in body and "查询码" in body
    assert body.count("<tr>") == 6 + 1
