"""The back office's navigation, its agency tabs and its dashboard, open to every app.

An app adds its entries in its AppConfig.ready():

    from gongkai.backoffice import nav
    nav.register(nav.Entry("applications", "依申请公开", "applications:desk",
                           roles=("officer", "reviewer"), order=30))
    nav.register_tab(nav.Entry("catalog", "公开目录", "publishing:catalog",
                               roles=("admin",), order=20))
    nav.register_panel(nav.Panel("publishing", publishing.panels.render, order=20))

An entry shows to users holding one of its roles in any agency (no roles: everyone). A
tab is a page of one agency's administration; its URL takes the agency's slug. A panel
is a part of the 待办 page: `render(request)` gives its HTML, or "" when it has nothing
for this user. The registries are fixed at start-up and identical in every process; an
app's namespace is added to BACKOFFICE_NAMESPACES so its pages show the navigation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse


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

    def shows_to(self, roles: set[str]) -> bool:
        return not self.roles or bool(roles & set(self.roles))


@dataclass(frozen=True)
class Panel:
    key: str
    render: Callable
    order: int = 100


_ENTRIES: dict[str, Entry] = {}
_TABS: dict[str, Entry] = {}
_PANELS: dict[str, Panel] = {}
# Namespaces whose pages are back-office pages; the apps add theirs.
BACKOFFICE_NAMESPACES = {"backoffice", "accounts"}


def register(entry: Entry, namespace: str = "") -> None:
    _ENTRIES[entry.key] = entry
    if namespace:
        BACKOFFICE_NAMESPACES.add(namespace)


def register_tab(entry: Entry) -> None:
    _TABS[entry.key] = entry


def register_panel(panel: Panel) -> None:
    _PANELS[panel.key] = panel


def _ordered(entries):
    return sorted(entries, key=lambda e: (e.order, e.key))


def entries_for(roles: set[str]) -> list[Entry]:
    return _ordered(e for e in _ENTRIES.values() if e.shows_to(roles))


def tabs_for(roles: set[str]) -> list[Entry]:
    return _ordered(e for e in _TABS.values() if e.shows_to(roles))


def panels() -> list[Panel]:
    return _ordered(_PANELS.values())


def roles_anywhere(user) -> set[str]:
    """The roles the user holds in any agency (the shell's coarse view of roles)."""
    return set(user.memberships.values_list("role", flat=True).distinct())


def context(request) -> dict:
    """Template context: the navigation for the signed-in staff member, on back-office pages."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    match = getattr(request, "resolver_match", None)
    if match is None or match.namespace not in BACKOFFICE_NAMESPACES:
        return {}
    roles = roles_anywhere(user)
    current = match.url_name or ""
    return {
        "staff_nav": [
            {"entry": e, "current": e.url_name.split(":")[-1] == current}
            for e in entries_for(roles)
        ],
        "staff_roles": roles,
    }
