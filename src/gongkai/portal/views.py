"""The public portal: agencies, their guides and catalogs, items and search."""

from __future__ import annotations

from datetime import date

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import http_date, url_has_allowed_host_and_scheme

from gongkai import edge
from gongkai.agencies.models import Agency
from gongkai.publishing import (
    article20,
    entries,
    highlight,
    query,
    search,
    search_request,
    topics,
)
from gongkai.publishing.catalog import CatalogCategory, GuideVersion
from gongkai.publishing.models import Item

from . import context, suggestions

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
        CatalogCategory.objects.active()
        .filter(agency=agency)
        .exclude(kind=CatalogCategory.Kind.RULES)
        .order_by("sort_order", "pk")
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


def rules(request, slug):
    """政府信息公开制度: the agency's disclosure rules, as the documents it published."""
    agency = _agency(slug)
    columns = CatalogCategory.objects.active().filter(
        agency=agency, kind=CatalogCategory.Kind.RULES
    )
    ids = [*columns.values_list("pk", flat=True)]
    qs = (
        Item.objects.public()
        .filter(Q(category_id__in=ids) | Q(category__parent_id__in=ids))
        .select_related("agency", "category")
        .order_by("-published_on", "-pk")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "portal/rules.html", {"agency": agency, "page": page})


def reports(request, slug):
    """Where the agency's annual reports are listed (they arrive with the reports issue)."""
    agency = _agency(slug)
    return render(request, "portal/reports.html", {"agency": agency, "reports": []})


def item(request, code):
    found = (
        Item.objects.public()
        .select_related("agency", "category", "category__parent")
        .filter(code=code)
        .first()
    )
    if found is None:
        return _withdrawn(request, code)
    public = Item.objects.public()
    response = render(
        request,
        "portal/item.html",
        {
            "item": found,
            "attachments": found.attachments.all(),
            "interpretations": public.filter(interprets=found).order_by("published_at", "pk"),
            "interpreted": public.filter(pk=found.interprets_id).first(),
            "amends": public.filter(pk=found.amends_id).first(),
            "amendments": public.filter(amends=found).order_by("-published_on", "-pk"),
            "replaced_by": public.filter(pk=found.replaced_by_id).first(),
        },
    )
    changed = max(found.updated_at, found.published_at or found.updated_at)
    response["Last-Modified"] = http_date(changed.timestamp())
    return response


def _withdrawn(request, code):
    """A withdrawn item answers 410 with the date and the reason, not a bare 404."""
    gone = get_object_or_404(
        Item.objects.filter(
            status=Item.Status.WITHDRAWN, published_at__isnull=False, agency__is_active=True
        ).select_related("agency"),
        code=code,
    )
    return render(request, "portal/withdrawn.html", {"item": gone}, status=410)


def attachment(request, code, attachment):
    found = get_object_or_404(Item.objects.public(), code=code)
    file = found.attachments.filter(code=attachment).first()
    if file is None:
        raise Http404("没有找到该附件。")
    return FileResponse(file.file.open("rb"), as_attachment=True, filename=file.name)


def _int(value, low: int, high: int) -> int | None:
    return edge.bounded_int(value, low, high)


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
            found.title_html = highlight.highlight(found.title, marks)
            found.snippet_html = highlight.snippet(found.body_text, marks)
            in_attachment = highlight.found_in_attachment(found, marks)
            if in_attachment:
                found.attachment_name, found.snippet_html = in_attachment
    pages = []
    if q and page.number == 1 and not filters.only_items:
        pages = entries.find(parsed, filters.agency_id)
        for entry in pages:
            entry.title_html = highlight.highlight(entry.title, marks)
            entry.snippet_html = highlight.snippet(entry.text, marks)
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


def _browse(filters: search.Filters):
    qs = Item.objects.public().select_related("agency", "category")
    if filters.agency_id:
        qs = qs.filter(agency_id=filters.agency_id)
    if filters.category_id:
        qs = qs.filter(
            Q(category_id=filters.category_id) | Q(category__parent_id=filters.category_id)
        )
    if filters.article20:
        qs = qs.filter(category__article20=filters.article20)
    if filters.year:
        qs = qs.filter(published_on__range=(date(filters.year, 1, 1), date(filters.year, 12, 31)))
    if filters.validity:
        qs = qs.filter(validity=filters.validity)
    return qs.order_by("-published_on", "-pk")


def display(request):
    """Switch 长者模式 or high contrast on or off, remembered for a year, and go back."""
    modes = context.display_modes(request)
    mode = request.GET.get("mode")
    if mode in context.MODES:
        if request.GET.get("on") == "1":
            modes.add(mode)
        else:
            modes.discard(mode)
    target = request.GET.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = redirect(target)
    response.set_cookie(
        context.DISPLAY_COOKIE,
        ".".join(sorted(modes)),
        max_age=365 * 24 * 3600,
        samesite="Lax",
        httponly=True,
    )
    return response
