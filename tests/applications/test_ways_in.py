"""Ways in: the home page and every agency page lead to 依申请公开; the blank forms; the
privacy note; Back + 提交 keeps one application."""

from __future__ import annotations

import re
from io import BytesIO

from docx import Document

from gongkai.applications.models import Application
from tests.applications.test_public import FORM
from tests.support import challenge


def test_the_home_page_leads_to_applying_and_tracking(world, client_for):
    client = client_for("anonymous")
    home = client.get("/").content.decode()
    assert 'href="/apply/"' in home and 'href="/apply/status/"' in home
    choose = client.get("/apply/").content.decode()
    assert "西工区文化旅游局" in choose and 'href="/a/agency-a/apply/"' in choose
    assert 'href="/a/agency-a/guide/#applications"' in choose


def test_every_agency_page_offers_apply_track_guide_and_forms(world, client_for):
    page = client_for("anonymous").get("/a/agency-b/").content.decode()
    for href in (
        "/a/agency-b/apply/",
        "/apply/status/",
        "/a/agency-b/guide/#applications",
        "/a/agency-b/apply/form.docx",
        "/a/agency-b/apply/form.pdf",
    ):
        assert f'href="{href}"' in page, href


def test_the_blank_form_in_word_and_pdf(world, client_for):
    client = client_for("anonymous")
    response = client.get("/a/agency-a/apply/form.docx")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    doc = Document(BytesIO(response.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = {c.text for t in doc.tables for r in t.rows for c in r.cells}
    assert "政府信息公开申请表" in text and "受理机关：西工区文化旅游局" in text
    assert {"证件号码或统一社会信用代码", "所需信息的内容描述", "获取方式"} <= cells
    assert "个人信息保护说明" in text
    pdf = client.get("/a/agency-a/apply/form.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client.get("/a/agency-a/apply/form.exe").status_code == 404


def test_the_form_says_how_personal_data_are_used(world, client_for):
    page = client_for("anonymous").get("/a/agency-a/apply/").content.decode()
    assert "个人信息保护说明" in page and "一律遮盖显示" in page


def test_back_and_submit_returns_the_first_application(world, client_for):
    """The form page may be kept by the browser's history (not `no-store`), so Back shows
    the same form with the same token; its second submission returns the first receipt.
    A new visit gets a new token: the same request typed again is a new application."""
    client = client_for("anonymous")
    page = client.get("/a/agency-a/apply/")
    cache = page["Cache-Control"]
    assert "no-store" not in cache and "private" in cache and "no-cache" in cache
    token = re.search(r'name="token" value="([^"]+)"', page.content.decode()).group(1)
    first = client.post("/a/agency-a/apply/", {**FORM, "token": token})
    again = client.post("/a/agency-a/apply/", {**FORM, "token": token})
    assert first["Location"] == again["Location"] == "/apply/receipt/"
    assert Application.objects.count() == 1
    code = Application.objects.get().code
    assert code in client.get("/apply/receipt/").content.decode()
    fresh = client.get("/a/agency-a/apply/").content.decode()
    assert token not in fresh
    new_token = re.search(r'name="token" value="([^"]+)"', fresh).group(1)
    client.post("/a/agency-a/apply/", {**FORM, "token": new_token})
    assert Application.objects.count() == 2


def test_a_question_after_repeated_submissions_from_one_address(world, client_for, settings):
    settings.APPLY_CHALLENGE_AFTER = 2
    client = client_for("anonymous")

    def form_page() -> str:
        return client.get("/a/agency-a/apply/").content.decode()

    for _ in range(2):
        page = form_page()
        token = re.search(r'name="token" value="([^"]+)"', page).group(1)
        response = client.post("/a/agency-a/apply/", {**FORM, "token": token})
        assert "id_challenge_answer" not in page and response.status_code == 302
    page = form_page()
    assert "id_challenge_answer" in page  # the third from this address is asked first
    fields = challenge.answered(page)
    wrong = client.post(
        "/a/agency-a/apply/",
        {**FORM, **fields, "challenge_answer": str(int(fields["challenge_answer"]) + 1)},
    )
    assert wrong.status_code == 200 and "答案不正确" in wrong.content.decode()
    assert Application.objects.count() == 2
    right = client.post(
        "/a/agency-a/apply/", {**FORM, **challenge.answered(wrong.content.decode())}
    )
    assert right.status_code == 302 and Application.objects.count() == 3
    # Another address is not asked.
    other = client_for("anonymous")
    page = other.get("/a/agency-a/apply/", REMOTE_ADDR="10.0.0.9").content.decode()
    assert "id_challenge_answer" not in page
