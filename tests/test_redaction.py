"""Verifiable redaction: a name on page 2 burnt out, page 1 intact, nothing hidden left,
and the verifier refusing the classic mistake (a black box drawn over live text)."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pytest
from PIL import Image

from gongkai import redaction, screening
from gongkai.cli import main
from gongkai.redaction import Basis, Box, Mark

from .scans import images_to_pdf, needs_tesseract, rasterise

NAME = "张三丰"
PAGE1 = "关于政府信息公开申请的答复附件：第一页"


def _letter() -> bytes:
    """Two pages; the applicant's name on page 2, with an author in the metadata, an
    embedded file, a JavaScript open action and a note annotation naming him."""
    from weasyprint import HTML

    html = f"""<html><body style='font-family: "Noto Serif CJK SC"; font-size: 12pt'>
      <p>{PAGE1}</p>
      <p style="page-break-before: always">经查，申请人{NAME}于2024年3月1日提出申请，
      身份证号码410302198001011230。</p></body></html>"""
    raw = HTML(string=html).write_pdf()
    pdf = pikepdf.open(BytesIO(raw))
    pdf.docinfo["/Author"] = NAME
    pdf.attachments["申请书.txt"] = pikepdf.AttachedFileSpec(pdf, f"申请人：{NAME}".encode())
    pdf.Root.OpenAction = pikepdf.Dictionary(
        S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)")
    )
    note = pikepdf.Dictionary(
        Type=pikepdf.Name.Annot,
        Subtype=pikepdf.Name.Text,
        Rect=[10, 10, 30, 30],
        Contents=pikepdf.String(f"联系{NAME}"),
    )
    pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([note]))
    out = BytesIO()
    pdf.save(out)
    return out.getvalue()


def _page_texts(data: bytes) -> list[str]:
    doc = pdfium.PdfDocument(data)
    try:
        return [doc[i].get_textpage().get_text_range() for i in range(len(doc))]
    finally:
        doc.close()


def test_a_name_on_page_2_is_burnt_out_and_page_1_kept() -> None:
    data = _letter()
    marks = redaction.find_marks(data, terms=[NAME], rules=["PII-ID"], basis=Basis.ART15)
    assert {m.page for m in marks} == {2} and len(marks) == 2
    result = redaction.redact(data, marks, source="答复.pdf")
    texts = _page_texts(result.data)
    assert len(texts) == 2
    assert PAGE1 in texts[0]  # page 1 copied with its text
    assert all(NAME not in t and "410302198001011230" not in t for t in texts)
    assert result.rasterised == (2,)
    assert result.bases() == [(Basis.ART15, 2)]
    data_out = result.as_dict()
    assert {m["basis"] for m in data_out["marks"]} == {"第十五条"}  # type: ignore[index, union-attr]
    assert len(result.input_sha256) == 64 and result.input_sha256 != result.output_sha256
    with pikepdf.open(BytesIO(result.data)) as out:
        assert not out.attachments and "/OpenAction" not in out.Root
        assert not out.docinfo.keys() and "/Annots" not in out.pages[0]
    assert NAME.encode("utf-16-be") not in result.data and NAME.encode() not in result.data


def test_a_black_box_drawn_over_the_text_is_refused_by_the_verifier() -> None:
    data = _letter()
    marks = redaction.find_marks(data, terms=[NAME])
    (mark,) = marks
    pdf = pikepdf.open(BytesIO(data))
    page = pdf.pages[1]
    height = float(page.mediabox[3])
    box = mark.box
    rect = f"q 0 0 0 rg {box.x0} {height - box.y1} {box.x1 - box.x0} {box.y1 - box.y0} re f Q"
    page.contents_add(pikepdf.Stream(pdf, rect.encode()), prepend=False)
    out = BytesIO()
    pdf.save(out)
    with pytest.raises(redaction.VerificationError) as caught:
        redaction.verify(data, out.getvalue(), marks)
    problems = " ".join(caught.value.problems)
    assert "仍有被遮盖的内容" in problems and "遮盖框" in problems and "下仍有文字" in problems
    assert "文件中仍有" in problems  # the embedded file and the script are still there


def test_a_region_that_was_not_burnt_in_is_refused() -> None:
    data = _letter()
    region = Mark(2, Box(400, 400, 500, 450), Basis.ART16, "内部讨论意见")
    with pytest.raises(redaction.VerificationError, match="没有完全涂黑"):
        redaction.verify(data, data, [region])


def test_an_officers_region_is_burnt_in_with_its_basis() -> None:
    data = _letter()
    region = Mark(1, Box(60, 60, 300, 100), Basis.ART16, "过程性意见")
    result = redaction.redact(data, [region])
    assert result.rasterised == (1,) and result.bases() == [(Basis.ART16, 1)]
    assert _page_texts(result.data)[0] == ""  # the whole page is now an image
    assert NAME in _page_texts(result.data)[1]  # page 2 was not marked


def test_bad_marks_and_inputs_are_refused_saying_why() -> None:
    data = _letter()
    with pytest.raises(redaction.RedactionError, match="只有2页"):
        redaction.redact(data, [Mark(3, Box(0, 0, 10, 10), Basis.ART15)])
    with pytest.raises(redaction.RedactionError, match="没有要遮盖的区域"):
        redaction.redact(data, [])
    with pytest.raises(redaction.RedactionError, match="损坏"):
        redaction.find_marks(b"%PDF-1.4 nonsense", terms=["x"])
    with pytest.raises(redaction.RedactionError, match="第十四条、第十五条或第十六条"):
        redaction.basis_of("第二十条")
    assert redaction.basis_of("16") is Basis.ART16 and redaction.basis_of("第十四条") is Basis.ART14


def test_gongkai_redact(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in.pdf"
    src.write_bytes(_letter())
    out = tmp_path / "out.pdf"
    assert (
        main(
            [
                "redact",
                str(src),
                "--term",
                NAME,
                "--rule",
                "PII-ID",
                "-o",
                str(out),
                "--format",
                "json",
            ]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    assert report["bases"][0]["basis"] == "第十五条" and report["bases"][0]["boxes"] == 2
    assert NAME not in "".join(_page_texts(out.read_bytes()))
    missing = tmp_path / "none.pdf"
    assert main(["redact", str(src), "--term", "李四", "-o", str(missing)]) == 2
    assert "没有找到：李四" in capsys.readouterr().err and not missing.exists()
    assert main(["redact", str(src), "-o", str(missing)]) == 2


@needs_tesseract
def test_a_scanned_page_is_redacted_by_its_ocr_line(tmp_path: Path) -> None:
    from weasyprint import HTML

    printed = tmp_path / "p.pdf"
    HTML(
        string="<p style='font-family: \"Noto Serif CJK SC\"; font-size: 14pt'>联系人手机13912345678</p>"
    ).write_pdf(printed)
    # scanned a little askew: the box must land on the number as scanned, not levelled
    pages = [
        p.rotate(-0.8, resample=Image.Resampling.BICUBIC, fillcolor="white")
        for p in rasterise(printed)
    ]
    data = images_to_pdf(pages)
    marks = redaction.find_marks(data, rules=["PII-MOBILE"])
    assert len(marks) == 1 and marks[0].page == 1 and "扫描页" in marks[0].reason
    result = redaction.redact(data, marks)
    assert result.rasterised == (1,)
    assert screening.screen_bytes(result.data, "out.pdf") == []  # the number is gone
    box = marks[0].box  # the OCR line, not the page
    assert box.y1 - box.y0 < 40 and box.x1 - box.x0 < 400


@pytest.mark.parametrize("turn", [90, 180, 270])
def test_a_turned_page_is_redacted_where_it_is_shown(turn: int) -> None:
    pdf = pikepdf.open(BytesIO(_letter()))
    pdf.pages[1].Rotate = turn
    out = BytesIO()
    pdf.save(out)
    marks = redaction.find_marks(out.getvalue(), terms=[NAME])
    result = redaction.redact(out.getvalue(), marks)  # verified: the pixels under the box
    assert NAME not in "".join(_page_texts(result.data))
