"""Which audit comments a reader may see.

The audit log stores no personal data in its own text (an application is named by its
code), but the comments written on some objects (an officer's note on an application)
may speak of people: they are shown only to those who may open the object itself. The
app that owns the object registers a guard in its `AppConfig.ready()`:

    privacy.register("applications.application", guard)

`guard(user, events)` returns the primary keys of those events (all of that target type)
whose comment the user may read. Events of a type with no guard show their comments to
everyone who sees the event. `shown(user, events)` sets `event.shown_comment` on each
event of a page (the comment, or "" when this reader may not see it).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable

Guard = Callable[[object, list], set[int]]

_guards: dict[str, Guard] = {}


def register(target_type: str, guard: Guard) -> None:
    _guards[target_type] = guard


def guarded_types() -> set[str]:
    return set(_guards)


def shown(user, events: Iterable) -> list:
    """The events, each with `shown_comment` set for this reader."""
    events = list(events)
    by_type: dict[str, list] = defaultdict(list)
    for event in events:
        if event.target_type in _guards and event.comment:
            by_type[event.target_type].append(event)
    allowed: set[int] = set()
    for target_type, group in by_type.items():
        allowed |= _guards[target_type](user, group)
    for event in events:
        guarded = event.target_type in _guards
        event.shown_comment = event.comment if not guarded or event.pk in allowed else ""
    return events
