"""sitemap.xml: every public page (sitemaps.org 0.9), as an index of sections, each
paged at the protocol's 50,000 addresses. Addresses are built on settings.SITE_URL."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem, sitemap
from django.db.models import Max
from django.template.response import TemplateResponse
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.publishing.catalog import CatalogCategory
from gongkai.publishing.models import Item
from gongkai.reports.models import ReportVersion


class SiteSitemap(Sitemap):
    limit = 50000

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme or "https"


class PagesSitemap(SiteSitemap):
    changefreq = "daily"

    def items(self):
        return ["portal:home", "portal:search"]

    def location(self, name: str) -> str:
        return reverse(name)


class AgencySitemap(SiteSitemap):
    """Each agency's column: its home page and the four parts."""

    changefreq = "weekly"
    PAGES = ("portal:agency", "portal:guide", "portal:rules", "portal:catalog", "portal:reports")

    def items(self):
        agencies = Agency.objects.public().order_by("path").values_list("slug", flat=True)
        return [(name, slug) for slug in agencies for name in self.PAGES]

    def location(self, entry) -> str:
        name, slug = entry
        return reverse(name, args=[slug])


class CategorySitemap(SiteSitemap):
    changefreq = "weekly"

    def items(self):
        return (
            CatalogCategory.objects.active()
            .filter(agency__in=Agency.objects.public())
            .select_related("agency")
            .order_by("pk")
        )


class ItemSitemap(SiteSitemap):
    changefreq = "monthly"

    def items(self):
        return Item.objects.public().only("code", "updated_at", "published_at").order_by("pk")

    def lastmod(self, item: Item):
        return max(item.updated_at, item.published_at or item.updated_at)

    def get_latest_lastmod(self):
        # One aggregate, not a walk over every item, for the index.
        found = self.items().aggregate(updated=Max("updated_at"), published=Max("published_at"))
        return max((d for d in found.values() if d), default=None)


class ReportSitemap(SiteSitemap):
    """Every published version of every annual report."""

    changefreq = "yearly"

    def items(self):
        return (
            ReportVersion.objects.published()
            .filter(report__agency__in=Agency.objects.public())
            .only("code", "published_at")
            .order_by("pk")
        )

    def lastmod(self, version: ReportVersion):
        return version.published_at

    def get_latest_lastmod(self):
        return self.items().aggregate(latest=Max("published_at"))["latest"]


class ReportYearSitemap(SiteSitemap):
    """Each agency's page for a report year: its current published version."""

    changefreq = "yearly"

    def items(self):
        return sorted(
            set(
                ReportVersion.objects.published()
                .filter(report__agency__in=Agency.objects.public())
                .values_list("report__agency__slug", "report__year")
            )
        )

    def location(self, entry) -> str:
        slug, year = entry
        return reverse("annual:year", args=[slug, year])


SITEMAPS = {
    "pages": PagesSitemap,
    "agencies": AgencySitemap,
    "catalog": CategorySitemap,
    "items": ItemSitemap,
    "report-years": ReportYearSitemap,
    "reports": ReportSitemap,
}


def index(request):
    """The sitemap index: every section and each of its pages, on settings.SITE_URL."""
    entries = []
    for section, cls in SITEMAPS.items():
        sitemap = cls()
        location = settings.SITE_URL + reverse("sitemaps", kwargs={"section": section})
        lastmod = sitemap.get_latest_lastmod()
        entries.append(SitemapIndexItem(location, lastmod))
        for page in range(2, sitemap.paginator.num_pages + 1):
            entries.append(SitemapIndexItem(f"{location}?p={page}", lastmod))
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml"
    )


def section(request, section: str):
    """One section of the sitemap (?p=N for its further pages)."""
    return sitemap(request, SITEMAPS, section)
