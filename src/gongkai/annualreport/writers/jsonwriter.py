"""The JSON contract writer (see docs/json-contract.md)."""

from __future__ import annotations

import json

from ..model import Finding, Report
from ..serialize import to_data


def render_json(report: Report, findings: list[Finding] | None = None) -> bytes:
    return json.dumps(to_data(report, findings), ensure_ascii=False, indent=1).encode("utf-8")
