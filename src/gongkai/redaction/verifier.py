"""Checking a redacted PDF against its original and its marks. Fails closed: any check
that cannot be made counts as failed.

1. It opens, and has the original's number of pages.
2. No text under any box: the output's text layer has no character whose box touches
   a mark on its page.
3. No marked string anywhere: the text that each mark was found by (a term, a rule's
   match) is in no page's text, spaces ignored.
4. The pixels under every box changed, and are now black: rendered, the region is dark
   where the original was not, so a box that was not burnt in is caught.
5. Nothing embedded or active survived: no embedded files, JavaScript, actions, forms,
   annotations, outlines or metadata anywhere in the file.
"""

from __future__ import annotations

from collections.abc import Sequence
from io import BytesIO

import numpy as np
import pikepdf

from .model import Mark, VerificationError
from .pages import open_pdf, page_chars, pixel_box, render

CHECK_DPI = 100
DARK = 80  # a pixel this dark (0-255) is covered
# Keys whose presence anywhere means hidden or active content survived.
FORBIDDEN = (
    "/EmbeddedFile",
    "/EmbeddedFiles",
    "/JavaScript",
    "/JS",
    "/OpenAction",
    "/AA",
    "/AcroForm",
    "/Annots",
    "/Outlines",
    "/RichMedia",
    "/Launch",
    "/XFA",
)


def verify(
    original: bytes, redacted: bytes, marks: Sequence[Mark], *, source: str = "input.pdf"
) -> list[str]:
    """What was checked, in words; VerificationError listing every problem otherwise."""
    problems: list[str] = []
    checks: list[str] = []
    try:
        _verify(original, redacted, marks, problems, checks)
    except VerificationError:
        raise
    except Exception as exc:  # noqa: BLE001 - a check that cannot be made has failed
        problems.append(f"无法完成验证：{exc}")
    if problems:
        raise VerificationError(problems, source=source)
    return checks


def _verify(
    original: bytes, redacted: bytes, marks: Sequence[Mark], problems: list[str], checks: list[str]
) -> None:
    before = open_pdf(original, "original")
    after = open_pdf(redacted, "redacted")
    try:
        if len(before) != len(after):
            problems.append(f"页数由{len(before)}页变为{len(after)}页")
            return
        checks.append(f"页数相同（{len(after)}页）")
        by_page: dict[int, list[Mark]] = {}
        for m in marks:
            by_page.setdefault(m.page, []).append(m)
        strings = {"".join(m.found.split()) for m in marks if m.found.strip()}
        for index in range(len(after)):
            page = after[index]
            try:
                chars = page_chars(page)
                text = "".join(c.ch for c in chars if not c.ch.isspace())
                for s in sorted(strings):
                    if s in text:
                        problems.append(f"第{index + 1}页的文字中仍有被遮盖的内容“{_hint(s)}”")
                for m in by_page.get(index + 1, []):
                    under = [c.ch for c in chars if c.box and c.box.overlaps(m.box)]
                    if under:
                        problems.append(
                            f"第{index + 1}页遮盖框{m.box.as_list()}下仍有文字（{len(under)}个字符）"
                        )
                if index + 1 in by_page:
                    _pixels(before[index], page, by_page[index + 1], index + 1, problems)
            finally:
                page.close()
        checks.append("遮盖框下没有文字，被遮盖的文字不再出现")
        checks.append("遮盖框下的像素已变为黑色")
    finally:
        before.close()
        after.close()
    _nothing_embedded(redacted, problems)
    checks.append("没有附件、脚本、动作、表单、批注、书签或元数据")


def _hint(s: str) -> str:
    """A found string shown in a problem without repeating personal data in full."""
    return s if len(s) <= 4 else s[:2] + "…" + s[-1:]


def _pixels(
    before_page: object, after_page: object, marks: list[Mark], number: int, problems: list[str]
) -> None:
    import pypdfium2 as pdfium

    assert isinstance(before_page, pdfium.PdfPage) and isinstance(after_page, pdfium.PdfPage)
    old = np.asarray(render(before_page, CHECK_DPI).convert("L"), dtype=np.int16)
    new = np.asarray(render(after_page, CHECK_DPI).convert("L"), dtype=np.int16)
    if old.shape != new.shape:
        problems.append(f"第{number}页的页面大小变了")
        return
    for m in marks:
        x0, y0, x1, y1 = pixel_box(m.box, CHECK_DPI, (new.shape[1], new.shape[0]))
        # the edge pixels are shared with what is around the box
        region = new[y0 + 1 : y1 - 1, x0 + 1 : x1 - 1]
        if region.size == 0:
            continue
        covered = float((region < DARK).mean())
        was = old[y0 + 1 : y1 - 1, x0 + 1 : x1 - 1]
        changed = float(np.abs(region - was).mean())
        if covered < 0.98:
            problems.append(f"第{number}页遮盖框{m.box.as_list()}没有完全涂黑（{covered:.0%}）")
        elif changed < 10 and float((was < DARK).mean()) < 0.98:
            problems.append(f"第{number}页遮盖框{m.box.as_list()}下的像素没有变化")


def _nothing_embedded(data: bytes, problems: list[str]) -> None:
    with pikepdf.open(BytesIO(data)) as pdf:
        if pdf.docinfo.keys():
            problems.append("文档信息（作者、标题等元数据）仍在")
        if "/Metadata" in pdf.Root:
            problems.append("XMP 元数据仍在")
        if "/Names" in pdf.Root:
            problems.append("名称树（可能含附件或脚本）仍在")
        found: set[str] = set()
        for obj in pdf.objects:
            if isinstance(obj, pikepdf.Dictionary | pikepdf.Stream):
                keys = set(obj.keys())
                found |= {k for k in FORBIDDEN if k in keys}
                kind = obj.get("/Type")
                if kind in (pikepdf.Name.EmbeddedFile, pikepdf.Name.Filespec):
                    found.add(str(kind))
                if "/Metadata" in keys:
                    found.add("/Metadata")
        for key in sorted(found):
            problems.append(f"文件中仍有 {key}")
