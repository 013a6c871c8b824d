from django.urls import path

from . import views_portal as v

app_name = "library"
urlpatterns = [
    path("a/<slug:slug>/interpretations/", v.interpretations, name="interpretations"),
]
