"""The public pages search finds besides items: each agency's guide and catalog, and
the annual reports (registered by the reports app), one `SearchEntry` each.

They are few (a handful per agency), so an entry keeps its index words in a plain
column, " word word ", and a query is matched with the database's substring test:
the same on SQLite and PostgreSQL, and fast at thousands of rows. An app keeps its
entries in step from its actions (`sync`, `drop`) and registers a function that
re-creates them all for `search.rebuild()` (`register_source`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from django.db import models
from django.db.models import Q

from .query import Alternative, Query
from .words import index_terms

_SOURCES: list[Callable[[], None]] = []


class SearchEntry(models.Model):
    class Kind(models.TextChoices):
        GUIDE = "guide", "公开指南"
        CATALOG = "catalog", "公开目录"
        REPORT = "report", "年度报告"

    key = models.CharField(max_length=100, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="search_entries"
    )
    title = models.CharField(max_length=300)
    url = models.CharField(max_length=300)
    published_on = models.DateField(null=True, blank=True)
    text = models.TextField(blank=True)
    words = models.TextField(blank=True)

    class Meta:
        verbose_name = "检索条目"
        verbose_name_plural = "检索条目"
        ordering = ["kind", "agency", "-published_on"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return self.url


def register_source(rebuild: Callable[[], None]) -> None:
    """A function that re-creates all of an app's entries with `sync`."""
    if rebuild not in _SOURCES:
        _SOURCES.append(rebuild)


def sync(
    key: str,
    *,
    kind: str,
    agency,
    title: str,
    url: str,
    text: str,
    published_on: date | None = None,
) -> SearchEntry:
    """Create or replace the entry under `key` (call it inside the action)."""
    words = " " + " ".join(dict.fromkeys(index_terms(f"{title}\n{text}"))) + " "
    entry, _ = SearchEntry.objects.update_or_create(
        key=key,
        defaults={
            "kind": kind,
            "agency": agency,
            "title": title[:300],
            "url": url,
            "text": text,
            "words": words,
            "published_on": published_on,
        },
    )
    return entry


def drop(key: str) -> None:
    SearchEntry.objects.filter(key=key).delete()


def rebuild() -> None:
    SearchEntry.objects.all().delete()
    for source in _SOURCES:
        source()


def _alternative(alt: Alternative) -> Q:
    condition = Q()
    for term in alt.terms:
        condition &= Q(words__contains=f" {term} ")
    if alt.phrase:
        condition &= Q(title__contains=alt.phrase) | Q(text__contains=alt.phrase)
    return condition


def find(parsed: Query, agency_id: int | None = None, limit: int = 10) -> list[SearchEntry]:
    """The entries of public agencies that match the query, titles holding it first."""
    if parsed.empty:
        return []
    qs = SearchEntry.objects.filter(agency__is_active=True)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    for group in parsed.groups:
        either = Q()
        for alt in group:
            either |= _alternative(alt)
        qs = qs.filter(either)
    for alt in parsed.excluded:
        qs = qs.exclude(_alternative(alt))
    found = list(qs.select_related("agency").order_by("-published_on", "kind", "pk")[:200])

    def in_title(entry: SearchEntry) -> bool:
        return parsed.matches_terms(set(index_terms(entry.title)), entry.title)

    found.sort(key=lambda e: not in_title(e))
    return found[:limit]
