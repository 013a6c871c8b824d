"""The agencies' part of the 待办 page: where the user works, in which roles."""

from __future__ import annotations

from django.template.loader import render_to_string

from .models import Membership


def render_panel(request) -> str:
    memberships = (
        Membership.objects.filter(user=request.user)
        .select_related("agency")
        .order_by("agency__path", "role")
    )
    by_agency: dict[int, dict] = {}
    for m in memberships:
        entry = by_agency.setdefault(m.agency_id, {"agency": m.agency, "roles": []})
        entry["roles"].append(m.get_role_display())
    if not by_agency:
        return ""
    return render_to_string("agencies/_dashboard.html", {"rows": list(by_agency.values())}, request)
