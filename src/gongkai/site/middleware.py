"""The site's edge: what every request goes through before any view.

- A body larger than REQUEST_MAX_BYTES (by its Content-Length) is a 413, before a byte
  of it is read.
- A NUL character in the path, a query or form value is a 400 (PostgreSQL cannot hold
  one: every page that filtered by such a value answered 500).
- The client's address (`gongkai.edge.client_ip`, from the trusted proxy's header) is
  given to the audit log, so its rows say where a change came from.
- A Content-Security-Policy: scripts only from our own files (the pages have no inline
  script), nothing from elsewhere, no framing, no plugins. Inline styles stay allowed:
  a published report's HTML carries its own style sheet.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpResponse

from gongkai import edge
from gongkai.audit.log import client_address

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


class EdgeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = getattr(settings, "CONTENT_SECURITY_POLICY", CONTENT_SECURITY_POLICY)

    def __call__(self, request):
        if edge.body_too_large(request, settings.REQUEST_MAX_BYTES):
            return HttpResponse(
                "请求内容过大。", status=413, content_type="text/plain; charset=utf-8"
            )
        if edge.has_nul(request):
            raise BadRequest("请求中含有空字符。")
        with client_address(edge.client_ip(request)):
            response = self.get_response(request)
        if self.policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy
        return response
