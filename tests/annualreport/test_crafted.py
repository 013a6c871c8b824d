"""Crafted inputs for variants the samples do not show (tests/data/annualreport/crafted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai import annualreport as ar

from .expected import cases, check_expected, expected_for


@pytest.mark.parametrize("path", cases("crafted"), ids=lambda p: p.name)
def test_crafted_reads_as_expected(path: Path) -> None:
    check_expected(ar.read(path), expected_for(path))
