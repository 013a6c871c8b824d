"""What the apps share about their records: random public codes, and moves as data.

Public URLs never show a primary key: records carry a random code instead. A
workflow is a mapping from move names to `Transition`s, so it can be read, tested
and drawn.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass


def random_code() -> str:
    """Twelve lower-case letters and digits, for public URLs."""
    return secrets.token_urlsafe(9).replace("-", "x").replace("_", "y").lower()


@dataclass(frozen=True)
class Transition:
    sources: tuple[str, ...]  # the states the move leaves from
    target: str  # the state it reaches
    roles: tuple[str, ...]  # who may make it
    label: str  # its name in the interface
    needs_comment: bool = False
