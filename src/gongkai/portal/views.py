"""The public portal: agencies, their guides and catalogs, items and search."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.publishing import article20, entries, query, search, search_request, topics
from gongkai.publishing.catalog import CatalogCategory, GuideVersion
from gongkai.publishing.models import Item

from . import suggestions

PAGE_SIZE = 20


def _agency(slug: str) -> Agency:
    return get_object_or_404(Agency.objects.public(), slug=slug)


def home(request):
    agencies = list(Agency.objects.public().order_by("path"))
    by_parent: dict[int | None, list[Agency]] = {}
    for a in agencies:
        by_parent.setdefault(a.parent_id, []).append(a)
    for children in by_parent.values():
        children.sort(key=lambda a: (a.sort_order, a.name))
    roots = [
        a for a in agencies if a.parent_id is None or a.parent_id not in {x.pk for x in agencies}
    ]
    groups = [{"agency": r, "children": by_parent.get(r.pk, [])} for r in roots]
    latest = Item.objects.public().select_related("agency").order_by("-published_on", "-pk")[:10]
    return render(
        request,
        "portal/home.html",
        {"groups": groups, "latest": latest, "categories": article20.ITEMS},
    )


def agency(request, slug):
    agency = _agency(slug)
    latest = (
        Item.objects.public()
        .filter(agency=agency)
        .select_related("category")
        .order_by("-published_on", "-pk")[:15]
    )
    children = Agency.objects.public().filter(parent=agency).order_by("sort_order", "name")
    return render(
        request, "portal/agency.html", {"agency": agency, "latest": latest, "children": children}
    )


def guide(request, slug):
    agency = _agency(slug)
    current = GuideVersion.objects.current_for(agency)
    return render(request, "portal/guide.html", {"agency": agency, "guide": current})


def catalog(request, slug):
    agency = _agency(slug)
    counts = dict(
        Item.objects.public()
        .filter(agency=agency)
        .values_list("category")
        .annotate(n=Count("id"))
        .values_list("category", "n")
    )
    categories = list(
        CatalogCategory.objects.active().filter(agency=agency).order_by("sort_order", "pk")
    )
    rows = []
    for c in categories:
        if c.parent_id is None:
            children = [x for x in categories if x.parent_id == c.pk]
            for x in children:
                x.count = counts.get(x.pk, 0)
            c.count = counts.get(c.pk, 0) + sum(x.count for x in children)
            rows.append((c, children))
    return render(request, "portal/catalog.html", {"agency": agency, "rows": rows})


def category(request, slug, code):
    agency = _agency(slug)
    cat = get_object_or_404(CatalogCategory.objects.active(), agency=agency, code=code)
    ids = [cat.pk, *cat.children.filter(is_active=True).values_list("pk", flat=True)]
    qs = (
        Item.objects.public()
        .filter(category_id__in=ids)
        .select_related("agency", "category")
        .order_by("-published_on", "-pk")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request, "portal/category.html", {"agency": agency, "category": cat, "page": page}
    )


def reports(request, slug):
    """Where the agency's annual reports are listed (they arrive with the reports issue)."""
    agency = _agency(slug)
    return render(request, "portal/reports.html", {"agency": agency, "reports": []})


def item(request, code):
    found = get_object_or_404(
        Item.objects.public().select_related("agency", "category", "category__parent"), code=code
    )
    return render(
        request, "portal/item.html", {"item": found, "attachments": found.attachments.all()}
    )


def attachment(request, code, attachment):
    found = get_object_or_404(Item.objects.public(), code=code)
    file = found.attachments.filter(code=attachment).first()
    if file is None:
        raise Http404("没有找到该附件。")
    return FileResponse(file.file.open("rb"), as_attachment=True, filename=file.name)


def search_view(request):
    """Search everything public; with no query, browse items newest first under the same
    filters. A query that is exactly one item's 索引号 or 文号 goes straight to it."""
    agencies = list(Agency.objects.public().order_by("path"))
    wanted = search_request.read(request.GET, agencies)
    q, parsed, filters = wanted.q, wanted.parsed, wanted.filters
    results = wanted.results()
    exact = getattr(results, "exact", [])
    if len(exact) == 1 and not request.GET.get("page"):
        found = Item.objects.public().filter(pk=exact[0]).first()
        if found is not None:
            return redirect(found)
    page = Paginator(results, PAGE_SIZE).get_page(request.GET.get("page"))
    marks = search.highlight_terms(parsed)
    if q:
        for found in page.object_list:
            found.title_html = search.highlight(found.title, marks)
            found.snippet_html = search.snippet(found.body_text, marks)
    pages = []
    if q and page.number == 1 and not filters.only_items:
        pages = entries.find(parsed, filters.agency_id)
        for entry in pages:
            entry.title_html = search.highlight(entry.title, marks)
            entry.snippet_html = search.snippet(entry.text, marks)
    params = request.GET.copy()
    params.pop("page", None)
    this_year = timezone.localdate().year
    nothing = bool(q) and page.paginator.count == 0 and not pages
    return render(
        request,
        "portal/search.html",
        {
            "q": q,
            "terms": parsed.terms,
            "page": page,
            "pages": pages,
            "agencies": agencies,
            "agency": wanted.agency,
            "category": wanted.category,
            "filters": filters,
            "years": list(range(this_year, _first_year(this_year) - 1, -1)),
            "order": wanted.order,
            "article20_items": article20.ITEMS,
            "topics": topics.TOPICS,
            "validities": Item.Validity.choices,
            "query_string": params.urlencode(),
            "estimated": getattr(results, "estimated", False),
            "help": query.HELP,
            "advanced": any(
                request.GET.get(k)
                for k in ("topic", "published_from", "published_to", "issued_from", "issued_to")
            ),
            "suggestions": suggestions.for_nothing_found(parsed, filters) if nothing else None,
        },
    )


def _first_year(default: int) -> int:
    # One indexed lookup per public state, instead of an aggregate over every item.
    firsts = [
        Item.objects.filter(status=state, published_on__isnull=False)
        .order_by("published_on")
        .values_list("published_on", flat=True)
        .first()
        for state in Item.PUBLIC_STATES
    ]
    return min((d.year for d in firsts if d), default=default)
