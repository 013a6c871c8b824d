"""Property tests over random record sets: the computed tables equal the records, the
balance rule holds for every column and year, and a frozen version never changes.

Applications span several years, some stay open across year ends, and they close with
every outcome, including abandonment (三.六.1 no correction, 三.六.2 fee unpaid). Pauses,
corrections and the extension only move `closed_on`, which the long gaps cover.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai import annualreport as ar
from gongkai.appeals.models import Case
from gongkai.applications.classification import ApplicantType, Outcome
from gongkai.applications.models import Application
from gongkai.applications.states import closed_status_for
from gongkai.reports import actions, compute
from gongkai.reports.models import AnnualReport
from tests.support.records import application, case

FIRST, LAST = date(2021, 6, 1), date(2026, 6, 30)
YEARS = (2021, 2022, 2023, 2024, 2025, 2026)
SETTINGS = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Any day, and often a day at a year's edge, where a wrong comparison would show.
EDGES = [date(y, m, d) for y in range(2021, 2027) for m, d in ((1, 1), (1, 2), (12, 30), (12, 31))]
days = st.one_of(
    st.integers(0, (LAST - FIRST).days).map(lambda n: FIRST + timedelta(days=n)),
    st.sampled_from([d for d in EDGES if FIRST <= d <= LAST]),
)
# Days until closed; "dec31" / "jan1": closed on the next 31 December or 1 January;
# None: still open.
gaps = st.one_of(st.none(), st.integers(0, 500), st.sampled_from([0, 1, "dec31", "jan1"]))
applications = st.lists(
    st.tuples(
        days,
        gaps,  # days until closed, or None: still open
        st.sampled_from(Outcome.values),
        st.sampled_from(ApplicantType.values),
    ),
    max_size=25,
)
cases = st.lists(
    st.tuples(
        days,
        st.one_of(st.none(), st.integers(0, 700)),
        st.sampled_from([r for r in Case.Result.values if r != "pending"]),
        st.sampled_from(Case.Kind.values),
    ),
    max_size=8,
)


# Straight from BRIEF §4, written out here so the oracle owes nothing to the code it checks.
T3_COLUMN = {
    ApplicantType.NATURAL_PERSON: "自然人",
    ApplicantType.COMMERCIAL: "商业企业",
    ApplicantType.RESEARCH: "科研机构",
    ApplicantType.PUBLIC_INTEREST: "社会公益组织",
    ApplicantType.LEGAL_SERVICE: "法律服务机构",
    ApplicantType.OTHER_ORGANISATION: "其他",
}
T4_GROUP = {
    Case.Kind.RECONSIDERATION: "行政复议",
    Case.Kind.LITIGATION_DIRECT: "未经复议直接起诉",
    Case.Kind.LITIGATION_AFTER: "复议后起诉",
}
T4_COLUMN = {
    Case.Result.UPHELD: "结果维持",
    Case.Result.CORRECTED: "结果纠正",
    Case.Result.OTHER: "其他结果",
    Case.Result.PENDING: "尚未审结",
}


def t3_row(outcome: str, layout: str) -> str:
    """The 2019 layout prints one 其他处理 row for the 2021 layout's three."""
    return "三.六" if layout == "2019" and outcome.startswith("三.六.") else outcome


def expected_t3(apps, year):
    """Table 三 counted one application at a time, straight from BRIEF §4."""
    fmt = ar.format_for_year(year)
    start, end = date(year, 1, 1), date(year, 12, 31)
    out = Counter()
    for received, closed, outcome, kind in apps:
        for col in (T3_COLUMN[kind], "总计"):
            if start <= received <= end:
                out[f"t3/一/{col}"] += 1
            if received < start and (closed is None or closed >= start):
                out[f"t3/二/{col}"] += 1
            if closed is not None and start <= closed <= end:
                out[f"t3/{t3_row(outcome, fmt.id)}/{col}"] += 1
                out[f"t3/三.七/{col}"] += 1
            if received <= end and (closed is None or closed > end):
                out[f"t3/四/{col}"] += 1
    return out


def expected_t4(found, year):
    start, end = date(year, 1, 1), date(year, 12, 31)
    out = Counter()
    for filed, decided, result, kind in found:
        if filed > end or (decided is not None and decided < start):
            continue
        column = T4_COLUMN[result if decided is not None and decided <= end else "pending"]
        group = T4_GROUP[kind]
        out[f"t4/{group}/{column}"] += 1
        out[f"t4/{group}/总计"] += 1
    return out


def clip(start: date, gap: int | str | None) -> date | None:
    if gap is None:
        return None
    if gap == "dec31":
        return date(start.year, 12, 31)
    if gap == "jan1":
        return date(start.year + 1, 1, 1)
    return min(start + timedelta(days=gap), LAST)


class Rollback(Exception):
    pass


@SETTINGS
@given(apps=applications, found=cases)
def test_tables_equal_the_records_and_balance(world, apps, found):
    apps = [(r, clip(r, gap), o, k) for r, gap, o, k in apps]
    found = [(f, clip(f, gap), res, k) for f, gap, res, k in found]
    try:
        with transaction.atomic():
            for received, closed, outcome, kind in apps:
                application(world.agency_a, received, closed, outcome if closed else "", kind)
            application(world.agency_b, date(2023, 3, 1))  # never counted for A
            for filed, decided, result, kind in found:
                case(world, filed, result if decided else "pending", decided, kind=kind)
            for year in YEARS:
                fmt = ar.format_for_year(year)
                cells = compute.computed_cells(world.agency_a, year)
                t3 = expected_t3(apps, year)
                t4 = expected_t4(found, year)
                for cid, value in cells.items():
                    if cid.startswith("t3/"):
                        assert value == t3[cid], (year, cid)
                    if cid.startswith("t4/"):
                        assert value == t4[cid], (year, cid)
                for col in fmt.t3_columns:
                    k = col.key
                    assert (
                        cells[f"t3/一/{k}"] + cells[f"t3/二/{k}"]
                        == cells[f"t3/三.七/{k}"] + cells[f"t3/四/{k}"]
                    )
                report = compute.build(world.agency_a, year)
                findings = ar.check(report)
                assert not [f for f in findings if f.rule.startswith(("T3", "T4"))], findings
                if year > YEARS[0]:
                    before = compute.computed_cells(world.agency_a, year - 1)
                    for col in fmt.t3_columns:
                        assert cells[f"t3/二/{col.key}"] == before[f"t3/四/{col.key}"]
            raise Rollback
    except Rollback:
        pass


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(apps=applications, later=applications)
def test_a_frozen_version_never_changes(world, apps, later):
    year = 2025
    try:
        with transaction.atomic():
            for received, gap, outcome, kind in apps:
                closed = clip(received, gap)
                application(world.agency_a, received, closed, outcome if closed else "", kind)
            report = actions.start_report(world.agency_a, year, acting_user=world.officer)
            fmt = report.format
            values = {cid: (0, "测试来源") for cid in compute.entered_t2_cells(fmt)}
            actions.save_figures(world.agency_a, year, acting_user=world.officer, values=values)
            text = dict(report.narrative, 五="无。", 六="无。")
            actions.save_narrative(report, acting_user=world.officer, sections=text)
            version = actions.submit_report(report, acting_user=world.officer)
            frozen = dict(version.snapshot)
            cells = version.engine_report().cells
            # the records change afterwards: more applications, open ones closed
            for received, gap, outcome, kind in later:
                closed = clip(received, gap)
                application(world.agency_a, received, closed, outcome if closed else "", kind)
            Application.objects.filter(agency=world.agency_a, closed_on__isnull=True).update(
                closed_on=LAST, outcome="三.一", status=closed_status_for("三.一"), open_agency=None
            )
            version.refresh_from_db()
            assert version.snapshot == frozen
            assert version.engine_report().cells == cells
            report = AnnualReport.objects.get(pk=report.pk)
            assert report.latest_version() == version
            raise Rollback
    except Rollback:
        pass
