from django.urls import path

from . import panels
from . import views as i
from . import views_catalog as c
from . import views_screening as s
from . import views_signoff as sg

app_name = "publishing"
urlpatterns = [
    path("items/", i.items, name="items"),
    path("items/<str:code>/", i.item_detail, name="item"),
    path("items/<str:code>/edit/", i.item_edit, name="item_edit"),
    path("items/<str:code>/submit/", i.item_submit, name="item_submit"),
    path("items/<str:code>/review/", i.item_review, name="item_review"),
    path("items/<str:code>/publish/", i.item_publish, name="item_publish"),
    path("items/<str:code>/withdraw/", i.item_withdraw, name="item_withdraw"),
    path("items/<str:code>/repeal/", i.item_repeal, name="item_repeal"),
    path("items/<str:code>/expire/", i.item_expire, name="item_expire"),
    path("items/<str:code>/revise/", i.item_revise, name="item_revise"),
    path("items/<str:code>/attachments/", i.attachment_add, name="attachment_add"),
    path(
        "items/<str:code>/attachments/<str:attachment>/",
        i.attachment_download,
        name="attachment_download",
    ),
    path(
        "items/<str:code>/attachments/<str:attachment>/delete/",
        i.attachment_delete,
        name="attachment_delete",
    ),
    path("items/<str:code>/screening/", s.screen_again, name="item_screen"),
    path("items/<str:code>/screening/acknowledge/", s.acknowledge, name="finding_acknowledge"),
    path("items/<str:code>/screening/mask/", s.mask_finding, name="finding_mask"),
    path(
        "items/<str:code>/attachments/<str:attachment>/mask/",
        s.mask_attachment,
        name="attachment_mask",
    ),
    path("a/<slug:slug>/items/new/", i.item_create, name="item_create"),
    path("a/<slug:slug>/words/", s.words, name="words"),
    path("a/<slug:slug>/words/delete/", s.word_delete, name="word_delete"),
    path("a/<slug:slug>/catalog/", c.catalog, name="catalog"),
    path("a/<slug:slug>/catalog/<str:code>/", c.category_edit, name="category_edit"),
    path("a/<slug:slug>/catalog/<str:code>/delete/", c.category_delete, name="category_delete"),
    path("a/<slug:slug>/guide/", c.guide, name="guide"),
    path("items/<str:code>/sign/", sg.item_sign, name="item_sign"),
    path("items/<str:code>/schedule/", sg.item_schedule, name="item_schedule"),
    path("a/<slug:slug>/signoff/", sg.chain, name="signoff"),
    path("supervision/", panels.supervision, name="supervision"),
]
