"""Public pages of policy documents: the agency's 政策解读 column, its 现行有效 list,
the texts as Word and PDF, and the published results of 清理 batches."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from gongkai.agencies.models import Agency
from gongkai.publishing.models import Item


def _agency(slug: str) -> Agency:
    return get_object_or_404(Agency.objects.public(), slug=slug)


def interpretations(request, slug):
    agency = _agency(slug)
    qs = (
        Item.objects.public()
        .filter(agency=agency, doc_kind=Item.DocKind.INTERPRETATION)
        .select_related("interprets")
        .order_by("-published_on", "-pk")
    )
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request, "documents/portal_interpretations.html", {"agency": agency, "page": page}
    )
