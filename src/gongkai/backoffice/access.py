"""The back office's access helpers.

Every view is wrapped by `staff_view(*roles)`: anonymous visitors are sent to the login
page, and the roles are recorded on the view (`view.required_roles`) so the tests can
walk every URL pattern. Inside, the view loads its object with `load_agency` or
`load_item`: 404 for someone with no standing in the agency, 403 for a member without
one of the view's roles.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from gongkai.agencies.access import require_roles
from gongkai.agencies.models import Agency, Membership, Role
from gongkai.publishing.models import Item

ANY_ROLE = tuple(Role.values)


def staff_view(*roles: str):
    allowed = tuple(roles) or ANY_ROLE

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            # A first, coarse check: the role somewhere. load_agency/load_item then check
            # it in the agency the object belongs to.
            if (
                allowed != ANY_ROLE
                and not Membership.objects.filter(user=request.user, role__in=allowed).exists()
            ):
                raise PermissionDenied("您没有这项操作的权限。")
            request.required_roles = allowed
            return view(request, *args, **kwargs)

        wrapper.required_roles = allowed
        return wrapper

    return decorate


def load_agency(request, slug: str) -> tuple[Agency, set[str]]:
    agency = get_object_or_404(Agency, slug=slug)
    roles = require_roles(request.user, agency, request.required_roles)
    return agency, roles


def load_item(request, code: str) -> tuple[Item, set[str]]:
    try:
        item = Item.objects.select_related("agency", "category", "created_by").get(code=code)
    except Item.DoesNotExist:
        raise Http404("没有找到该信息。") from None
    roles = require_roles(request.user, item.agency, request.required_roles)
    return item, roles
