"""One database's half of bench_applications: build the data once, then time the desk.

Run as `python -m bench.applications_worker sqlite|postgres`; prints one JSON line.
100,000 open applications sit in one agency (the officer's: the worst case for a desk),
beside 60,000 closed ones spread over 300 agencies; a supervisor of the whole tree sees
all of them. Requests go through Django's full stack in-process, logged in.
"""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

from bench import django_env

OPEN = 100_000
CLOSED = 60_000
AGENCIES = 300
REQUESTS = 200
OUT = Path(__file__).parent / "out"
DATABASE = "gongkai_bench_applications"


def configure(engine: str) -> None:
    django_env.configure(engine, OUT / "applications-data", DATABASE)


def build() -> None:
    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from gongkai.agencies.models import Agency, Membership, Role
    from gongkai.applications.models import Application, new_tracking_code
    from gongkai.holidays import calendar as holidays

    today = timezone.localdate()
    if (
        Application.objects.open().count() >= OPEN
        and Application.objects.filter(received_on__gte=today - timedelta(days=70)).exists()
    ):
        return
    Application.objects.all().delete()
    Membership.objects.all().delete()
    Agency.objects.all().delete()
    User = get_user_model()
    officer = User.objects.filter(username="officer").first() or User.objects.create_user("officer")
    chief = User.objects.filter(username="chief").first() or User.objects.create_user("chief")
    root = Agency.objects.create(name="某市人民政府", kind="government", org_code="A000", slug="a0")
    agencies = [root]
    for i in range(1, AGENCIES):
        agencies.append(
            Agency.objects.create(
                name=f"某市第{i}局",
                kind="department",
                parent=root,
                org_code=f"A{i:03d}",
                slug=f"a{i}",
            )
        )
    big = agencies[1]
    Membership.objects.create(user=officer, agency=big, role=Role.OFFICER)
    Membership.objects.create(user=chief, agency=root, role=Role.SUPERVISOR)
    calendar = holidays.current()
    rng = random.Random(20261127)
    batch: list = []

    def flush():
        with transaction.atomic():
            Application.objects.bulk_create(batch, batch_size=2000)
        batch.clear()

    statuses = (
        ["processing"] * 80
        + ["consulting"] * 8
        + ["awaiting_correction"] * 5
        + ["awaiting_fee"] * 3
        + ["unconfirmed"] * 4
    )
    for n in range(OPEN + CLOSED):
        closed = n >= OPEN
        received = today - timedelta(days=rng.randrange(400 if closed else 60))
        status = "answered" if closed else rng.choice(statuses)
        due = calendar.add_working_days(received, 20).due
        fields = dict(
            code=new_tracking_code(),
            agency=big if not closed else rng.choice(agencies),
            open_agency=None if closed else big,
            applicant_type="natural_person",
            applicant_name=f"申请人{n}",
            received_on=received,
            description="某项政府信息",
            status=status,
            phone=f"138{n:08d}",
            id_type="resident_id",
            id_number=f"41030319900307{n % 10000:04d}",
            assignee=officer if n % 3 == 0 else None,
        )
        if closed:
            closed_on = min(today, received + timedelta(days=rng.randint(1, 30)))
            fields.update(outcome="三.一", closed_on=closed_on, due_on=due)
        elif status == "processing":
            fields.update(due_on=due, clock_state="running", due_provisional=due.year > 2026)
        elif status == "consulting":
            fields.update(clock_state="paused", clock_remaining=rng.randint(1, 20))
        elif status == "awaiting_correction":
            fields.update(
                clock_state="awaiting_correction", correction_due=received + timedelta(20)
            )
        elif status == "awaiting_fee":
            fields.update(clock_state="paused", payment_due=received + timedelta(28))
        batch.append(Application(**fields))
        if len(batch) >= 10_000:
            flush()
    flush()
    django_env.analyse()


def timed(client, urls: list[str]) -> dict:
    return django_env.timed_pages(client, urls, warm=10)


def measure() -> dict:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from gongkai.applications.models import Application

    User = get_user_model()
    rng = random.Random(5)
    officer, chief = Client(), Client()
    officer.force_login(User.objects.get(username="officer"))
    chief.force_login(User.objects.get(username="chief"))
    base = "/staff/applications/"
    queues = ("overdue", "soon", "paused", "waiting", "unconfirmed", "open")
    pages = {
        "desk (first page)": timed(officer, [base] * REQUESTS),
        "desk, every queue": timed(
            officer, [f"{base}?queue={queues[i % len(queues)]}" for i in range(REQUESTS)]
        ),
        "desk, deep pages": timed(
            officer, [f"{base}?queue=open&page={rng.randint(2, 300)}" for _ in range(REQUESTS)]
        ),
        "desk, mine only": timed(officer, [f"{base}?queue=overdue&mine=1"] * REQUESTS),
        "supervisor desk (300 agencies)": timed(chief, [f"{base}?queue=overdue"] * REQUESTS),
        "supervision overview": timed(chief, [f"{base}agencies/"] * (REQUESTS // 4)),
    }
    # The applicant's tracking page, as a visitor who gave the code and the factor.
    codes = list(Application.objects.order_by("?").values_list("code", flat=True)[:REQUESTS])
    public = Client()
    session = public.session
    session["applications_verified"] = codes
    session.save()
    pages["tracking page (verified)"] = timed(public, [f"/apply/status/?code={c}" for c in codes])
    return {
        "pages": pages,
        "open": Application.objects.open().count(),
        "closed": Application.objects.filter(closed_on__isnull=False).count(),
    }


if __name__ == "__main__":
    django_env.worker(configure, build, measure)
