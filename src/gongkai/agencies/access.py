"""The access helper every back-office view calls first.

Someone with no standing in an agency gets 404 (existence is not leaked); a member
without the right role gets 403. Supervisors of an ancestor hold the SUPERVISOR role
in every agency of their subtree.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.http import Http404

from .models import Agency, Membership, Role


def roles_in(user, agency: Agency) -> set[str]:
    """The roles the user holds in this agency, including supervision from above."""
    if not user.is_authenticated:
        return set()
    memberships = Membership.objects.filter(user=user).values_list(
        "agency_id", "agency__path", "role"
    )
    roles = set()
    for agency_id, path, role in memberships:
        if agency_id == agency.pk:
            roles.add(role)
        elif role == Role.SUPERVISOR and agency.path.startswith(path):
            roles.add(Role.SUPERVISOR)
    return roles


def require_roles(user, agency: Agency, allowed: Iterable[str]) -> set[str]:
    """Return the user's roles in the agency; 404 without any, 403 without an allowed one."""
    roles = roles_in(user, agency)
    if not roles:
        raise Http404("没有找到该机关。")
    if not roles & set(allowed):
        raise PermissionDenied("您在该机关没有这项操作的权限。")
    return roles


def agencies_with_role(user, *roles: str):
    """Agencies where the user directly holds one of the roles."""
    if not user.is_authenticated:
        return Agency.objects.none()
    return Agency.objects.filter(memberships__user=user, memberships__role__in=roles).distinct()
