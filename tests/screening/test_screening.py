"""Screening: the acceptance documents, the crafted inputs folder, masking, the CLI."""

from __future__ import annotations

import json
import zipfile
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook

from gongkai import screening
from gongkai.cli import main
from gongkai.identity import mask_id, resident_id_check_char
from gongkai.screening import Options, Severity

from ..scans import needs_tesseract
from . import documents as docs

DATA = Path(__file__).resolve().parent.parent / "data" / "screening"


def _crafted() -> list[Path]:
    found = sorted(p for p in (DATA / "crafted").iterdir() if not p.name.endswith(".expected.json"))
    assert found, "no crafted inputs"
    return found


@pytest.mark.parametrize("path", _crafted(), ids=lambda p: p.name)
def test_crafted_inputs_give_exactly_the_expected_findings(path: Path) -> None:
    """Each expected finding (rule, and any of line, row, column, severity, masked)
    matches one finding, and there are no others."""
    expected = json.loads(path.with_name(path.name + ".expected.json").read_text("utf-8"))
    left = [
        {
            "rule": f.rule,
            "severity": str(f.severity),
            "masked": f.masked,
            "line": f.location.line,
            "row": f.location.row,
            "column": f.location.column,
        }
        for f in screening.screen_file(path)
    ]
    for want in expected["findings"]:
        match = next((g for g in left if all(g[k] == v for k, v in want.items())), None)
        assert match is not None, f"missing {want}; left {left}"
        left.remove(match)
    assert left == [], f"unexpected {left}"


def test_a_penalty_list_in_excel_gives_the_five_valid_ids_with_sheet_and_cell() -> None:
    data = docs.penalty_list_xlsx()
    findings = screening.screen_bytes(data, "行政处罚公示名单.xlsx")
    assert [(f.rule, f.location.sheet, f.location.cell) for f in findings] == [
        ("PII-ID", "公示名单", f"C{row}") for row in range(2, 7)
    ]
    assert all(f.severity is Severity.ERROR for f in findings)
    assert findings[0].location.describe() == "行政处罚公示名单.xlsx 工作表“公示名单” C2"
    # the message never shows the number itself
    assert all(n not in f.message for f in findings for n in docs.VALID_IDS)


def test_the_masked_excel_copy_screens_clean_and_keeps_everything_else() -> None:
    data = docs.penalty_list_xlsx()
    masked = screening.masked_copy(data, "名单.xlsx")
    assert screening.screen_bytes(masked, "名单.xlsx") == []
    sheet = load_workbook(BytesIO(masked))["公示名单"]
    assert [sheet[f"C{r}"].value for r in range(2, 7)] == [mask_id(n) for n in docs.VALID_IDS]
    assert [sheet[f"C{r}"].value for r in range(7, 12)] == docs.INVALID_IDS  # untouched
    assert sheet["B2"].value == "张伟" and sheet["D2"].value == "未按规定设置消防安全标志"


def test_a_word_notice_marked_on_request_is_found_with_its_paragraph() -> None:
    data = docs.on_request_notice_docx()
    findings = screening.screen_bytes(data, "通报.docx")
    assert [(f.rule, f.location.describe()) for f in findings] == [
        ("DISCLOSE-ON-REQUEST", "通报.docx 第2段"),
        ("PII-ID", "通报.docx 表格1 第2行 第2列"),
        ("PII-MOBILE", "通报.docx 表格1 第2行 第3列"),
    ]


def test_the_masked_word_copy_has_no_personal_data_but_keeps_the_mark() -> None:
    masked = screening.masked_copy(docs.on_request_notice_docx(), "通报.docx")
    findings = screening.screen_bytes(masked, "通报.docx")
    assert [f.rule for f in findings] == ["DISCLOSE-ON-REQUEST"]  # a mark is not masked away
    row = Document(BytesIO(masked)).tables[0].rows[1].cells
    assert [c.text for c in row] == ["王芳", mask_id(docs.VALID_IDS[1]), "139********"]


def test_a_match_split_over_runs_is_masked_in_place() -> None:
    doc = Document()
    p = doc.add_paragraph("电话：")
    p.add_run("1391234").bold = True
    p.add_run("5678，请联系。")
    out = BytesIO()
    doc.save(out)
    masked = screening.masked_copy(out.getvalue(), "x.docx")
    assert Document(BytesIO(masked)).paragraphs[0].text == "电话：139********，请联系。"


def test_marks_in_a_word_header_are_found() -> None:
    doc = Document()
    doc.sections[0].header.paragraphs[0].text = "秘密★5年"
    doc.add_paragraph("正文")
    out = BytesIO()
    doc.save(out)
    (finding,) = screening.screen_bytes(out.getvalue(), "x.docx")
    assert (
        finding.rule == "SECRET-CLASSIFIED" and finding.location.describe() == "x.docx 页眉 第1段"
    )


@needs_tesseract
def test_a_scanned_list_gives_the_mobile_with_page_and_cell(tmp_path: Path) -> None:
    data = docs.scanned_list_pdf(tmp_path)
    findings = screening.screen_bytes(data, "志愿者名单.pdf")
    mobiles = [f for f in findings if f.rule == "PII-MOBILE"]
    assert [f.location.describe() for f in mobiles] == ["志愿者名单.pdf 第1页 表格1 第3行 第3列"]
    assert mobiles[0].masked == "138********"
    assert len(findings) == 1  # the landlines are not mobiles


def test_a_scanned_page_is_refused_when_ocr_is_off(tmp_path: Path) -> None:
    data = (DATA.parent / "annualreport" / "ocr" / "partial-page.pdf").read_bytes()
    with pytest.raises(screening.ScreeningError, match="第1页是扫描件"):
        screening.screen_bytes(data, "scan.pdf", Options(ocr=False))


def test_an_html_body_is_screened_by_paragraph_and_table_cell() -> None:
    body = (
        "<p>经查，当事人住所为本区某处。</p><p>秘密★1年</p>"
        f"<table><tr><td>姓名</td><td>{docs.VALID_IDS[0]}</td></tr></table>"
    )
    findings = screening.screen_text(body, "正文")
    assert [(f.rule, f.location.describe()) for f in findings] == [
        ("PII-ID", "正文 表格1 第1行 第2列"),
        ("SECRET-CLASSIFIED", "正文 第2段"),
    ]


def test_an_ofd_file_is_screened_by_page_and_line() -> None:
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer>'
        '<ofd:TextObject ID="1" Boundary="20 30 60 5"><ofd:TextCode X="0" Y="4">联系电话：'
        "</ofd:TextCode></ofd:TextObject>"
        '<ofd:TextObject ID="2" Boundary="80 30.5 60 5"><ofd:TextCode X="0" Y="4">13912345678'
        "</ofd:TextCode></ofd:TextObject>"
        "</ofd:Layer></ofd:Content></ofd:Page>"
    )
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("OFD.xml", "<ofd:OFD/>")
        zf.writestr("Doc_0/Pages/Page_0/Content.xml", content)
    (finding,) = screening.screen_bytes(out.getvalue(), "通知.ofd")
    assert finding.rule == "PII-MOBILE" and finding.location.describe() == "通知.ofd 第1页 第1行"


def test_the_attribute_and_the_agency_words() -> None:
    text = "关于某某工程的通知".encode()
    findings = screening.screen_bytes(
        text, "a.txt", Options(attribute="不予公开", words=("某某工程", ("通知", "error")))
    )
    assert [(f.rule, str(f.severity)) for f in findings] == [
        ("ATTRIBUTE", "error"),
        ("AGENCY-WORD", "warning"),
        ("AGENCY-WORD", "error"),
    ]
    assert screening.screen_bytes(text, "a.txt", Options(attribute="主动公开")) == []
    on_request = screening.screen_bytes(text, "a.txt", Options(attribute="依申请公开"))
    assert [(f.rule, str(f.severity)) for f in on_request] == [("ATTRIBUTE", "warning")]
    assert (
        screening.screen_bytes(text, "a.txt", Options(attribute="不予公开", publishing=False)) == []
    )


def test_legacy_and_broken_files_are_refused_saying_why() -> None:
    with pytest.raises(screening.ScreeningError, match="旧版 Word/Excel"):
        screening.screen_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100, "a.doc")
    with pytest.raises(screening.ScreeningError, match="a.pdf: PDF 文件已损坏"):
        screening.screen_bytes(b"%PDF-1.4 garbage", "a.pdf")
    with pytest.raises(screening.ScreeningError, match="文件过大"):
        screening.screen_bytes(b"x" * 2048, "a.txt", Options(max_bytes=1024))


# -- the property: valid ID numbers are always found, masked ones never

_CHINESE = st.text(
    alphabet="的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出", max_size=12
)


@st.composite
def valid_ids(draw: st.DrawFn) -> str:
    area = draw(st.integers(110000, 659999))
    born = draw(st.dates(min_value=date(1900, 1, 1), max_value=date(2020, 12, 31)))
    seq = draw(st.integers(0, 999))
    first17 = f"{area:06d}{born:%Y%m%d}{seq:03d}"
    return first17 + resident_id_check_char(first17)


@settings(max_examples=300, deadline=None)
@given(before=_CHINESE, number=valid_ids(), after=_CHINESE)
def test_valid_ids_are_always_found_and_masked_ones_never(
    before: str, number: str, after: str
) -> None:
    text = f"{before}{number}{after}"
    found = [f for f in screening.screen_text(text, "t.txt") if f.rule == "PII-ID"]
    assert [(f.start, f.end) for f in found] == [(len(before), len(before) + 18)]
    masked = screening.mask_text(text)
    assert number not in masked
    assert masked == f"{before}{mask_id(number)}{after}"
    assert not [f for f in screening.screen_text(masked, "t.txt") if f.rule.startswith("PII")]


# -- the command line


def test_gongkai_screen_json_lines_and_exit_codes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "名单.xlsx").write_bytes(docs.penalty_list_xlsx())
    (tmp_path / "clean.txt").write_text("本机关地址：中州中路100号。", encoding="utf-8")
    assert main(["screen", "--format", "json", str(tmp_path / "clean.txt")]) == 0
    line = json.loads(capsys.readouterr().out)
    assert line == {"source": str(tmp_path / "clean.txt"), "findings": []}
    assert main(["screen", "--format", "json", str(tmp_path)]) == 1
    lines = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert [x["source"] for x in lines] == [
        str(tmp_path / "clean.txt"),
        str(tmp_path / "名单.xlsx"),
    ]
    first = lines[1]["findings"][0]
    assert set(first) >= {"rule", "severity", "message", "location"}
    assert first["location"]["sheet"] == "公示名单" and first["location"]["cell"] == "C2"
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    assert main(["screen", str(tmp_path / "old.doc"), str(tmp_path / "clean.txt")]) == 2
    out = capsys.readouterr().out
    assert "无法检查" in out and "未发现问题" in out
    assert main(["screen", "--rule", "NO-SUCH", str(tmp_path)]) == 2
    assert main(["screen", "--list-rules"]) == 0
    assert "PII-USCC-PERSON" in capsys.readouterr().out


def test_one_finding_is_masked_in_an_html_body_and_a_mark_is_not() -> None:
    body = f"<p>当事人张某，身份证号码{docs.VALID_IDS[0]}，电话{docs.MOBILE}。</p><p>秘密★1年</p>"
    findings = screening.screen_text(body, "正文")
    mobile = next(f for f in findings if f.rule == "PII-MOBILE")
    masked = screening.mask_findings(body, [mobile])
    assert "139********" in masked and docs.VALID_IDS[0] in masked  # only the one chosen
    assert [f.rule for f in screening.screen_text(masked, "正文")] == [
        "PII-ID",
        "SECRET-CLASSIFIED",
    ]
    mark = next(f for f in findings if f.rule == "SECRET-CLASSIFIED")
    with pytest.raises(screening.ScreeningError, match="不能遮盖"):
        screening.mask_findings(body, [mark])
