from django.urls import path

from . import views

app_name = "holidays"
urlpatterns = [
    path("", views.schedules, name="schedules"),
    path("<int:year>/", views.schedule_text, name="schedule_text"),
    path("<int:year>/delete/", views.schedule_delete, name="schedule_delete"),
]
