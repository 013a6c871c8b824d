from django.urls import path

from gongkai import edge  # noqa: F401  (the year and id URL converters)

from . import views

app_name = "holidays"
urlpatterns = [
    path("", views.schedules, name="schedules"),
    path("<year:year>/", views.schedule_text, name="schedule_text"),
    path("<year:year>/delete/", views.schedule_delete, name="schedule_delete"),
]
