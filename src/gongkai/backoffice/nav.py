"""The back office's navigation, open to every app.

An app adds its entry in its AppConfig.ready():

    from gongkai.backoffice import nav
    nav.register(nav.Entry("applications", "依申请公开", "applications:inbox",
                           roles=("editor", "reviewer"), order=30))

An entry shows to users holding one of its roles in any agency (no roles: everyone).
The registry is fixed at start-up and identical in every process.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from gongkai.agencies.models import Membership, Role


@dataclass(frozen=True)
class Entry:
    key: str
    label: str
    url_name: str
    roles: tuple[str, ...] = ()
    order: int = 100

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_ENTRIES: dict[str, Entry] = {}


def register(entry: Entry) -> None:
    _ENTRIES[entry.key] = entry


def entries_for(roles: set[str]) -> list[Entry]:
    return sorted(
        (e for e in _ENTRIES.values() if not e.roles or roles & set(e.roles)),
        key=lambda e: (e.order, e.key),
    )


def register_defaults() -> None:
    register(Entry("dashboard", "待办", "backoffice:dashboard", order=10))
    register(Entry("items", "公开信息", "backoffice:items", order=20))
    register(Entry("agencies", "机关管理", "backoffice:agencies", roles=(Role.ADMIN,), order=70))
    register(
        Entry("supervision", "监督", "backoffice:supervision", roles=(Role.SUPERVISOR,), order=80)
    )
    register(Entry("audit", "操作日志", "backoffice:audit", order=90))


def context(request) -> dict:
    """Template context: the navigation for the signed-in staff member, on back-office pages."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    if match is None or match.namespace not in BACKOFFICE_NAMESPACES:
        return {}
    roles = set(Membership.objects.filter(user=user).values_list("role", flat=True).distinct())
    current = match.url_name or ""
    return {
        "staff_nav": [
            {"entry": e, "current": e.url_name.split(":")[-1] == current}
            for e in entries_for(roles)
        ],
        "staff_roles": roles,
    }


# Namespaces whose pages are back-office pages; later apps add theirs.
BACKOFFICE_NAMESPACES = {"backoffice", "accounts"}
