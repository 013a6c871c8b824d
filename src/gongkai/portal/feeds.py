"""Atom feeds (RFC 4287): per agency, per catalog column and per search.

Each is announced on its page with <link rel="alternate" type="application/atom+xml">
(see `context.feed_link`). Links and ids are absolute, built on settings.SITE_URL, so a
feed reader gets the same address whatever host name the request came through.
"""

from __future__ import annotations

import copy

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from gongkai.agencies.models import Agency
from gongkai.publishing import search
from gongkai.publishing.catalog import CatalogCategory
from gongkai.publishing.models import Item

ENTRIES = 30


def absolute(path: str) -> str:
    return settings.SITE_URL + path


class ItemFeed(Feed):
    """What every feed shares: the newest public items, each with its 索引号 and 文号."""

    feed_type = Atom1Feed

    def item_title(self, item: Item) -> str:
        return item.title

    def item_description(self, item: Item) -> str:
        parts = [f"索引号：{item.index_number}"]
        if item.document_number:
            parts.append(f"文号：{item.document_number}")
        parts.append(f"发布机构：{item.agency.name}")
        return "；".join(parts) + "。" + item.summary

    def item_link(self, item: Item) -> str:
        return absolute(item.get_absolute_url())

    def item_guid(self, item: Item) -> str:
        return absolute(item.get_absolute_url())

    item_guid_is_permalink = True

    def item_pubdate(self, item: Item):
        return item.published_at

    def item_updateddate(self, item: Item):
        return max(item.updated_at, item.published_at or item.updated_at)

    def item_author_name(self, item: Item) -> str:
        return item.agency.name

    def item_categories(self, item: Item) -> list[str]:
        return [item.category.name] if item.category_id else []

    def author_name(self) -> str:
        return settings.SITE_SPONSOR or settings.SITE_NAME

    def feed_url(self, obj) -> str:
        return absolute(self._request_path)

    def __call__(self, request, *args, **kwargs):
        # The URL conf holds one instance for every request: each gets its own copy.
        mine = copy.copy(self)
        mine._request_path = request.get_full_path()
        return Feed.__call__(mine, request, *args, **kwargs)

    def get_object(self, request, *args, **kwargs):
        return self.lookup(request, *args, **kwargs)

    def lookup(self, request, *args, **kwargs):
        return None


def _newest(qs):
    return qs.select_related("agency", "category").order_by("-published_on", "-pk")[:ENTRIES]


class AgencyFeed(ItemFeed):
    def lookup(self, request, slug):
        return get_object_or_404(Agency.objects.public(), slug=slug)

    def title(self, agency: Agency) -> str:
        return f"{agency.name}政府信息公开"

    def subtitle(self, agency: Agency) -> str:
        return f"{agency.name}最新主动公开的政府信息"

    def link(self, agency: Agency) -> str:
        return absolute(agency.get_absolute_url())

    def items(self, agency: Agency):
        return _newest(Item.objects.public().filter(agency=agency))


class CategoryFeed(ItemFeed):
    def lookup(self, request, slug, code):
        agency = get_object_or_404(Agency.objects.public(), slug=slug)
        return get_object_or_404(CatalogCategory.objects.active(), agency=agency, code=code)

    def title(self, category: CatalogCategory) -> str:
        return f"{category.agency.name} · {category.name}"

    def subtitle(self, category: CatalogCategory) -> str:
        return f"{category.agency.name}公开目录“{category.name}”的最新信息"

    def link(self, category: CatalogCategory) -> str:
        return absolute(category.get_absolute_url())

    def items(self, category: CatalogCategory):
        ids = [category.pk, *category.children.filter(is_active=True).values_list("pk", flat=True)]
        return _newest(Item.objects.public().filter(category_id__in=ids))


def _int(value, low: int, high: int) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if low <= number <= high else None


class SearchFeed(ItemFeed):
    """The newest items matching a search, with the search page's query and filters."""

    def lookup(self, request):
        q = (request.GET.get("q") or "").strip()[:100]
        agency = Agency.objects.public().filter(slug=request.GET.get("agency") or "").first()
        category = None
        if agency and request.GET.get("category"):
            category = CatalogCategory.objects.filter(
                agency=agency, code=request.GET["category"]
            ).first()
        validity = request.GET.get("validity", "")
        filters = search.Filters(
            agency_id=agency.pk if agency else None,
            category_id=category.pk if category else None,
            article20=_int(request.GET.get("article20"), 1, 15),
            year=_int(request.GET.get("year"), 1949, 2999),
            validity=validity if validity in Item.Validity.values else "",
        )
        return {"q": q, "filters": filters, "agency": agency}

    def title(self, obj) -> str:
        where = obj["agency"].name if obj["agency"] else settings.SITE_NAME
        return f"{where} · 检索“{obj['q']}”" if obj["q"] else f"{where} · 最新公开信息"

    def link(self, obj) -> str:
        return absolute(
            reverse("portal:search") + self._request_path[len(reverse("portal:search_feed")) :]
        )

    def items(self, obj):
        from .views import _browse  # the search page's own browsing, filters and all

        if obj["q"]:
            results = search.SearchResults(
                search.query_terms(obj["q"]), obj["filters"], order="date"
            )
            return list(results[:ENTRIES])
        return list(_browse(obj["filters"])[:ENTRIES])
