"""What every page's frame needs: the identification footer and the reader's display mode."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings

DISPLAY_COOKIE = "gk_display"
MODES = ("elder", "contrast")  # 长者模式 (larger type and controls), high contrast


def display_modes(request) -> set[str]:
    """The modes the reader switched on, remembered in a cookie (no account needed)."""
    raw = request.COOKIES.get(DISPLAY_COOKIE, "")
    return {m for m in raw.split(".") if m in MODES}


def error_report_url(request) -> str:
    """The national error-reporting service (我为政府网站找错), told which site and page."""
    base = settings.SITE_ERROR_REPORT_URL
    if not base:
        return ""
    query = {"url": settings.SITE_URL + request.path}
    if settings.SITE_ID_CODE:
        query = {"site_code": settings.SITE_ID_CODE, **query}
    return f"{base}?{urlencode(query)}"


def site(request) -> dict:
    modes = display_modes(request)
    return {
        "site": {
            "name": settings.SITE_NAME,
            "sponsor": settings.SITE_SPONSOR,
            "contact": settings.SITE_CONTACT,
            "id_code": settings.SITE_ID_CODE,
            "icp": settings.SITE_ICP,
            "psb": settings.SITE_PSB,
            "psb_code": "".join(ch for ch in settings.SITE_PSB if ch.isdigit()),
            "conac_url": settings.SITE_CONAC_URL,
            "error_report_url": error_report_url(request),
            "canonical": settings.SITE_URL + request.path,
        },
        "display_modes": modes,
        "elder_mode": "elder" in modes,
        "contrast_mode": "contrast" in modes,
    }
