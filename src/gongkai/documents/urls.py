from django.urls import path

from . import views as v
from . import views_cleanup as c
from . import views_supervision as s

app_name = "documents"
urlpatterns = [
    path("documents/", v.register, name="entries"),
    path("documents/<str:code>/", v.detail, name="document"),
    path("documents/<str:code>/edit/", v.edit, name="document_edit"),
    path("documents/<str:code>/confirm/", v.confirm, name="document_confirm"),
    path("a/<slug:slug>/documents/new/", v.create, name="document_create"),
    path("a/<slug:slug>/documents/import/", v.import_view, name="import"),
    path("a/<slug:slug>/documents/register.xlsx", v.export, name="export"),
    path("cleanups/", c.cleanups, name="cleanups"),
    path("cleanups/new/", c.cleanup_open, name="cleanup_open"),
    path("cleanups/finish/", c.cleanup_finish, name="cleanup_finish"),
    path("cleanups/<str:code>/", c.cleanup_detail, name="cleanup"),
    path("cleanups/<str:code>/decide/", c.cleanup_decide, name="cleanup_decide"),
    path("documents-supervision/", s.supervision, name="policy_supervision"),
]
