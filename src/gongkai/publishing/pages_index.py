"""The agency's guide and catalog as search entries (`entries.py`), kept in step by the
catalog actions."""

from __future__ import annotations

from django.urls import reverse

from . import entries
from .catalog import CatalogCategory, GuideVersion


def sync_guide(agency) -> None:
    guide = GuideVersion.objects.current_for(agency)
    if guide is None:
        entries.drop(f"guide:{agency.pk}")
        return
    entries.sync(
        f"guide:{agency.pk}",
        kind=entries.SearchEntry.Kind.GUIDE,
        agency=agency,
        title=f"{agency.name}政府信息公开指南",
        url=reverse("portal:guide", args=[agency.slug]),
        text="\n".join(f"{label}\n{text}" for label, text in guide.sections()),
        published_on=guide.created_at.date(),
    )


def sync_catalog(agency) -> None:
    categories = list(CatalogCategory.objects.active().filter(agency=agency))
    if not categories:
        entries.drop(f"catalog:{agency.pk}")
        return
    lines = [" ".join(filter(None, [c.name, c.description])) for c in categories]
    entries.sync(
        f"catalog:{agency.pk}",
        kind=entries.SearchEntry.Kind.CATALOG,
        agency=agency,
        title=f"{agency.name}政府信息公开目录",
        url=reverse("portal:catalog", args=[agency.slug]),
        text="\n".join(lines),
    )


def rebuild() -> None:
    from gongkai.agencies.models import Agency

    for agency in Agency.objects.all():
        sync_guide(agency)
        sync_catalog(agency)
