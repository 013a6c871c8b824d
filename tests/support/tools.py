"""Tests that need a program from Debian: skipped on a developer's machine without it,
failed in CI (`.ci/run` sets CI=1 and installs every one), so they always run there."""

from __future__ import annotations

import os

import pytest


def require(present: bool, package: str) -> None:
    """Go on when `present`; otherwise skip, or fail in CI, naming the Debian `package`."""
    if present:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{package} is not installed in CI: .ci/run must install it")
    pytest.skip(f"{package} is not installed")
