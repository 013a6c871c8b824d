"""The web's basics: robots.txt, /favicon.ico, and caching headers for public pages.

Compression of text (`TextGZipMiddleware`) and ETag/304 answers
(ConditionalGetMiddleware) are project-wide; `PublicCacheMiddleware` adds what lets a proxy or crawler keep a public
page for a while and revalidate it cheaply afterwards.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import FileResponse, Http404, HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

PUBLIC_MAX_AGE = 300  # seconds a shared cache may serve a public page before revalidating
PUBLIC_NAMESPACES = {"portal", "annual"}
# Pages that are not for crawlers: the staff side, the display switch, search result
# pages (every item is reachable through the sitemap) and the application forms.
DISALLOWED = ("/staff/", "/sysadmin/", "/display/", "/search/", "/apply/")


@require_safe
@cache_control(public=True, max_age=86400)
def robots(request):
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED)]
    lines += ["Allow: /", "", f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
@cache_control(public=True, max_age=7 * 86400)
def favicon(request):
    path = finders.find("gongkai/favicon.ico")
    if not path:
        raise Http404("favicon")
    return FileResponse(open(path, "rb"), content_type="image/vnd.microsoft.icon")


COMPRESSIBLE = ("text/", "application/xml", "application/atom+xml", "application/json", "image/svg")


class TextGZipMiddleware(GZipMiddleware):
    """Django's gzip (with its BREACH mitigation), for text only: attachments, reports
    and images are already compressed or not worth the CPU."""

    def process_response(self, request, response):
        if not response.get("Content-Type", "").startswith(COMPRESSIBLE):
            return response
        return super().process_response(request, response)


class PublicCacheMiddleware:
    """Public pages answered to an anonymous reader may be kept by shared caches for a
    few minutes; they vary with the cookie (display modes, a signed-in user's header).
    A response that sets a cookie or already says how to cache it is left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (
            request.method in ("GET", "HEAD")
            and response.status_code == 200
            and match is not None
            and (match.namespace in PUBLIC_NAMESPACES or match.url_name in ("sitemap", "sitemaps"))
            and not response.cookies
            and not response.has_header("Cache-Control")
        ):
            user = getattr(request, "user", None)
            if user is not None and user.is_authenticated:
                patch_cache_control(response, private=True, max_age=0)
            else:
                # Shared caches keep it a while; a browser revalidates each time (a cheap
                # 304), so switching a display mode shows at once.
                patch_cache_control(response, public=True, max_age=0, s_maxage=PUBLIC_MAX_AGE)
            patch_vary_headers(response, ["Cookie"])
        return response
