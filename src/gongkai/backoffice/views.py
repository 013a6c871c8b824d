"""The shell's one page: 待办, the dashboard every app adds its panel to."""

from __future__ import annotations

from django.shortcuts import render

from . import nav
from .access import staff_view


@staff_view()
def dashboard(request):
    shown = [html for panel in nav.panels() if (html := panel.render(request))]
    return render(request, "backoffice/dashboard.html", {"panels": shown})
