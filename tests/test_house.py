"""The house's rules that a reader of the code relies on, checked on the code itself."""

from __future__ import annotations

import ast
from pathlib import Path

import gongkai
from gongkai.appeals.models import Case
from gongkai.applications.models import Application
from gongkai.publishing.models import Item
from gongkai.reports.models import AnnualReport

SRC = Path(gongkai.__file__).resolve().parent
WORKFLOW_MODELS = (Item, Application, AnnualReport, Case)


def _assigned_attributes(tree: ast.AST):
    """(attribute name, line) of every `x.attr = ...`, tuple targets and setattr() included."""
    for node in ast.walk(tree):
        targets = []
        if isinstance(node, ast.Assign):
            targets = node.targets
        elif isinstance(node, ast.AugAssign | ast.AnnAssign):
            targets = [node.target]
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Name)
            and node.func.id == "setattr"
            and len(node.args) >= 2
            and isinstance(node.args[1], ast.Constant)
        ):
            yield node.args[1].value, node.lineno
        for target in targets:
            elements = target.elts if isinstance(target, ast.Tuple) else [target]
            for element in elements:
                if isinstance(element, ast.Attribute):
                    yield element.attr, element.lineno


def test_no_code_but_the_workflow_kit_assigns_a_state():
    """Every state change goes through gongkai.workflow (begin/finish): no other module
    assigns a workflow's state field (`status`; a case's `result` in the appeals app)."""
    fields = {}
    for model in WORKFLOW_MODELS:
        package = model.__module__.split(".")[1]
        fields.setdefault(model.WORKFLOW.field, set()).add(package)
    found = []
    for path in SRC.rglob("*.py"):
        relative = path.relative_to(SRC)
        if relative.parts[0] == "workflow.py" or "migrations" in relative.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name, line in _assigned_attributes(tree):
            if name == "status" or (name in fields and relative.parts[0] in fields[name]):
                found.append(f"{relative}:{line} assigns .{name}")
    assert not found, "\n".join(found)


def test_the_kit_is_the_only_transition_type():
    from gongkai import workflow

    for model in WORKFLOW_MODELS:
        for transition in model.WORKFLOW.transitions.values():
            assert type(transition) is workflow.Transition
