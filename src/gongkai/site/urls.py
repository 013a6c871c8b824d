from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.cache import never_cache

from gongkai.portal import sitemaps, web


@never_cache
def healthz(request):
    """For load balancers: the process answers and the database does too."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("robots.txt", web.robots, name="robots"),
    path("favicon.ico", web.favicon, name="favicon"),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    path("sitemap-<section>.xml", sitemaps.section, name="sitemaps"),
    path("sysadmin/", admin.site.urls),
    path("staff/", include("gongkai.accounts.urls")),
    path("staff/appeals/", include("gongkai.appeals.urls")),
    path("staff/reports/", include("gongkai.reports.urls")),
    path("staff/scoring/", include("gongkai.scoring.urls")),
    path("staff/", include("gongkai.backoffice.urls")),
    path("staff/", include("gongkai.publishing.urls")),
    path("staff/", include("gongkai.documents.urls")),
    path("staff/", include("gongkai.agencies.urls")),
    path("staff/calendar/", include("gongkai.holidays.urls")),
    path("staff/jobs/", include("gongkai.jobs.urls")),
    path("staff/sitecheck/", include("gongkai.sitecheck.urls")),
    path("staff/applications/", include("gongkai.applications.urls")),
    path("", include("gongkai.api.urls")),
    path("", include("gongkai.applications.urls_public")),
    path("", include("gongkai.reports.portal_urls")),
    path("", include("gongkai.documents.portal_urls")),
    path("", include("gongkai.portal.urls")),
]

handler403 = "gongkai.site.errors.forbidden"
handler404 = "gongkai.site.errors.not_found"
handler500 = "gongkai.site.errors.server_error"
