from django.urls import path

from . import views

app_name = "jobs"
urlpatterns = [
    path("<str:code>/", views.job_page, name="job"),
    path("<str:code>/status/", views.job_status, name="status"),
    path("<str:code>/files/<str:key>/", views.job_file, name="file"),
]
