"""What comes in from the network, checked once where it enters.

- `client_ip(request)`: the client's address; behind a trusted proxy, the last hop the
  proxy added to X-Forwarded-For, parsed (a port or junk never reaches the database).
- `bounded_int(value, low, high)`: a number from a query string, ASCII digits only and
  within bounds (superscripts and 20-digit years are None, not a 500).
- The URL converters `year` (four digits) and `id` (at most 18 digits), so a path with a
  number the database cannot hold is a 404 before any view runs.
- `has_nul(request)`: a NUL character in the path, a query or form value (PostgreSQL
  cannot store or compare one: it was a 500 on every page that filters by a value).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import connection, transaction
from django.urls import register_converter

_DIGITS = re.compile(r"[0-9]{1,18}")


def bounded_int(value: object, low: int, high: int) -> int | None:
    """`value` as an int when it is 1-18 ASCII digits (an optional leading minus for a
    negative `low`) within [low, high]; otherwise None."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    negative = text.startswith("-") and low < 0
    if negative:
        text = text[1:]
    if not _DIGITS.fullmatch(text):
        return None
    number = -int(text) if negative else int(text)
    return number if low <= number <= high else None


def parse_ip(value: str) -> str | None:
    """The address in `value` ("1.2.3.4", "1.2.3.4:5678", "[::1]:80", "::1"), normalised,
    or None when it is not one."""
    text = value.strip()
    if text.startswith("["):  # [v6]:port
        text = text[1 : text.find("]")] if "]" in text else ""
    elif text.count(":") == 1:  # v4:port
        text = text.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        return None


def trusted_proxies() -> set[str]:
    return {p.strip() for p in settings.FORWARDED_ALLOW_IPS.split(",") if p.strip()}


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind a trusted proxy the last hop it added
    to X-Forwarded-For. A hop that is not an address is not trusted: the proxy's own
    address stands instead (so a broken header never escapes the per-address limits)."""
    if request is None:
        return None
    remote = parse_ip(request.META.get("REMOTE_ADDR") or "")
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if remote is not None and forwarded and remote in trusted_proxies():
        return parse_ip(forwarded.split(",")[-1]) or remote
    return remote


def body_too_large(request, limit: int) -> bool:
    """Whether the request announces a body larger than `limit` bytes (or a length that
    is not a number)."""
    length = request.META.get("CONTENT_LENGTH") or "0"
    size = bounded_int(length, 0, 1 << 62)
    return size is None or size > limit


@contextmanager
def serialized(*keys: str) -> Iterator[None]:
    """A transaction that only one process at a time runs for each of `keys`: a rate
    limit counts and records an attempt inside it, so racing requests cannot all pass
    the same count. PostgreSQL: transaction-scoped advisory locks, taken in a fixed
    order; SQLite: a writing transaction already runs alone (IMMEDIATE mode)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                for key in sorted(set(keys)):
                    cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [key])
        yield


def has_nul(request) -> bool:
    if "\x00" in request.path or "\x00" in request.path_info:
        return True
    for query in (request.GET, request.POST if request.method == "POST" else None):
        if query is None:
            continue
        for key, values in query.lists():
            if "\x00" in key or any("\x00" in v for v in values):
                return True
    return False


class YearConverter:
    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int | str) -> str:
        return f"{int(value):04d}"


class IdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int | str) -> str:
        return str(int(value))


register_converter(YearConverter, "year")
register_converter(IdConverter, "id")
