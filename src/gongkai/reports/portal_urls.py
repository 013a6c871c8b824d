from django.urls import path

from gongkai import edge  # noqa: F401  (the year and id URL converters)

from . import views_portal

app_name = "annual"
urlpatterns = [
    path("a/<slug:slug>/reports/<year:year>/", views_portal.year_page, name="year"),
    path("reports/v/<str:code>/", views_portal.version_page, name="version"),
    path("reports/v/<str:code>/download/<str:filetype>/", views_portal.download, name="download"),
]
