"""Loading an item for a staff page: 404 for someone with no standing in its agency, 403
for a member without one of the view's roles."""

from __future__ import annotations

from django.http import Http404

from gongkai.agencies.access import require_roles

from .models import Item


def load_item(request, code: str) -> tuple[Item, set[str]]:
    try:
        item = Item.objects.select_related("agency", "category", "created_by").get(code=code)
    except Item.DoesNotExist:
        raise Http404("没有找到该信息。") from None
    roles = require_roles(request.user, item.agency, request.required_roles)
    return item, roles
