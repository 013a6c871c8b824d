"""How audit rows read in Chinese. Each app registers its actions and states at start-up:

from gongkai.audit import labels
labels.register(actions={"item.submit": "提交审核"}, states={"submitted": "待审核"})
"""

from __future__ import annotations

ACTIONS: dict[str, str] = {}
STATES: dict[str, str] = {}


def register(actions: dict[str, str] | None = None, states: dict[str, str] | None = None):
    ACTIONS.update(actions or {})
    STATES.update(states or {})


def action(code: str) -> str:
    return ACTIONS.get(code, code)


def state(code: str) -> str:
    return STATES.get(code, code)
