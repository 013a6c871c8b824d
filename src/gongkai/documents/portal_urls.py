from django.urls import path

from . import views_portal as v

app_name = "library"
urlpatterns = [
    path("a/<slug:slug>/interpretations/", v.interpretations, name="interpretations"),
    path("a/<slug:slug>/in-force/", v.in_force, name="in_force"),
    path("library/<str:code>.<str:filetype>", v.download, name="download"),
    path("cleanups/<str:code>/", v.cleanup_result, name="cleanup"),
]
