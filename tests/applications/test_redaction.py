"""部分公开: the officer gives the file to deliver and what to withhold, each with its legal
basis; the redaction runs as a job, is verified, stored with the hashes of both files,
and the 部分公开 letter lists the basis of each box."""

from __future__ import annotations

import hashlib
import io
from datetime import date
from urllib.parse import unquote

import pypdfium2 as pdfium
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from gongkai.applications import actions
from gongkai.applications.classification import Outcome
from gongkai.applications.models import Redaction
from gongkai.audit.models import AuditEvent
from tests.test_redaction import NAME, PAGE1, _letter


def _texts(data: bytes) -> list[str]:
    doc = pdfium.PdfDocument(data)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def _post(client, application, **fields):
    data = {"basis": "第十五条", "terms": "", "regions": "", **fields}
    data["file"] = SimpleUploadedFile("答复附件.pdf", _letter(), "application/pdf")
    return client.post(f"/staff/applications/{application.code}/redactions/", data)


def _letter_text(application) -> str:
    letter = application.letters.get()
    return "\n".join(p.text for p in Document(io.BytesIO(letter.file.read())).paragraphs)


def test_a_name_is_burnt_out_verified_stored_with_hashes_and_listed_in_the_letter(
    world, register, today, client_for
):
    today(date(2026, 3, 20))
    application = register(date(2026, 3, 2))
    officer = client_for("officer")
    response = _post(
        officer,
        application,
        terms=NAME,
        rules=["PII-ID"],
        regions="1 60 60 200 90 第十六条 内部审批意见",
    )
    assert response.status_code == 302
    made = Redaction.objects.get(application=application)
    assert made.state == "verified" and made.job.state == "done"
    with made.output.open("rb") as f:
        output = f.read()
    texts = _texts(output)
    assert len(texts) == 2 and all(NAME not in t for t in texts)
    assert "410302198001011230" not in texts[1]
    with made.source.open("rb") as f:
        assert hashlib.sha256(f.read()).hexdigest() == made.input_sha256
    assert hashlib.sha256(output).hexdigest() == made.output_sha256
    assert made.bases == [{"basis": "第十五条", "boxes": 2}, {"basis": "第十六条", "boxes": 1}]
    assert {m["basis"] for m in made.marks} == {"第十五条", "第十六条"}
    assert AuditEvent.objects.filter(action="application.redact", data__name="答复附件.pdf")

    page = officer.get(f"/staff/applications/{application.code}/redactions/").content.decode()
    assert (
        "已遮盖并通过验证" in page and "第十五条：2处" in page and made.output_sha256[:14] in page
    )
    download = officer.get(f"/staff/applications/{application.code}/redactions/{made.code}/")
    assert b"".join(download.streaming_content) == output
    assert "答复附件（公开版）.pdf" in unquote(download["Content-Disposition"])

    application = actions.answer(
        application,
        acting_user=world.officer,
        on=date(2026, 3, 20),
        outcome=Outcome.PARTLY_DISCLOSED,
        reply="附件中涉及第三方个人信息和内部审批意见的部分不予公开。",
    )
    text = _letter_text(application)
    assert "第三十七条" in text
    assert "《答复附件（公开版）.pdf》" in text
    assert "第十五条（涉及商业秘密、个人隐私" in text and "遮盖2处" in text
    assert "第十六条（行政机关的内部事务信息" in text and "遮盖1处" in text


def test_page_one_is_kept_when_only_page_two_is_marked(world, register, client_for):
    application = register(date(2026, 3, 2))
    _post(client_for("officer"), application, terms=NAME)
    made = Redaction.objects.get()
    with made.output.open("rb") as f:
        texts = _texts(f.read())
    assert PAGE1 in texts[0] and NAME not in texts[1]


def test_a_term_not_in_the_file_fails_the_job_and_says_so(world, register, client_for):
    application = register(date(2026, 3, 2))
    _post(client_for("officer"), application, terms="李四")
    made = Redaction.objects.get()
    assert made.state == "failed" and not made.output and "找不到“李四”" in made.error
    assert made.job.state == "failed" and "李四" in made.job.error
    page = client_for("officer").get(f"/staff/applications/{application.code}/redactions/")
    assert "未通过" in page.content.decode()


def test_bad_input_is_refused_on_the_form(world, register, client_for):
    application = register(date(2026, 3, 2))
    officer = client_for("officer")
    page = _post(officer, application).content.decode()
    assert "请至少填写一个要遮盖的词语、规则或区域" in page
    page = _post(officer, application, regions="2 72 100 第十六条").content.decode()
    assert "第1行的格式应为" in page
    page = _post(officer, application, regions="2 72 100 300 140 第二十条").content.decode()
    assert "第十四条、第十五条或第十六条" in page
    assert not Redaction.objects.exists()
    # Only the officers who handle the application: a reviewer may not.
    assert _post(client_for("reviewer"), application, terms=NAME).status_code == 403


def test_regions_marked_on_the_page_images_redact_the_file_again(world, register, client_for):
    application = register(date(2026, 3, 2))
    officer = client_for("officer")
    _post(officer, application, terms="李四")  # not in the file: fails, names it
    failed = Redaction.objects.get()
    base = f"/staff/applications/{application.code}/redactions/{failed.code}/"
    page = officer.get(base + "mark/").content.decode()
    assert "第2页" in page and f"{base}preview/?page=2" in page
    image = officer.get(base + "preview/", {"page": "2"})
    assert image["Content-Type"] == "image/png" and image.content.startswith(b"\x89PNG")
    # The officer drew a box over the line with the name on page 2.
    box = next(m for m in _name_marks() if m.page == 2).box
    line = f"2 {box.x0 - 2} {box.y0 - 2} {box.x1 + 2} {box.y1 + 2} 第十五条 第三方姓名"
    assert "李四</textarea>" in page  # the earlier terms, to keep or drop
    officer.post(base + "mark/", {"regions": line, "terms": "李四"})
    again = Redaction.objects.exclude(pk=failed.pk).get()
    # 李四 is still not in the file: the rerun fails the same way, saying so.
    assert again.state == "failed" and "李四" in again.error
    officer.post(base + "mark/", {"regions": line, "terms": ""})
    last = Redaction.objects.latest("pk")
    assert last.state == "verified" and last.bases == [{"basis": "第十五条", "boxes": 1}]
    with last.output.open("rb") as f:
        assert NAME not in _texts(f.read())[1]


def test_a_region_alone_is_burnt_in(world, register, client_for):
    application = register(date(2026, 3, 2))
    officer = client_for("officer")
    box = next(m for m in _name_marks() if m.page == 2).box
    line = f"2 {box.x0 - 2} {box.y0 - 2} {box.x1 + 2} {box.y1 + 2} 第十五条 第三方姓名"
    _post(officer, application, regions=line)
    first = Redaction.objects.get()
    assert first.state == "verified" and first.bases == [{"basis": "第十五条", "boxes": 1}]
    base = f"/staff/applications/{application.code}/redactions/{first.code}/"
    officer.post(base + "mark/", {"regions": line.replace("第十五条", "第十六条"), "terms": ""})
    again = Redaction.objects.exclude(pk=first.pk).get()
    assert again.state == "verified" and again.bases == [{"basis": "第十六条", "boxes": 1}]
    with again.output.open("rb") as f:
        assert NAME not in _texts(f.read())[1]


def _name_marks():
    from gongkai import redaction

    return redaction.find_marks(_letter(), terms=[NAME])


def _word_letter() -> bytes:
    """A Word document of two pages, the applicant's name on page 2, the author set."""
    doc = Document()
    doc.core_properties.author = NAME
    doc.add_paragraph(PAGE1)
    doc.add_page_break()
    doc.add_paragraph(f"经查，申请人{NAME}于2024年3月1日提出申请，身份证号码410302198001011230。")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def test_a_word_document_is_laid_out_as_pdf_and_redacted(world, register, client_for):
    import shutil

    from tests.support.tools import require

    require(
        bool(shutil.which("soffice") or shutil.which("libreoffice")), "libreoffice-writer-nogui"
    )
    application = register(date(2026, 3, 2))
    officer = client_for("officer")
    upload = SimpleUploadedFile("答复附件.docx", _word_letter(), "application/octet-stream")
    response = officer.post(
        f"/staff/applications/{application.code}/redactions/",
        {"basis": "第十五条", "terms": NAME, "rules": ["PII-ID"], "regions": "", "file": upload},
    )
    assert response.status_code == 302
    made = Redaction.objects.get()
    assert made.state == "verified", made.error
    with made.source.open("rb") as f:
        source = f.read()
    # The PDF the document was laid out as is what was redacted, and what the hash names.
    assert source.startswith(b"%PDF") and made.source.name.endswith(".pdf")
    assert hashlib.sha256(source).hexdigest() == made.input_sha256
    with made.output.open("rb") as f:
        texts = _texts(f.read())
    assert len(texts) == 2 and PAGE1 in texts[0]
    assert NAME not in texts[1] and "410302198001011230" not in texts[1]
    assert made.output_name == "答复附件（公开版）.pdf"
    assert made.bases == [{"basis": "第十五条", "boxes": 2}]


def test_a_word_document_needs_libreoffice_and_says_which_package(
    world, register, client_for, monkeypatch
):
    from gongkai.redaction import convert

    monkeypatch.setattr(convert, "office", lambda: None)
    application = register(date(2026, 3, 2))
    upload = SimpleUploadedFile("答复附件.docx", _word_letter(), "application/octet-stream")
    client_for("officer").post(
        f"/staff/applications/{application.code}/redactions/",
        {"basis": "第十五条", "terms": NAME, "regions": "", "file": upload},
    )
    made = Redaction.objects.get()
    assert made.state == "failed" and "libreoffice-writer-nogui" in made.error
    assert made.job.state == "failed" and "另存为 PDF" in made.job.error
