"""部分公开 in real Chromium: the officer uploads the file to deliver, draws a box over a
third party's name on the page image, and gets the verified redacted file."""

from __future__ import annotations

import os
from datetime import date

import pypdfium2 as pdfium
import pytest

from gongkai.agencies.models import Membership, Role
from gongkai.applications import actions
from gongkai.applications.models import Redaction
from gongkai.redaction import find_marks
from tests.support.browser import browser, login  # noqa: F401  (the module's Chromium fixture)
from tests.support.personas import PERSON, build_world
from tests.test_redaction import NAME, _letter

pytestmark = pytest.mark.browser
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture
def world(transactional_db):
    world = build_world()
    Membership.objects.create(user=world.officer, agency=world.agency_a, role=Role.OFFICER)
    return world


def test_draw_a_box_over_a_name_and_get_the_verified_file(
    browser,  # noqa: F811
    live_server,
    world,
    tmp_path,
):
    application = actions.register(
        world.agency_a,
        acting_user=world.officer,
        channel="counter",
        handed_over_on=date(2026, 3, 2),
        **PERSON,
    )
    source = tmp_path / "答复附件.pdf"
    data = _letter()
    source.write_bytes(data)
    officer = login(browser, live_server, "officer")
    officer.goto(f"{live_server.url}/staff/applications/{application.code}/")
    officer.get_by_role("link", name="部分公开：遮盖不予公开的内容").click()
    officer.get_by_label("要提供的文件（PDF 或 Word）").set_input_files(str(source))
    officer.get_by_label("身份证号码").check()
    officer.get_by_role("button", name="开始遮盖处理").click()
    officer.get_by_text("已开始遮盖处理").wait_for()
    officer.get_by_text("已遮盖并通过验证").wait_for()

    officer.get_by_role("link", name="在页面上标记区域，重新处理").click()
    officer.get_by_label("新画区域的法律依据").select_option("第十五条")
    officer.get_by_label("说明").fill("第三方姓名")
    sheet = officer.locator('.redact-page[data-page="2"] img')
    sheet.scroll_into_view_if_needed()
    # polled from here: a string predicate is an eval, which the pages' CSP forbids
    for _ in range(100):
        if sheet.evaluate("image => image.complete && image.naturalWidth > 0"):
            break
        officer.wait_for_timeout(100)
    sheet.evaluate("image => image.scrollIntoView({block: 'start'})")  # the name is near the top
    name = next(m for m in find_marks(data, terms=[NAME]) if m.page == 2).box
    frame = sheet.bounding_box()
    scale = frame["width"] / 595.28  # A4 in points
    officer.mouse.move(frame["x"] + (name.x0 - 3) * scale, frame["y"] + (name.y0 - 3) * scale)
    officer.mouse.down()
    officer.mouse.move(
        frame["x"] + (name.x1 + 3) * scale, frame["y"] + (name.y1 + 3) * scale, steps=5
    )
    officer.mouse.up()
    regions = officer.get_by_label("遮盖的区域").input_value()
    assert regions.startswith("2 ") and regions.endswith("第十五条 第三方姓名")
    officer.get_by_role("button", name="按标记的区域重新遮盖").click()
    officer.get_by_text("已按标记的区域重新处理").wait_for()

    made = Redaction.objects.latest("pk")
    assert made.state == "verified", made.error
    assert made.bases == [{"basis": "第十五条", "boxes": 2}]  # the ID number and the box
    with made.output.open("rb") as f:
        doc = pdfium.PdfDocument(f.read())
    try:
        assert NAME not in doc[1].get_textpage().get_text_range()
    finally:
        doc.close()
