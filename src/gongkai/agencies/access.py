"""The access helper every back-office view calls first.

Someone with no standing in an agency gets 404 (existence is not leaked); a member
without the right role gets 403. Supervisors of an ancestor hold the SUPERVISOR role
in every agency of their subtree.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from gongkai.workflow import NO_ROLE, require

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


def check_roles(user, agency: Agency, allowed: Iterable[str], message: str = NO_ROLE) -> set[str]:
    """For actions: the user's roles in the agency; PermissionDenied without an allowed one."""
    roles = roles_in(user, agency)
    require(roles, allowed, message)
    return roles


def require_roles(user, agency: Agency, allowed: Iterable[str]) -> set[str]:
    """Return the user's roles in the agency; 404 without any, 403 without an allowed one
    (no roles allowed in particular: any role will do)."""
    roles = roles_in(user, agency)
    if not roles:
        raise Http404("没有找到该机关。")
    allowed = set(allowed)
    if allowed and not roles & allowed:
        raise PermissionDenied(NO_ROLE)
    return roles


def load_agency(request, slug: str) -> tuple[Agency, set[str]]:
    """For staff pages (`backoffice.access.staff_view`): the agency by its slug, and the
    user's roles in it; 404 / 403 as `require_roles`."""
    agency = get_object_or_404(Agency, slug=slug)
    roles = require_roles(request.user, agency, request.required_roles)
    return agency, roles


def agencies_with_role(user, *roles: str):
    """Agencies where the user directly holds one of the roles."""
    if not user.is_authenticated:
        return Agency.objects.none()
    return Agency.objects.filter(memberships__user=user, memberships__role__in=roles).distinct()
