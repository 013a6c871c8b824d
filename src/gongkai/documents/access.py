"""Loading a register entry for a staff page: 404 without standing in its agency, 403
for a member without one of the view's roles."""

from __future__ import annotations

from django.http import Http404

from gongkai.agencies.access import require_roles

from .models import Document


def load_document(request, code: str) -> tuple[Document, set[str]]:
    try:
        document = Document.objects.select_related("agency", "item", "forwarded").get(code=code)
    except Document.DoesNotExist:
        raise Http404("没有找到该文件。") from None
    return document, require_roles(request.user, document.agency, request.required_roles)
