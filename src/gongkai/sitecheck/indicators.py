"""The indicator set, read from `indicators.toml` (or GONGKAI_SITECHECK_INDICATORS)."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

DEFAULT = Path(__file__).with_name("indicators.toml")


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    veto: bool
    threshold: int = 0
    days: int = 0


@cache
def _load(path: str) -> dict[str, Indicator]:
    with open(path, "rb") as f:
        data = tomllib.load(f)
    found = {}
    for row in data.get("indicator", []):
        ind = Indicator(
            id=str(row["id"]),
            name=str(row["name"]),
            veto=bool(row.get("veto", False)),
            threshold=int(row.get("threshold", 0)),
            days=int(row.get("days", 0)),
        )
        found[ind.id] = ind
    return found


def indicators() -> dict[str, Indicator]:
    return _load(str(getattr(settings, "SITECHECK_INDICATORS", "") or DEFAULT))
