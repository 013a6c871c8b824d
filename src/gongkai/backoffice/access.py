"""The staff pages' door: `staff_view(*roles)` wraps every back-office view.

Anonymous visitors are sent to the login page; a signed-in user who holds none of the
roles in any agency gets 403. The roles are recorded on the view (`view.required_roles`,
empty for "any role") so the tests can walk every URL pattern. Inside, the view loads
its object with its app's loader (`agencies.access.load_agency`, ...), which gives 404
to someone with no standing in the object's agency and 403 to a member without one of
the view's roles.

The shell reads a user's roles through `user.memberships` (the reverse relation of
`agencies.Membership`), so it imports no app.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied


def staff_view(*roles: str):
    allowed = tuple(roles)

    def decorate(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            # A first, coarse check: the role somewhere. The app's loader then checks it
            # in the agency the object belongs to.
            if allowed and not request.user.memberships.filter(role__in=allowed).exists():
                raise PermissionDenied("您没有这项操作的权限。")
            request.required_roles = allowed
            return view(request, *args, **kwargs)

        wrapper.required_roles = allowed
        return wrapper

    return decorate
