from django.urls import path

from . import views

app_name = "appeals"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("a/<slug:slug>/new/", views.case_create, name="create"),
    path("<str:case>/", views.case_detail, name="case"),
    path("<str:case>/edit/", views.case_edit, name="edit"),
    path("<str:case>/delete/", views.case_delete, name="delete"),
]
