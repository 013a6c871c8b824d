"""`gongkai demo`: a demo that looks real, seeded through the same actions staff use.

西工区人民政府 with its departments and two townships, staff for every role, catalogs
mapped to the 第二十条 categories, guides, a few hundred items over several years with
their review and publication history, a year of applications, cases and annual reports.
Each app seeds its own part (`<app>/demo.py`) from the shared `gongkai.demo_data`.
Running it again changes nothing.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.test import override_settings
from django.utils import timezone

from gongkai import demo_data as data
from gongkai.agencies import demo as agencies_demo
from gongkai.agencies.models import Agency
from gongkai.applications import demo as applications_demo
from gongkai.documents import demo as documents_demo
from gongkai.publishing import demo as publishing_demo
from gongkai.publishing.models import Item
from gongkai.reports import demo as reports_demo
from gongkai.sitecheck import checks
from gongkai.sitecheck.models import SiteCheck

# The demo's jobs (the screening of every item it submits) run in the demo's own process
# as they are queued, so its items can be approved at once (a site's worker runs them
# otherwise).
IMMEDIATE = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@override_settings(TASKS=IMMEDIATE)
def seed() -> str:
    users = agencies_demo.seed()
    created = publishing_demo.seed(users)
    documents_demo.seed(users)
    applications = applications_demo.seed()
    reports_demo.seed()
    # The supervisor's board shows the website inspection from the start (cron reruns it).
    if not SiteCheck.objects.exists():
        checks.run(list(Agency.objects.public().order_by("path")), timezone.localdate())
    return (
        f"Demo ready: {Agency.objects.count()} agencies, "
        f"{Item.objects.public().count()} public items ({created} created now), "
        f"{applications}, {get_user_model().objects.count()} users. "
        f"Password for every demo login: {data.PASSWORD}"
    )


def print_logins(base_url: str) -> None:
    User = get_user_model()
    names = set(User.objects.values_list("username", flat=True))
    if f"{data.SUPERVISOR}-supervisor" not in names:
        print("(no demo logins: run `gongkai demo` to seed the demo)")
        return
    print(
        f"Demo staff logins (password for all: {data.PASSWORD}), back office at {base_url}/staff/"
    )
    wenlv = data.USER_PREFIX["xigong-culture-tourism"]
    rows = [
        (f"{wenlv}-editor", "西工区文化旅游局 编辑（起草、修改、提交）"),
        (f"{wenlv}-reviewer", "西工区文化旅游局 审核（含保密审查）"),
        (f"{wenlv}-publisher", "西工区文化旅游局 发布"),
        (f"{wenlv}-admin", "西工区文化旅游局 机关管理员（目录、指南、人员）"),
        (f"{wenlv}-officer", "西工区文化旅游局 依申请公开办理（登记、补正、答复）"),
        (f"{data.SUPERVISOR}-supervisor", "西工区政务公开办 监督（全区）"),
        ("sysadmin", "系统管理员（/sysadmin/ Django admin）"),
    ]
    for username, what in rows:
        print(f"  {username:<22} {what}")
    print(
        "  Every other agency has <prefix>-editor, -reviewer, -publisher, -admin, -officer; prefixes: "
        + ", ".join(p for s, p in data.USER_PREFIX.items() if p != wenlv)
    )
