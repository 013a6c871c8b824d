"""Error pages a person can read: 403, 404 and 500 in Chinese, in the portal's look (or
the back office's, for staff there), with what to do next; a permission refusal shows its
own Chinese reason. `OneLineForbidden` keeps a 403 to one line in the log."""

from __future__ import annotations

import logging
import re

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import reverse

CJK = re.compile(r"[\u4e00-\u9fff]")


def _reason(exception, default: str) -> str:
    """The exception's message when it is one of ours (Chinese), else the default: Django's
    own English messages ("No Item matches the given query.") are not shown."""
    message = str(exception or "").strip()
    if exception is not None and exception.args:
        message = str(exception.args[0]).strip()
    return message if CJK.search(message) else default


def _page(request, status: int, title: str, reason: str, next_steps: list):
    staff = request.path.startswith("/staff/") and request.user.is_authenticated
    template = "errors/staff.html" if staff else "errors/public.html"
    context = {"status": status, "title": title, "reason": reason, "next_steps": next_steps}
    return render(request, template, context, status=status)


def _home(request) -> list:
    if request.path.startswith("/staff/") and request.user.is_authenticated:
        return [("返回工作台", reverse("backoffice:dashboard"))]
    return [("返回门户首页", reverse("portal:home")), ("搜索公开信息", reverse("portal:search"))]


def forbidden(request, exception=None):
    reason = _reason(exception, "您没有访问此页面或执行此操作的权限。")
    steps = [("如需这项权限，请联系本机关的系统管理员为您分配相应角色。", "")]
    if not request.user.is_authenticated:
        steps.insert(0, ("工作人员请先登录", reverse("accounts:login")))
    return _page(request, 403, "没有权限", reason, steps + _home(request))


def not_found(request, exception=None):
    reason = _reason(exception, "您访问的页面不存在，或已被删除、撤回。")
    steps = [("检查网址是否输入正确；", "")]
    if request.path.startswith("/apply/"):
        steps.append(("重新输入查询码和手机号码后四位查询申请", reverse("apply:status")))
    return _page(request, 404, "页面不存在", reason, steps + _home(request))


def server_error(request):
    """No context processors, no database: the page must render whatever broke."""
    return HttpResponseServerError(loader.get_template("500.html").render())


class OneLineForbidden(logging.Filter):
    """A 403 is an expected refusal: log its one line, without the traceback."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info, record.exc_text = None, None
        return True
