from django.urls import path

from gongkai import edge  # noqa: F401  (the year and id URL converters)

from . import views

app_name = "agencies"
urlpatterns = [
    path("agencies/", views.agencies, name="agencies"),
    path("a/<slug:slug>/", views.agency_profile, name="agency_profile"),
    path("a/<slug:slug>/members/", views.members, name="members"),
    path("a/<slug:slug>/members/<id:pk>/revoke/", views.member_revoke, name="member_revoke"),
    path("a/<slug:slug>/audit/", views.agency_audit, name="agency_audit"),
    path("audit/", views.audit, name="audit"),
]
