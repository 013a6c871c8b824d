from django.urls import path

from . import views as v

app_name = "documents"
urlpatterns = [
    path("documents/", v.register, name="register"),
    path("documents/<str:code>/", v.detail, name="document"),
    path("documents/<str:code>/edit/", v.edit, name="document_edit"),
    path("documents/<str:code>/confirm/", v.confirm, name="document_confirm"),
    path("a/<slug:slug>/documents/new/", v.create, name="document_create"),
    path("a/<slug:slug>/documents/import/", v.import_view, name="import"),
    path("a/<slug:slug>/documents/register.xlsx", v.export, name="export"),
]
