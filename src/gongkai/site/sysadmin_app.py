"""Django's admin app, with the site of `sysadmin.py` (kept apart: an app config module
is imported before the models exist)."""

from django.contrib.admin.apps import AdminConfig


class SysAdminConfig(AdminConfig):
    default_site = "gongkai.site.sysadmin.SysAdminSite"
