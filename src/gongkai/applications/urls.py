from django.urls import path

from . import views as v
from . import views_ledger as lg
from . import views_letters as lt
from . import views_moves as m
from . import views_redaction as rd

app_name = "applications"
urlpatterns = [
    path("", v.desk_view, name="desk"),
    path("agencies/", v.supervision, name="agencies"),
    path("export/", lg.export, name="export"),
    path("discard/", m.discard_many, name="discard_many"),
    path("a/<slug:slug>/register/", v.register, name="register"),
    path("a/<slug:slug>/import/", lg.import_ledger, name="import"),
    path("a/<slug:slug>/letters/", lt.templates, name="templates"),
    path("a/<slug:slug>/letters/layout/", lt.layout, name="layout"),
    path("a/<slug:slug>/letters/<str:kind>/", lt.template_edit, name="template_edit"),
    path("<str:code>/", v.detail, name="detail"),
    path("<str:code>/personal/", v.personal, name="personal"),
    path("<str:code>/messages/<int:message>/resend/", v.resend, name="resend"),
    path("<str:code>/assign/", m.assign, name="assign"),
    path("<str:code>/publicise/", m.publicise, name="publicise"),
    path("<str:code>/letters/<str:letter>/", v.letter_download, name="letter"),
    path("<str:code>/letters/<str:letter>/service/", m.service, name="service"),
    path("<str:code>/files/<str:attachment>/", v.file_download, name="file"),
    path("<str:code>/redactions/", rd.redaction_list, name="redactions"),
    path("<str:code>/redactions/<str:redaction>/", rd.redaction_download, name="redaction_file"),
    path("<str:code>/redactions/<str:redaction>/mark/", rd.redaction_mark, name="redaction_mark"),
    path(
        "<str:code>/redactions/<str:redaction>/preview/",
        rd.redaction_preview,
        name="redaction_preview",
    ),
    *(path(f"<str:code>/{name}/", view, name=name) for name, view in m.VIEWS.items()),
]
