"""The nightly bulk dump: every public item, one JSON object a line (the API's item
detail), gzipped; written to a temporary file and renamed, so a download never sees a
half-written dump. `gongkai manage api_dump` writes it (cron, nightly)."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder

from gongkai.publishing.models import Item

from . import rows


def path() -> Path:
    return Path(settings.DATA_DIR) / "api" / "items.jsonl.gz"


def write() -> int:
    """Write the dump; returns the number of items."""
    target = path()
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_suffix(".tmp")
    count = 0
    items = (
        Item.objects.public()
        .select_related("agency", "category")
        .prefetch_related("attachments")
        .order_by("published_on", "pk")
    )
    with gzip.open(temporary, "wt", encoding="utf-8") as out:
        for item in items.iterator(chunk_size=1000):
            out.write(
                json.dumps(rows.item(item, detail=True), cls=DjangoJSONEncoder, ensure_ascii=False)
            )
            out.write("\n")
            count += 1
    os.replace(temporary, target)
    return count
