"""One database's half of bench_scoring: build the data once, then time.

Run as `python -m bench.scoring_worker sqlite|postgres`; prints one JSON line.
"""

from __future__ import annotations

import random
import time
from datetime import date, datetime, timedelta
from pathlib import Path

from bench import django_env
from bench.reports_worker import _in_batches, timed

AGENCIES = 500
APPLICATIONS = 200  # per agency, in the year
ITEMS = 100  # per agency, published in the year
CASES = 2  # per agency
COPIES = 10  # last-year reports that copy another's section 五
YEAR = 2025
OUT = Path(__file__).parent / "out" / "scoring"
DATABASE = "gongkai_bench_scoring"


def configure(engine: str) -> None:
    django_env.configure(engine, OUT / "data", DATABASE)


def _prose(rng: random.Random, length: int) -> str:
    """Text no two agencies share: common characters drawn at random, in clauses."""
    chars = [chr(0x4E00 + rng.randrange(3000)) for _ in range(length)]
    for i in range(12, length, 13):
        chars[i] = "，" if i % 39 else "。"
    return "".join(chars)


def build() -> None:
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from gongkai.agencies.models import Agency, Membership, Role
    from gongkai.appeals.models import Case
    from gongkai.applications.models import Application
    from gongkai.publishing.models import Item, new_code
    from gongkai.reports.models import AnnualReport, ReportVersion

    if ReportVersion.objects.filter(report__agency__slug="sc-500").exists():
        django_env.analyse()
        return
    from gongkai.reports.models import Notice
    from gongkai.scoring.models import ClosedYear, FrozenSheet, ManualScore

    for model in (FrozenSheet, ClosedYear, ManualScore, Notice, ReportVersion, AnnualReport):
        model.objects.all()._raw_delete(model.objects.db)
    for model in (Case, Application, Item, Membership, Agency):
        model.objects.all()._raw_delete(model.objects.db)
    rng = random.Random(2026)
    User = get_user_model()
    user = User.objects.filter(username="bench").first() or User.objects.create_user("bench")
    supervisor = User.objects.filter(
        username="bench-supervisor"
    ).first() or User.objects.create_user("bench-supervisor", password="bench-password-1")
    root = Agency.objects.create(
        name="某市人民政府", kind="government", org_code="SC0", slug="sc-root"
    )
    Membership.objects.create(user=supervisor, agency=root, role=Role.SUPERVISOR)
    agencies = [
        Agency.objects.create(
            name=f"某市第{i}局", kind="department", parent=root, org_code=f"SC{i}", slug=f"sc-{i}"
        )
        for i in range(1, AGENCIES + 1)
    ]

    def insert(model):
        def go(batch):
            with transaction.atomic():
                model.objects.bulk_create(batch)

        return go

    def apps():
        # Handled here, so each has its statutory due date (20 working days: 28 days
        # here); about one in twenty is answered late.
        from gongkai.applications.classification import ApplicantType, Outcome
        from gongkai.applications.states import closed_status_for

        types, outcomes = list(ApplicantType.values), list(Outcome.values)
        for agency in agencies:
            for _ in range(APPLICATIONS):
                received = date(YEAR, 1, 1) + timedelta(days=rng.randrange(320))
                lag = rng.choice([0, 2, 5, 9, 14, 19, 25]) if rng.random() > 0.05 else 45
                yield Application(
                    agency=agency,
                    applicant_type=rng.choice(types),
                    applicant_name="某申请人",
                    received_on=received,
                    due_on=received + timedelta(days=28),
                    outcome=(outcome := rng.choice(outcomes)),
                    closed_on=received + timedelta(days=lag),
                    status=closed_status_for(outcome),
                    description="申请公开某项政府信息",
                    created_by=user,
                )

    _in_batches(apps(), 10_000, insert(Application))
    at = timezone.make_aware(datetime(YEAR, 6, 1, 10))

    def items():
        for agency in agencies:
            for n in range(ITEMS):
                made = date(YEAR, 1, 1) + timedelta(days=rng.randrange(300))
                lag = rng.choice([1, 3, 5, 10, 15, 20]) if n % 20 else 60
                yield Item(
                    code=new_code(),
                    agency=agency,
                    title=f"{agency.name}关于某事项的通知",
                    made_on=made,
                    issued_on=made,
                    doc_kind=rng.choices(["other", "normative"], [95, 5])[0],
                    document_number=f"某发〔{YEAR}〕{n}号" if n % 7 else "",
                    status="published",
                    index_year=YEAR,
                    index_serial=n + 1,
                    index_number=f"{agency.org_code}/{YEAR}-{n + 1:06d}",
                    created_by=user,
                    approved_by=user,
                    approved_at=at,
                    published_by=user,
                    published_at=at,
                    published_on=made + timedelta(days=lag),
                    created_at=at,
                    updated_at=at,
                )

    _in_batches(items(), 5_000, insert(Item))
    cases = []
    for agency in agencies:
        for _ in range(CASES):
            result = rng.choice(["upheld", "corrected", "other", "pending"])
            cases.append(
                Case(
                    agency=agency,
                    kind=rng.choice(Case.Kind.values),
                    filed_on=date(YEAR, 2, 1),
                    result=result,
                    decided_on=None if result == "pending" else date(YEAR, 6, 1),
                    created_by=user,
                )
            )
    Case.objects.bulk_create(cases)
    # last year's reports, submitted in January of the year; a few copy another's 五
    reports = [
        AnnualReport(
            agency=agency,
            year=YEAR - 1,
            status="reported",
            first_submitted_at=timezone.make_aware(datetime(YEAR, 1, 10, 10))
            + timedelta(days=i % 30),
            narrative={},
        )
        for i, agency in enumerate(agencies)
    ]
    AnnualReport.objects.bulk_create(reports)
    fives = [_prose(rng, 400) for _ in agencies]
    for i in range(COPIES):
        fives[AGENCIES - 1 - i] = fives[i]
    versions = []
    for i, report in enumerate(AnnualReport.objects.filter(year=YEAR - 1).order_by("agency__path")):
        narrative = {"一": _prose(rng, 1500), "五": fives[i], "六": "本年度未收取信息处理费。"}
        versions.append(
            ReportVersion(
                report=report,
                number=1,
                snapshot={"year": YEAR - 1, "narrative": narrative, "tables": {}},
                tables={},
                submitted_at=report.first_submitted_at,
            )
        )
    _in_batches(versions, 100, lambda b: ReportVersion.objects.bulk_create(b))
    django_env.analyse()


def measure() -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from gongkai.agencies.models import Agency
    from gongkai.applications.models import Application
    from gongkai.publishing.models import Item
    from gongkai.reports.models import ReportVersion
    from gongkai.scoring import actions, sheet
    from gongkai.scoring.models import ClosedYear, FrozenSheet, ManualScore

    supervisor = get_user_model().objects.get(username="bench-supervisor")
    root = Agency.objects.get(slug="sc-root")
    # Start open: no closed year, every manual indicator scored.
    for model in (FrozenSheet, ClosedYear):
        model.objects.all()._raw_delete(model.objects.db)
    ManualScore.objects.all()._raw_delete(ManualScore.objects.db)
    ManualScore.objects.bulk_create(
        ManualScore(agency=a, year=YEAR, indicator="column", score=15, entered_by=supervisor)
        for a in Agency.objects.filter(parent=root)
    )
    client = Client()
    client.force_login(supervisor)

    def page(url):
        def get():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        return get

    board = f"/staff/scoring/?year={YEAR}"
    rows = sheet.ranking(root, YEAR)
    assert len(rows) == AGENCIES
    copied = sum(1 for r in rows if any(d["id"] == "report-copied" for d in r["deductions"]))
    assert copied == 2 * COPIES, copied  # both reports of each copied pair
    result = {
        "open_ms": timed(page(board), 5),
        "sheet_ms": timed(page(f"/staff/scoring/a/sc-7/{YEAR}/"), 3),
        "export_ms": timed(page(f"/staff/scoring/export/?year={YEAR}"), 3),
    }
    t0 = time.perf_counter()
    actions.close_year(root, YEAR, acting_user=supervisor)
    result["close_ms"] = (time.perf_counter() - t0) * 1000
    result["closed_ms"] = timed(page(board), 5)
    result.update(
        agencies=AGENCIES,
        applications=Application.objects.count(),
        items=Item.objects.count(),
        reports=ReportVersion.objects.count(),
    )
    return result


if __name__ == "__main__":
    django_env.worker(configure, build, measure)
