"""Rate limit of the open data API: at most API_RATE_LIMIT requests per address within a
window of API_RATE_WINDOW_SECONDS; beyond it, 429 with Retry-After (the seconds left in
the window). The address is the one the tracking page uses (behind the trusted proxy,
the hop it added)."""

from __future__ import annotations

import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.http import JsonResponse

from gongkai.applications.lookup import client_ip

from .models import ApiUsage

PREFIX = "/api/"


def count_request(ip: str) -> tuple[int, int]:
    """Count one request from the address; (requests in this window, seconds left)."""
    now = time.time()
    size = settings.API_RATE_WINDOW_SECONDS
    window = int(now // size) * size
    for _ in range(2):
        updated = ApiUsage.objects.filter(ip=ip, window=window).update(count=F("count") + 1)
        if updated:
            break
        try:
            with transaction.atomic():
                ApiUsage.objects.create(ip=ip, window=window, count=1)
            break
        except IntegrityError:  # another process created it first: count again
            continue
    count = ApiUsage.objects.filter(ip=ip, window=window).values_list("count", flat=True).first()
    return count or 1, max(1, int(window + size - now + 0.999))


def purge() -> int:
    """Forget windows older than an hour."""
    cutoff = int(time.time()) - max(3600, settings.API_RATE_WINDOW_SECONDS * 2)
    return ApiUsage.objects.filter(window__lt=cutoff).delete()[0]


class RateLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not request.path.startswith(PREFIX):
            return self.get_response(request)
        count, left = count_request(client_ip(request) or "unknown")
        limit = settings.API_RATE_LIMIT
        if count > limit:
            response = JsonResponse(
                {
                    "detail": f"请求过于频繁：每个地址每{settings.API_RATE_WINDOW_SECONDS}秒最多{limit}次，请{left}秒后再试。"
                },
                status=429,
                json_dumps_params={"ensure_ascii": False},
            )
            response["Retry-After"] = str(left)
        else:
            response = self.get_response(request)
        response["X-RateLimit-Limit"] = str(limit)
        response["X-RateLimit-Remaining"] = str(max(0, limit - count))
        return response
