from django.urls import path

from . import views

app_name = "sitecheck"
urlpatterns = [
    path("", views.board, name="board"),
]
