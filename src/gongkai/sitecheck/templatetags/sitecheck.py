"""`{% sitecheck_cell agency %}`: an agency's latest inspection result, for other boards."""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from ..models import SiteCheck

register = template.Library()


@register.simple_tag
def sitecheck_cell(agency) -> str:
    latest = SiteCheck.objects.filter(agency=agency).order_by("-checked_at", "-pk").first()
    if latest is None:
        return mark_safe('<span class="meta">尚未检查</span>')
    url = reverse("sitecheck:board") + f"#agency-{agency.slug}"
    if latest.failing:
        return format_html('<a class="late" href="{}">单项否决{}个</a>', url, latest.failing)
    if latest.findings:
        return format_html('<a href="{}">{}个问题</a>', url, len(latest.findings))
    return format_html('<a href="{}">未发现问题</a>', url)
