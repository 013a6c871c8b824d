"""One database's half of bench_reports_web: build the data once, then time.

Run as `python -m bench.reports_worker sqlite|postgres`; prints one JSON line.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path

from bench import django_env

APPLICATIONS = 100_000
ITEMS = 1_000_000
BOARD_AGENCIES = 500
BOARD_APPLICATIONS = 200  # per agency of the board, in the report year
YEAR = 2025
RUNS = 7
OUT = Path(__file__).parent / "out" / "reports"
DATABASE = "gongkai_bench_reports"


def configure(engine: str) -> None:
    django_env.configure(engine, OUT / "data", DATABASE)


def _in_batches(rows, size, insert):
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= size:
            insert(batch)
            batch = []
    if batch:
        insert(batch)


def _applications(agency, count, first: date, last: date, rng, user):
    from gongkai.applications.classification import ApplicantType, Outcome
    from gongkai.applications.models import Application
    from gongkai.applications.states import Status, closed_status_for

    types = list(ApplicantType.values)
    outcomes = list(Outcome.values)
    span = (last - first).days
    for _ in range(count):
        received = first + timedelta(days=rng.randrange(span + 1))
        closed = None
        outcome = ""
        if rng.random() < 0.97:
            closed = received + timedelta(days=rng.choice([0, 2, 5, 9, 14, 19, 25, 31, 45, 90]))
            outcome = rng.choice(outcomes)
        # bulk inserts skip save(): set the state and the desk's open marker here
        yield Application(
            agency=agency,
            applicant_type=rng.choice(types),
            applicant_name="某申请人",
            received_on=received,
            outcome=outcome,
            closed_on=closed,
            status=closed_status_for(outcome) if closed else Status.PROCESSING,
            open_agency=None if closed else agency,
            description="申请公开某项政府信息",
            created_by=user,
        )


def build() -> None:
    from django.contrib.auth import get_user_model
    from django.db import connection, transaction
    from django.utils import timezone

    from gongkai.agencies.models import Agency, Membership, Role
    from gongkai.appeals.models import Case
    from gongkai.applications.models import Application
    from gongkai.publishing.models import Item, new_code
    from gongkai.reports import compute
    from gongkai.reports.models import AnnualReport, ReportVersion

    # The versions are written last: with them, the data are complete.
    if ReportVersion.objects.filter(report__agency__slug="rb-main", report__year=YEAR).exists():
        with connection.cursor() as cursor:  # statistics for indexes added since the build
            cursor.execute("ANALYZE")
        return
    for model in (ReportVersion, AnnualReport, Case, Application, Item, Membership, Agency):
        model.objects.all()._raw_delete(model.objects.db)
    rng = random.Random(20250131)
    User = get_user_model()
    user = User.objects.filter(username="bench").first() or User.objects.create_user("bench")
    supervisor = User.objects.filter(
        username="bench-supervisor"
    ).first() or User.objects.create_user("bench-supervisor", password="bench-password-1")
    root = Agency.objects.create(
        name="某市人民政府", kind="government", org_code="RB0", slug="rb-root"
    )
    Membership.objects.create(user=supervisor, agency=root, role=Role.SUPERVISOR)
    main = Agency.objects.create(
        name="某市第一局", kind="department", parent=root, org_code="RB1", slug="rb-main"
    )
    agencies = [main] + [
        Agency.objects.create(
            name=f"某市第{i}局", kind="department", parent=root, org_code=f"RB{i}", slug=f"rb-{i}"
        )
        for i in range(2, BOARD_AGENCIES + 1)
    ]

    def insert(model):
        def go(batch):
            with transaction.atomic():
                model.objects.bulk_create(batch)

        return go

    # the agency of the tables: 100,000 applications over five years
    _in_batches(
        _applications(main, APPLICATIONS, date(2021, 1, 1), date(2025, 12, 31), rng, user),
        10_000,
        insert(Application),
    )
    # 1,000,000 items: published, a few percent rules and normative documents
    at = timezone.make_aware(datetime.combine(date(2020, 1, 1), dtime(10)))
    serials: dict[int, int] = {}

    def items():
        for _ in range(ITEMS):
            day = date(2010, 1, 1) + timedelta(days=rng.randrange(16 * 365))
            serials[day.year] = serials.get(day.year, 0) + 1
            kind = rng.choices(["other", "normative", "rule"], [96, 3.5, 0.5])[0]
            validity, repealed = "in_force", None
            if kind != "other" and rng.random() < 0.2:
                validity, repealed = "repealed", day + timedelta(days=rng.randrange(30, 2000))
            yield Item(
                code=new_code(),
                agency=main,
                title="某市第一局关于某事项的通知",
                issued_on=day,
                made_on=day,
                doc_kind=kind,
                validity=validity,
                repealed_on=repealed,
                status="repealed" if validity == "repealed" else "published",
                index_year=day.year,
                index_serial=serials[day.year],
                index_number=f"RB1/{day.year}-{serials[day.year]:06d}",
                created_by=user,
                approved_by=user,
                approved_at=at,
                published_by=user,
                published_at=at,
                published_on=day,
                created_at=at,
                updated_at=at,
            )

    _in_batches(items(), 5_000, insert(Item))
    cases = []
    for _ in range(300):
        filed = date(2021, 1, 1) + timedelta(days=rng.randrange(5 * 365))
        decided = filed + timedelta(days=rng.randrange(20, 400)) if rng.random() < 0.8 else None
        result = rng.choice(["upheld", "corrected", "other"]) if decided else "pending"
        cases.append(
            Case(
                agency=main,
                kind=rng.choice(Case.Kind.values),
                filed_on=filed,
                result=result,
                decided_on=decided,
                created_by=user,
            )
        )
    Case.objects.bulk_create(cases)

    # the board: 500 agencies, each with this year's applications and most with a report
    def board_apps():
        for agency in agencies[1:]:
            yield from _applications(
                agency, BOARD_APPLICATIONS, date(YEAR, 1, 1), date(YEAR, 12, 31), rng, user
            )

    _in_batches(board_apps(), 10_000, insert(Application))
    template = compute.build(agencies[1], YEAR, {"一": "本年度收到申请200件。" * 40})
    from gongkai.annualreport.serialize import to_data

    snapshot = to_data(template)
    reports, versions = [], []
    for index, agency in enumerate(agencies):
        if index % 10 == 9:
            continue  # one in ten has not submitted
        # most by 31 January, some late
        submitted = timezone.make_aware(datetime(YEAR + 1, 1, 5, 10)) + timedelta(days=index % 40)
        reports.append(
            AnnualReport(
                agency=agency,
                year=YEAR,
                status="reported",
                first_submitted_at=submitted,
                narrative={},
            )
        )
    AnnualReport.objects.bulk_create(reports)
    for index, report in enumerate(AnnualReport.objects.filter(year=YEAR)):
        findings = []
        if index % 7 == 0:
            findings = [
                {
                    "rule": "T3-BALANCE",
                    "severity": "error",
                    "cells": [],
                    "id": "x",
                    "message": "表三“自然人”列：一+二 = 3，而 三（七）+四 = 2，两者应相等 [T3-BALANCE]",
                }
            ]
        versions.append(
            ReportVersion(
                report=report,
                number=1,
                snapshot=snapshot,
                tables=snapshot["tables"],
                findings=findings,
                errors=len(findings),
                submitted_at=report.first_submitted_at,
            )
        )
    _in_batches(versions, 100, lambda b: ReportVersion.objects.bulk_create(b))
    django_env.analyse()


HAND_SQL = """
SELECT 't3', applicant_type, outcome,
       SUM(CASE WHEN received_on >= %(start)s THEN 1 ELSE 0 END),
       SUM(CASE WHEN received_on < %(start)s THEN 1 ELSE 0 END),
       SUM(CASE WHEN closed_on <= %(end)s THEN 1 ELSE 0 END),
       SUM(CASE WHEN closed_on IS NULL OR closed_on > %(end)s THEN 1 ELSE 0 END)
  FROM applications_application
 WHERE agency_id = %(agency)s AND received_on <= %(end)s
   AND (closed_on IS NULL OR closed_on >= %(start)s)
 GROUP BY applicant_type, outcome
UNION ALL
SELECT 't2', doc_kind, '',
       SUM(CASE WHEN COALESCE(issued_on, published_on) BETWEEN %(start)s AND %(end)s THEN 1 ELSE 0 END),
       SUM(CASE WHEN validity = 'repealed' AND repealed_on BETWEEN %(start)s AND %(end)s THEN 1 ELSE 0 END),
       SUM(CASE WHEN COALESCE(issued_on, published_on) <= %(end)s
                 AND (repealed_on IS NULL OR repealed_on > %(end)s)
                 AND (expired_on IS NULL OR expired_on > %(end)s) THEN 1 ELSE 0 END),
       0
  FROM publishing_item
 WHERE agency_id = %(agency)s AND doc_kind IN ('rule', 'normative')
   AND status IN ('published', 'repealed')
 GROUP BY doc_kind
UNION ALL
SELECT 't4', kind, result,
       SUM(CASE WHEN decided_on <= %(end)s THEN 1 ELSE 0 END),
       SUM(CASE WHEN decided_on IS NULL OR decided_on > %(end)s THEN 1 ELSE 0 END), 0, 0
  FROM appeals_case
 WHERE agency_id = %(agency)s AND filed_on <= %(end)s
   AND (decided_on IS NULL OR decided_on >= %(start)s)
 GROUP BY kind, result
"""


def timed(call, runs: int = RUNS) -> dict:
    call()  # warm caches and connections
    samples = []
    for _ in range(runs):
        t0 = time.perf_counter()
        call()
        samples.append((time.perf_counter() - t0) * 1000)
    return {"p50": statistics.median(samples), "max": max(samples), "n": runs}


def measure() -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client

    from gongkai import annualreport as ar
    from gongkai.agencies.models import Agency
    from gongkai.applications.models import Application
    from gongkai.publishing.models import Item
    from gongkai.reports import compute

    main = Agency.objects.get(slug="rb-main")
    params = {"agency": main.pk, "start": date(YEAR, 1, 1), "end": date(YEAR, 12, 31)}

    def hand():
        with connection.cursor() as cursor:
            cursor.execute(HAND_SQL, params)
            return cursor.fetchall()

    cells = compute.computed_cells(main, YEAR)
    rows = hand()
    new = sum(r[3] for r in rows if r[0] == "t3")
    assert cells["t3/一/总计"] == new, (cells["t3/一/总计"], new)  # the same data, the same answer

    def whole():
        report = compute.build(main, YEAR)
        ar.check(report)

    client = Client()
    client.force_login(get_user_model().objects.get(username="bench-supervisor"))

    def page(url):
        def get():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)

        return get

    return {
        "tables_ms": timed(lambda: compute.computed_cells(main, YEAR)),
        "sql_ms": timed(hand),
        "build_ms": timed(whole),
        "board_ms": timed(page(f"/staff/reports/board/?year={YEAR}")),
        "rollup_ms": timed(page(f"/staff/reports/board/rollup/?year={YEAR}"), 3),
        "charts_ms": timed(page(f"/staff/reports/board/charts/?year={YEAR}"), 3),
        "export_ms": timed(page(f"/staff/reports/board/export/?year={YEAR}"), 3),
        "applications": Application.objects.filter(agency=main).count(),
        "items": Item.objects.filter(agency=main).count(),
        "agencies": Agency.objects.filter(parent__slug="rb-root").count(),
    }


if __name__ == "__main__":
    django_env.worker(configure, build, measure)
