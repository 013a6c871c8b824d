"""The one workflow kit every app uses: moves as data, one way to make them, one error.

A model with a workflow holds its moves as data (`WORKFLOW`, a `Workflow` of named
`Transition`s), so they can be read, tested and drawn. An action makes a move in two
steps, after Wagtail's check-then-execute:

    move = workflow.begin(item, "submit", acting_user=user, comment=comment)
    item = move.obj            # the row, locked for the rest of the transaction
    ...                        # the action's own checks and changes
    return move.finish(data={...})

`begin()` locks the row and checks the acting user's role, the source state and the
comment; `finish()` sets the target state, saves the row and writes the audit row. No
other code assigns a state (a test walks the tree to make sure). Both run inside the
action's transaction. The state is the model's `status`, or the field its workflow
names (a case's `result`).

`ActionError` is the one error the actions raise for what the rules do not allow; its
message is for users and `field` names the form input it belongs next to
(`show_on_form`). A model with a workflow provides `roles_of(user)` (the roles the user
holds over it) and may refuse a move its state alone would allow (`excludes_move`).

Public URLs never show a primary key: records carry a random code (`random_code`).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils import timezone

from gongkai.audit.log import record

NO_ROLE = "您在该机关没有这项操作的权限。"


def random_code() -> str:
    """Twelve lower-case letters and digits, for public URLs."""
    return secrets.token_urlsafe(9).replace("-", "x").replace("_", "y").lower()


class ActionError(Exception):
    """A change the rules, the state or the input do not allow; the message is for users.

    `field` names the form input the message belongs next to; `details` lists the
    individual problems when there are several (each a sentence for users).
    """

    def __init__(self, message: str, field: str | None = None, details: Iterable[str] = ()):
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = list(details)


def show_on_form(form, error: ActionError) -> None:
    """Put the error next to its field, or above the form when the field is not on it."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


@dataclass(frozen=True)
class Transition:
    """One move: the states it leaves from, the state it reaches, who may make it."""

    sources: tuple[str, ...]
    target: str | None  # None: the state stays as it is
    roles: tuple[str, ...]
    label: str  # its name in the interface and the audit log
    needs_comment: bool = False
    outcome: str = ""  # the outcome a move closes with, where that is fixed
    offered: bool = True  # offered as a move in the interface (False: made by another move)
    audit_as: str = ""  # the audit action's name when it is not the move's

    def reaches(self, source: str) -> str:
        return self.target or source


@dataclass(frozen=True)
class Workflow:
    """A model's moves by name; `name` prefixes the audit actions (`item.submit`), and
    `field` is the model field that holds the state."""

    name: str
    transitions: Mapping[str, Transition] = field(default_factory=dict)
    field: str = "status"

    def __getitem__(self, move: str) -> Transition:
        return self.transitions[move]

    def allowed(self, status: str, roles: Iterable[str]) -> dict[str, Transition]:
        """The moves these roles may make from this state, by name, in the data's order."""
        held = set(roles)
        return {
            name: t
            for name, t in self.transitions.items()
            if status in t.sources and held & set(t.roles)
        }

    def audit_action(self, move: str) -> str:
        return f"{self.name}.{self.transitions[move].audit_as or move}"

    def audit_labels(self) -> dict[str, str]:
        """Audit action -> label, for `gongkai.audit.labels.register`."""
        return {
            self.audit_action(move): t.label
            for move, t in self.transitions.items()
            if not t.audit_as
        }

    def state_of(self, obj) -> str:
        return getattr(obj, self.field)


class WorkflowModel:
    """What the kit needs of a model: its state field (`WORKFLOW.field`), `agency`,
    `updated_at`, `WORKFLOW`, and `roles_of(user)`; mixed in before `models.Model`."""

    WORKFLOW: Workflow

    def roles_of(self, user) -> set[str]:
        raise NotImplementedError

    def excludes_move(self, name: str) -> bool:
        """True where this record may not make a move its state allows (none by default)."""
        return False

    def allowed_moves(self, roles: Iterable[str]) -> dict[str, Transition]:
        return {
            name: t
            for name, t in self.WORKFLOW.allowed(self.WORKFLOW.state_of(self), roles).items()
            if not self.excludes_move(name)
        }

    def offered_moves(self, roles: Iterable[str]) -> dict[str, Transition]:
        """The allowed moves the interface offers."""
        return {name: t for name, t in self.allowed_moves(roles).items() if t.offered}


def lock(obj: models.Model, *related: str) -> Any:
    """The row again, locked until the end of the transaction (the tables named stay
    unlocked), with `related` joined."""
    manager = type(obj)._default_manager
    return manager.select_for_update(of=("self",)).select_related(*related).get(pk=obj.pk)


def require(held: set[str], roles: Iterable[str], message: str = NO_ROLE) -> None:
    """PermissionDenied unless one of `roles` is held."""
    if not held & set(roles):
        raise PermissionDenied(message)


@dataclass
class Move:
    """A move begun on a locked row; `finish()` completes it."""

    obj: Any
    name: str
    transition: Transition
    source: str
    acting_user: Any
    comment: str
    at: datetime | None

    def instead(self, name: str) -> Move:
        """The move made as another of the model's moves (one the interface does not offer
        on its own, say), from the same state; checked like `begin()`."""
        transition = self.obj.WORKFLOW[name]
        require(self.obj.roles_of(self.acting_user), transition.roles)
        if self.source not in transition.sources:
            raise ActionError(f"当前状态不能{transition.label}。")
        return replace(self, name=name, transition=transition)

    def finish(self, *, data: dict | None = None, comment: str | None = None) -> Any:
        """Set the target state, save the row, and write the audit row; returns the row."""
        obj = self.obj
        workflow = obj.WORKFLOW
        setattr(obj, workflow.field, self.transition.reaches(self.source))
        obj.updated_at = self.at or timezone.now()
        obj.save()
        record(
            workflow.audit_action(self.name),
            target=obj,
            agency=obj.agency,
            acting_user=self.acting_user,
            from_state=self.source,
            to_state=workflow.state_of(obj),
            comment=self.comment if comment is None else comment,
            data=data,
            at=self.at,
        )
        return obj


def begin(
    obj: Any,
    name: str,
    *,
    acting_user,
    comment: str = "",
    at: datetime | None = None,
    related: tuple[str, ...] = ("agency",),
) -> Move:
    """Lock the row and check that this user may make this move from its state now.

    Raises PermissionDenied when the user holds none of the move's roles, and
    ActionError when the state does not allow it or a required comment is missing.
    """
    workflow = obj.WORKFLOW
    transition = workflow[name]
    require(obj.roles_of(acting_user), transition.roles)
    locked = lock(obj, *related)
    state = workflow.state_of(locked)
    if state not in transition.sources or locked.excludes_move(name):
        shown = getattr(locked, f"get_{workflow.field}_display")()
        raise ActionError(f"当前状态为“{shown}”，不能{transition.label}。")
    comment = (comment or "").strip()
    if transition.needs_comment and not comment:
        raise ActionError(f"{transition.label}需要填写意见或原因。", field="comment")
    return Move(locked, name, transition, state, acting_user, comment, at)
