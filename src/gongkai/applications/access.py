"""Who may see and do what with applications.

- Officers (依申请公开办理) of an agency handle its applications: every move, the
  applicant's personal data in full (each full view audited), the letters and files.
- Reviewers of the agency see its applications (masked) and approve extensions.
- Supervisors see the applications of their subtree, masked, and the overdue counts.
- Anyone else with no role in the agency gets 404; a member without a role here, 403.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404

from gongkai.agencies.access import require_roles
from gongkai.agencies.models import Agency, Membership, Role

from .models import Application

READ_ROLES = (Role.OFFICER, Role.REVIEWER, Role.SUPERVISOR)


def load_application(request, code: str) -> tuple[Application, set[str]]:
    """The application by its code, and the user's roles in its agency (404 / 403)."""
    found = (
        Application.objects.select_related("agency", "agency__parent", "assignee", "created_by")
        .filter(code=code.upper())
        .first()
    )
    if found is None:
        raise Http404("没有找到该申请。")
    roles = require_roles(request.user, found.agency, request.required_roles)
    return found, roles


def desk_agencies(user) -> list[Agency]:
    """Agencies whose applications the user works on or supervises, in tree order."""
    if not user.is_authenticated:
        return []
    direct = Membership.objects.filter(user=user, role__in=(Role.OFFICER, Role.REVIEWER))
    supervised = Agency.objects.supervised_by(user)
    condition = Q(pk__in=direct.values("agency_id")) | Q(pk__in=supervised.values("pk"))
    return list(Agency.objects.filter(condition).order_by("path"))


def officer_agency_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user=user, role=Role.OFFICER).values_list("agency_id", flat=True)
    )


def audit_comment_guard(user, events) -> set[int]:
    """Which audit comments on applications this user may read: those of the agencies
    whose applications they may open (officers, reviewers, supervisors); a request for
    correction, which may quote the applicant, only by the agency's officers (as on the
    application's page)."""
    readable = {a.pk for a in desk_agencies(user)}
    handled = officer_agency_ids(user)
    return {
        e.pk
        for e in events
        if e.agency_id in (handled if e.action == "application.request_correction" else readable)
    }
