"""Error pages a person can read, in Chinese, with what to do next; 403 logged in one line."""

from __future__ import annotations

import logging

from django.test import RequestFactory

from gongkai.site import errors


def test_a_missing_page_in_the_portals_look(world, client_for):
    response = client_for("anonymous").get("/i/NO-SUCH-ITEM/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page and "返回门户首页" in page and "搜索公开信息" in page
    assert "No " not in page and "matches the given query" not in page


def test_our_own_404_reason_is_shown(world, client_for):
    page = client_for("anonymous").get("/apply/download/forged/").content.decode()
    assert "下载链接已失效，请重新查询后下载。" in page and "重新输入查询码" in page


def test_staff_see_the_back_offices_look_and_the_reason_of_a_refusal(world, client_for, caplog):
    caplog.set_level(logging.WARNING, logger="django.request")
    response = client_for("reviewer").get("/staff/applications/a/agency-a/register/")
    page = response.content.decode()
    assert response.status_code == 403
    assert "没有权限" in page and "您没有这项操作的权限。" in page and "返回工作台" in page
    assert "退出" in page  # the back office's header
    records = [r for r in caplog.records if getattr(r, "status_code", None) == 403]
    assert records and all(r.exc_info is None for r in records)
    formatted = logging.Formatter().format(records[0])
    assert "\n" not in formatted and "Traceback" not in formatted


def test_a_server_error_page_needs_nothing_that_could_be_broken():
    response = errors.server_error(RequestFactory().get("/"))
    page = response.content.decode()
    assert response.status_code == 500 and "系统暂时出错" in page and "申请查询" in page
