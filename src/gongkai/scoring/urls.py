from django.urls import path

from . import views

app_name = "scoring"
urlpatterns = [
    path("", views.ranking, name="ranking"),
    path("export/", views.ranking_export, name="ranking_export"),
    path("close/", views.close, name="close"),
    path("a/<slug:slug>/<int:year>/", views.sheet, name="sheet"),
    path("a/<slug:slug>/<int:year>/export/<str:filetype>/", views.sheet_export, name="export"),
    path("a/<slug:slug>/<int:year>/ledger/", views.ledger, name="ledger"),
    path("a/<slug:slug>/<int:year>/manual/<str:indicator>/", views.manual, name="manual"),
    path("a/<slug:slug>/<int:year>/evidence/<str:indicator>/", views.evidence, name="evidence"),
]
