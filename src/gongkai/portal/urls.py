from django.urls import path

from . import feeds, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search_view, name="search"),
    path("search/feed/", feeds.SearchFeed(), name="search_feed"),
    path("a/<slug:slug>/feed/", feeds.AgencyFeed(), name="agency_feed"),
    path("a/<slug:slug>/catalog/<str:code>/feed/", feeds.CategoryFeed(), name="category_feed"),
    path("display/", views.display, name="display"),
    path("i/<str:code>/", views.item, name="item"),
    path("i/<str:code>/files/<str:attachment>/", views.attachment, name="attachment"),
    path("a/<slug:slug>/", views.agency, name="agency"),
    path("a/<slug:slug>/guide/", views.guide, name="guide"),
    path("a/<slug:slug>/rules/", views.rules, name="rules"),
    path("a/<slug:slug>/catalog/", views.catalog, name="catalog"),
    path("a/<slug:slug>/catalog/<str:code>/", views.category, name="category"),
    path("a/<slug:slug>/reports/", views.reports, name="reports"),
]
