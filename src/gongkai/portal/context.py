"""What every page's frame needs: the identification footer and the reader's display mode."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse

DISPLAY_COOKIE = "gk_display"
MODES = ("elder", "contrast")  # 长者模式 (larger type and controls), high contrast


def display_modes(request) -> set[str]:
    """The modes the reader switched on, remembered in a cookie (no account needed)."""
    raw = request.COOKIES.get(DISPLAY_COOKIE, "")
    return {m for m in raw.split(".") if m in MODES}


def error_report_url(request) -> str:
    """The national error-reporting service (我为政府网站找错), told which site and page."""
    base = settings.SITE_ERROR_REPORT_URL
    if not base:
        return ""
    query = {"url": settings.SITE_URL + request.path}
    if settings.SITE_ID_CODE:
        query = {"site_code": settings.SITE_ID_CODE, **query}
    return f"{base}?{urlencode(query)}"


def canonical(request) -> str:
    """The page's one address: the path, with the page number past the first page."""
    page = request.GET.get("page", "")
    suffix = f"?page={page}" if page.isdigit() and page != "1" else ""
    return settings.SITE_URL + request.path + suffix


def feed_link(request) -> dict | None:
    """The Atom feed a page announces: its agency's, its catalog column's, its search's."""
    match = getattr(request, "resolver_match", None)
    if match is None or match.namespace != "portal":
        return None
    if match.url_name == "agency":
        return {
            "href": reverse("portal:agency_feed", kwargs=match.kwargs),
            "title": "本机关最新信息",
        }
    if match.url_name == "category":
        return {
            "href": reverse("portal:category_feed", kwargs=match.kwargs),
            "title": "本栏目最新信息",
        }
    if match.url_name == "search":
        params = request.GET.copy()
        params.pop("page", None)
        params.pop("order", None)
        query = params.urlencode()
        href = reverse("portal:search_feed") + (f"?{query}" if query else "")
        return {"href": href, "title": "本次检索的最新结果"}
    return None


def site(request) -> dict:
    modes = display_modes(request)
    return {
        "site": {
            "name": settings.SITE_NAME,
            "sponsor": settings.SITE_SPONSOR,
            "contact": settings.SITE_CONTACT,
            "id_code": settings.SITE_ID_CODE,
            "icp": settings.SITE_ICP,
            "psb": settings.SITE_PSB,
            "psb_code": "".join(ch for ch in settings.SITE_PSB if ch.isdigit()),
            "conac_url": settings.SITE_CONAC_URL,
            "error_report_url": error_report_url(request),
            "canonical": canonical(request),
        },
        "feed": feed_link(request),
        "display_modes": modes,
        "elder_mode": "elder" in modes,
        "contrast_mode": "contrast" in modes,
    }
