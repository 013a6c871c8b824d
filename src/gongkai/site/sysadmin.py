"""The Django admin as the system administrators' tool, behind the site's one login.

Django's admin has a login page of its own; here it is not a door: it sends the visitor
to the staff login (`accounts:login`, with the lockout by account and by address) and
back. The admin answers superusers only: anyone else signed in gets 403.
"""

from __future__ import annotations

from functools import update_wrapper

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme


class SysAdminSite(admin.AdminSite):
    site_header = "公开系统 · 系统管理"
    site_title = "系统管理"

    def has_permission(self, request) -> bool:
        return request.user.is_active and request.user.is_superuser

    def login(self, request, extra_context=None):
        if request.user.is_authenticated:
            if self.has_permission(request):
                return admin.AdminSite.index(self, request)
            raise PermissionDenied("系统管理仅限系统管理员。")
        target = request.GET.get("next", "")
        if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
            target = ""
        return redirect_to_login(target or reverse("admin:index"), settings.LOGIN_URL)

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        def guarded(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
            if not self.has_permission(request):
                raise PermissionDenied("系统管理仅限系统管理员。")
            return inner(request, *args, **kwargs)

        return update_wrapper(guarded, inner)
