"""Letters (告知书): Word files filled from the application, citing the legal basis, in the
agency's own wording and layout when it has them."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from gongkai.applications import actions, docx_render, fee_actions
from gongkai.applications.classification import Outcome
from gongkai.applications.letter_texts import DEFAULTS, PLACEHOLDERS
from gongkai.applications.models import LetterTemplate


def _text(letter) -> str:
    with letter.file.open("rb") as f:
        return docx_render.text_of(f.read())


def test_partial_disclosure_letter(world, register, today):
    today(date(2026, 3, 20))
    application = register(date(2026, 3, 2), info_title="2025年部门预算")
    application = actions.answer(
        application,
        acting_user=world.officer,
        on=date(2026, 3, 20),
        outcome=Outcome.PARTLY_DISCLOSED,
        reply="其中涉及个人信息的部分不予公开，其余部分见附件。",
    )
    letter = application.letters.get()
    text = _text(letter)
    assert letter.number == "区文旅局依申〔2026〕1号" and letter.number in text
    assert "政府信息公开申请答复告知书" in text
    assert "张建华：" in text
    assert "本机关于2026年3月2日收到您提出的政府信息公开申请（查询码：" in text
    assert "《2025年部门预算》" in text
    assert "《中华人民共和国政府信息公开条例》第三十七条的规定" in text
    assert "其中涉及个人信息的部分不予公开" in text
    assert "六十日内向西工区人民政府申请行政复议" in text
    assert "西工区文化旅游局\n2026年3月20日" in text
    assert f"查询码：{application.code}" in text  # the footer


@pytest.mark.parametrize(
    ("outcome", "article"),
    [
        ("三.一", "第三十六条第（一）项、第（二）项"),
        ("三.三.1", "第十四条、第三十六条第（三）项"),
        ("三.三.4", "第十五条"),
        ("三.四.1", "第三十六条第（四）项、第（五）项"),
        ("三.四.2", "第三十八条"),
        ("三.五.1", "第三十九条第一款"),
        ("三.五.2", "第三十六条第（六）项"),
        ("三.五.4", "第三十五条"),
    ],
)
def test_every_answer_cites_its_article(world, register, today, outcome, article):
    today(date(2026, 3, 20))
    application = register(date(2026, 3, 2))
    application = actions.answer(
        application,
        acting_user=world.officer,
        on=date(2026, 3, 20),
        outcome=outcome,
        reply="（说明）",
        referred_to="西工区财政局",
    )
    text = _text(application.letters.get())
    assert f"条例》{article}" in text
    if outcome == "三.四.1":
        assert "该信息由西工区财政局负责公开" in text


def test_every_default_template_uses_known_placeholders():
    from gongkai.applications import letters

    for kind, (title, body) in DEFAULTS.items():
        assert title, kind
        letters.check_body(body)
    assert set(DEFAULTS) >= {o.value for o in Outcome}
    assert "申请人" in PLACEHOLDERS


def test_fee_notice_and_correction_letters(world, register, today):
    today(date(2026, 3, 5))
    application = register(date(2026, 3, 2))
    application = actions.request_correction(
        application, acting_user=world.officer, on=date(2026, 3, 3), items="请写明所需信息的年度。"
    )
    text = _text(application.letters.get())
    assert "补正告知书" in text and "第三十条" in text and "请写明所需信息的年度。" in text
    assert "请您于2026年3月24日前" in text
    other = register(date(2026, 3, 2), applicant_name="李秀英")
    other = fee_actions.notify_fee(
        other, acting_user=world.officer, on=date(2026, 3, 5), method="per_volume", pages=150
    )
    text = _text(other.letters.get())
    assert "第四十二条" in text and "国办函〔2020〕109号" in text
    assert "第101—150页：50页 × 20元 = 1000元" in text and "人民币1700元" in text
    assert "2026年4月2日前" in text  # 20 working days from the day after 03-05
    assert "不计算在答复期限内" in text


def test_agency_wording_and_layout(world, register, client_for, today):
    today(date(2026, 3, 20))
    client = client_for("officer")
    url = "/staff/applications/a/agency-a/letters/"
    assert client.get(url).status_code == 200
    bad = client.post(url + "三.一/", {"title": "答复书", "body": "{申请人}，你好 {不存在}"})
    assert "无法识别的占位符：{不存在}" in bad.content.decode()
    ok = client.post(
        url + "三.一/", {"title": "政府信息公开答复书", "body": "经查，{申请内容}\n{答复说明}"}
    )
    assert ok.status_code == 302
    sample = client.get(url + "三.一/?preview=1")
    assert "政府信息公开答复书" in docx_render.text_of(sample.content)

    # A layout without the body placeholder is refused; a proper one is used.
    layout = Document(io.BytesIO(client.get(url + "layout/").content))
    assert "{{正文}}" in "\n".join(p.text for p in layout.paragraphs)
    empty = io.BytesIO()
    Document().save(empty)
    response = client.post(
        url + "layout/", {"file": SimpleUploadedFile("x.docx", empty.getvalue())}, follow=True
    )
    assert "缺少正文占位符" in response.content.decode()
    layout.paragraphs[0].insert_paragraph_before("西工区文化旅游局文件")
    mine = io.BytesIO()
    layout.save(mine)
    response = client.post(
        url + "layout/", {"file": SimpleUploadedFile("版式.docx", mine.getvalue())}
    )
    assert response.status_code == 302

    application = register(date(2026, 3, 2))
    application = actions.answer(
        application,
        acting_user=world.officer,
        on=date(2026, 3, 20),
        outcome="三.一",
        reply="见附件。",
    )
    text = _text(application.letters.get())
    assert text.startswith("西工区文化旅游局文件\n政府信息公开答复书")
    assert "见附件。" in text and "特此告知" not in text


@pytest.mark.parametrize(
    "body",
    [
        "{申请人:>100000000}",  # a format spec that would pad a letter to 100 MB
        "{申请人:{查询码}}",  # a nested field in the spec
        "{申请人!r}",  # a conversion
        "{申请人[0]}",  # indexing
    ],
)
def test_a_template_placeholder_is_a_name_only(world, client_for, body):
    """Security audit, item 17: placeholders take no format spec nor conversion."""
    url = "/staff/applications/a/agency-a/letters/三.一/"
    response = client_for("officer").post(url, {"title": "答复书", "body": "经查，" + body})
    assert response.status_code == 200
    assert "占位符只能写作" in response.content.decode()
    assert not LetterTemplate.objects.exists()


def test_a_template_saved_before_the_check_is_not_rendered(world, register, client_for, today):
    today(date(2026, 3, 20))
    LetterTemplate.objects.create(
        agency=world.agency_a,
        kind="三.一",
        title="答复书",
        body="{申请人:>100000000}",
        updated_by=world.officer,
    )
    url = "/staff/applications/a/agency-a/letters/三.一/"
    response = client_for("officer").get(url + "?preview=1", follow=True)
    assert response.status_code == 200 and "占位符只能写作" in response.content.decode()
    assert client_for("officer").get(url).status_code == 200  # it can still be corrected


def test_a_layout_that_inflates_past_the_limits_is_refused(world, client_for):
    from tests.support import bombs

    client = client_for("officer")
    url = "/staff/applications/a/agency-a/letters/layout/"
    for data, reason in (
        (bombs.docx_zip_bomb(), "解压后超过 16 MB"),
        (bombs.docx_many_elements(), "个元素"),
    ):
        upload = SimpleUploadedFile("版式.docx", data)
        response = client.post(url, {"file": upload}, follow=True)
        assert reason in response.content.decode()
    from gongkai.applications.models import Letterhead

    assert not Letterhead.objects.exists()
