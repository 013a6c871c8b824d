"""A search as given in a URL's parameters, read the same way by the portal's search
page and by the open data API: q, agency (slug), category (code, with agency), article20,
topic, year, validity, published_from/published_to (发布日期), issued_from/issued_to
(成文日期), order. Unknown or malformed values are ignored, never an error."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from gongkai.agencies.models import Agency

from . import search, topics
from .catalog import CatalogCategory
from .models import Item
from .query import Query

MAX_QUERY = 100


@dataclass
class SearchRequest:
    q: str
    parsed: Query
    filters: search.Filters
    order: str
    agency: Agency | None = None
    category: CatalogCategory | None = None
    ignored: list[str] = field(default_factory=list)

    def results(self):
        """The matches: the index's results for a query, else the filtered items newest first."""
        if self.q and not self.parsed.empty:
            return search.SearchResults(self.parsed, self.filters, order=self.order, text=self.q)
        if self.q:
            return Item.objects.none()
        qs = Item.objects.public().select_related("agency", "category")
        return self.filters.apply(qs).order_by("-published_on", "-pk")


def _int(value, low: int, high: int) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


def _date(value) -> date | None:
    try:
        return date.fromisoformat((value or "").strip())
    except ValueError:
        return None


def read(params, agencies: list[Agency] | None = None) -> SearchRequest:
    q = (params.get("q") or "").strip()[:MAX_QUERY]
    slug = params.get("agency") or ""
    if agencies is not None:
        agency = next((a for a in agencies if a.slug == slug), None)
    else:
        agency = Agency.objects.public().filter(slug=slug).first() if slug else None
    category = None
    if agency and params.get("category"):
        category = CatalogCategory.objects.filter(agency=agency, code=params["category"]).first()
    topic = params.get("topic") or ""
    validity = params.get("validity") or ""
    filters = search.Filters(
        agency_id=agency.pk if agency else None,
        category_id=category.pk if category else None,
        article20=_int(params.get("article20"), 1, 15),
        topic=topic if topic in topics.LABELS else "",
        year=_int(params.get("year"), 1949, 2999),
        validity=validity if validity in Item.Validity.values else "",
        published_from=_date(params.get("published_from")),
        published_to=_date(params.get("published_to")),
        issued_from=_date(params.get("issued_from")),
        issued_to=_date(params.get("issued_to")),
    )
    order = "date" if params.get("order") == "date" else "relevance"
    return SearchRequest(
        q=q,
        parsed=search.parse(q),
        filters=filters,
        order=order,
        agency=agency,
        category=category,
    )
