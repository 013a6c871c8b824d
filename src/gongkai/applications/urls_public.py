from django.urls import path

from . import views_public as v

app_name = "apply"
urlpatterns = [
    path("apply/", v.choose, name="choose"),
    path("a/<slug:slug>/apply/", v.apply, name="apply"),
    path("a/<slug:slug>/apply/form.<str:kind>", v.blank, name="blank"),
    path("a/<slug:slug>/apply/suggest/", v.suggest, name="suggest"),
    path("apply/receipt/", v.receipt, name="receipt"),
    path("apply/status/", v.status, name="status"),
    path("apply/download/<str:token>/", v.download, name="download"),
    path("apply/status/<str:code>/correct/", v.correct, name="correct"),
]
