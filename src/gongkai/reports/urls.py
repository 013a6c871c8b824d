from django.urls import path

from gongkai import edge  # noqa: F401  (the year and id URL converters)

from . import views, views_board, views_check, views_notice

app_name = "reports"
urlpatterns = [
    path("", views.index, name="index"),
    path("board/", views_board.board, name="board"),
    path("board/rollup/", views_board.rollup, name="rollup"),
    path("board/charts/", views_board.charts, name="charts"),
    path("board/similar/", views_board.similar, name="similar"),
    path("board/export/", views_board.export, name="board_export"),
    path("checks/", views_check.bulk_check_page, name="bulk_check"),
    path("checks/<str:code>/", views_check.results, name="check_results"),
    path("notice/<str:code>/", views_notice.notice, name="notice"),
    path("a/<slug:slug>/notice/", views_notice.send, name="notice_send"),
    path("notice/<str:code>/resolve/", views_notice.resolve, name="notice_resolve"),
    path("a/<slug:slug>/<year:year>/", views.report_page, name="report"),
    path("a/<slug:slug>/<year:year>/start/", views.start, name="start"),
    path("a/<slug:slug>/<year:year>/narrative/", views.narrative_edit, name="narrative"),
    path("a/<slug:slug>/<year:year>/refresh/", views.refresh, name="refresh"),
    path("a/<slug:slug>/<year:year>/figures/", views.figures_edit, name="figures"),
    path("a/<slug:slug>/<year:year>/check/", views.check, name="check"),
    path("a/<slug:slug>/<year:year>/publish/", views.publish, name="publish"),
    path("a/<slug:slug>/<year:year>/correct/", views.correct, name="correct"),
    path("a/<slug:slug>/<year:year>/return/", views.return_view, name="return"),
    path("a/<slug:slug>/<year:year>/cell/", views.cell, name="cell"),
    path("a/<slug:slug>/<year:year>/export/<str:filetype>/", views.export, name="export"),
    path("a/<slug:slug>/<year:year>/import/", views.import_view, name="import"),
]
