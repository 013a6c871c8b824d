"""Redaction for 部分公开 (第三十七条): the officer gives the file to deliver (a PDF, or a
Word, WPS or OpenDocument file the job first lays out as a PDF) and what to withhold in it, each part with its legal basis (第十四, 十五, 十六条); a background job
finds the terms and the screening rules' matches, burns every box into the page,
verifies the output (failing closed) and stores it with the hashes of both files; the
部分公开 letter lists the basis of each box (`letter_note`).

    start(application, upload, terms=[...], rules=[...], basis="第十五条",
          regions=[{"page": 2, "box": [72, 100, 300, 140], "basis": "第十六条", "note": "…"}],
          acting_user=officer)
"""

from __future__ import annotations

import re

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from gongkai import redaction, uploads
from gongkai.agencies.access import check_roles
from gongkai.agencies.models import Role
from gongkai.audit.log import record
from gongkai.jobs import runner
from gongkai.redaction import Basis, Box, Mark, RedactionError, basis_of, convert
from gongkai.workflow import ActionError

from .models import Redaction

KIND = "applications.redact"
MAX_BYTES = 50 * 1024 * 1024
# The screening rules an officer may redact by: the personal data ones.
RULES = {
    "PII-ID": "身份证号码",
    "PII-MOBILE": "手机号码",
    "PII-BANKCARD": "银行卡号",
    "PII-ADDRESS": "详细住址",
    "PII-USCC-PERSON": "个体工商户统一社会信用代码",
}
BASES = {str(b): f"{b}：{b.statement}" for b in Basis}
_REGION = re.compile(
    r"^\s*(\d+)\s*[,，\s]\s*([\d.]+)\s*[,，\s]\s*([\d.]+)\s*[,，\s]\s*([\d.]+)\s*[,，\s]\s*"
    r"([\d.]+)\s*[,，\s]\s*(\S+)\s*(.*)$"
)


def parse_regions(text: str) -> list[dict]:
    """Regions as the officer types them, one a line: page, left, top, right, bottom (in
    points from the page's top-left corner), basis, and a note: `2 72 100 300 140
    第十六条 讨论意见`. ActionError naming the line that is wrong."""
    regions = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = _REGION.match(line)
        if not match:
            raise ActionError(
                f"第{number}行的格式应为“页码 左 上 右 下 法律依据 说明”（单位：点）。",
                field="regions",
            )
        page, x0, y0, x1, y1, basis, note = match.groups()
        try:
            found = basis_of(basis)
        except RedactionError as exc:
            raise ActionError(f"第{number}行：{exc.reason}", field="regions") from None
        box = [float(x0), float(y0), float(x1), float(y1)]
        if box[2] <= box[0] or box[3] <= box[1]:
            raise ActionError(f"第{number}行：右边须大于左边，下边须大于上边。", field="regions")
        regions.append({"page": int(page), "box": box, "basis": str(found), "note": note.strip()})
    return regions


@uploads.action
def start(
    application,
    upload,
    *,
    acting_user,
    terms: list[str],
    rules: list[str],
    basis: str,
    regions: list[dict],
) -> Redaction:
    """Keep the file and what to withhold, and queue the redaction."""
    check_roles(acting_user, application.agency, [Role.OFFICER])
    if application.closed_on is not None:
        raise ActionError("该申请已经办结，不能再制作答复材料。")
    uploads.check(upload, extensions=["pdf", *convert.CONVERTIBLE], max_bytes=MAX_BYTES)
    terms = list(dict.fromkeys(t.strip() for t in terms if t.strip()))
    unknown = [r for r in rules if r not in RULES]
    if unknown or basis not in BASES:
        raise ActionError("请选择检查规则和法律依据。", field="basis")
    if not (terms or rules or regions):
        raise ActionError("请至少填写一个要遮盖的词语、规则或区域。", field="terms")
    item = Redaction(
        application=application,
        name=upload.name[-200:],
        terms=[{"text": t, "basis": basis} for t in terms],
        rules=[{"rule": r, "basis": basis} for r in rules],
        regions=regions,
        created_by=acting_user,
    )
    uploads.keep(item.source, upload, upload.name)
    item.save()
    record(
        "application.redact",
        target=application,
        agency=application.agency,
        acting_user=acting_user,
        from_state=application.status,
        to_state=application.status,
        data={
            "redaction": item.code,
            "name": item.name,
            "terms": len(terms),
            "rules": rules,
            "regions": len(regions),
        },
    )
    job = runner.start(
        KIND,
        label=f"遮盖处理：{item.name}",
        params={"redaction": item.pk},
        agency=application.agency,
        user=acting_user,
    )
    Redaction.objects.filter(pk=item.pk, job__isnull=True).update(job=job)
    return Redaction.objects.get(pk=item.pk)


@uploads.action
def start_again(
    previous: Redaction, *, acting_user, regions: list[dict], terms: list[str]
) -> Redaction:
    """Redact the same file again with the regions the officer marked on its pages, the
    terms as the officer left them (one not found may be marked as a region instead),
    and the rules of the earlier run."""
    with previous.source.open("rb") as handle:
        upload = ContentFile(handle.read(), name=_source_name(previous))
    rules = [r["rule"] for r in previous.rules]
    bases = {entry["basis"] for entry in previous.terms + previous.rules}
    if len(bases) > 1:
        raise ActionError("原处理的词语和规则有多个法律依据，请重新上传文件处理。")
    return start(
        previous.application,
        upload,
        acting_user=acting_user,
        terms=terms,
        rules=rules,
        basis=bases.pop() if bases else str(Basis.ART15),
        regions=regions,
    )


def _source_name(item: Redaction) -> str:
    """The name of the file as kept: a document laid out as a PDF is now that PDF."""
    if convert.needs_conversion(item.name) and not convert.needs_conversion(item.source.name):
        return item.name.rsplit(".", 1)[0] + ".pdf"
    return item.name


PREVIEW_DPI = 100
MAX_PREVIEW_PAGES = 200


def page_sizes(item: Redaction) -> list[tuple[float, float]]:
    """Each page's size as shown, in points (for marking regions on previews)."""
    from gongkai.redaction.pages import open_pdf, shown_size

    with item.source.open("rb") as handle:
        pdf = open_pdf(handle.read(), item.name)
    try:
        sizes = []
        for index in range(min(len(pdf), MAX_PREVIEW_PAGES)):
            page = pdf[index]
            try:
                sizes.append(shown_size(page))
            finally:
                page.close()
        return sizes
    finally:
        pdf.close()


def preview(item: Redaction, number: int) -> bytes:
    """Page `number` (1-based) of the file as a PNG at PREVIEW_DPI."""
    from io import BytesIO

    from gongkai.redaction.pages import open_pdf, render

    with item.source.open("rb") as handle:
        pdf = open_pdf(handle.read(), item.name)
    try:
        if not 1 <= number <= min(len(pdf), MAX_PREVIEW_PAGES):
            raise RedactionError(f"没有第{number}页", source=item.name)
        page = pdf[number - 1]
        try:
            image = render(page, PREVIEW_DPI)
        finally:
            page.close()
    finally:
        pdf.close()
    out = BytesIO()
    image.save(out, "PNG", optimize=False)
    return out.getvalue()


def redact(job, progress) -> dict:
    """The job's handler: find, burn in, verify, store."""
    item = Redaction.objects.select_related("application").filter(pk=job.params.get("redaction"))
    item = item.first()
    if item is None:
        raise ActionError("要处理的文件已不存在。")
    url = _url(item)
    try:
        with item.source.open("rb") as handle:
            data = handle.read()
        if convert.needs_conversion(item.source.name):
            progress(5, "正在将文档转为 PDF")
            data = convert.to_pdf(data, item.name)
            _keep_converted(job, item, data)
        progress(10, "正在查找要遮盖的内容")
        marks = _marks(item, data)
        progress(40, f"正在遮盖{len(marks)}处并验证结果")
        result = redaction.redact(data, marks, source=item.name)
    except RedactionError as exc:
        _store_failure(job, item, exc)
        raise ActionError(f"{item.name}：{exc.reason}") from None
    _store(job, item, result)
    return {"url": url, "boxes": len(result.marks), "output_sha256": result.output_sha256}


@uploads.action
def _keep_converted(job, item: Redaction, pdf: bytes) -> None:
    """Keep the PDF a document was laid out as in place of the document: the page
    previews, a second run and the hashes all read that PDF."""
    runner.hold(job)
    item = Redaction.objects.select_for_update().get(pk=item.pk)
    storage, old = item.source.storage, item.source.name
    stem = item.name.rsplit(".", 1)[0] if "." in item.name else item.name
    uploads.keep(item.source, ContentFile(pdf), f"{stem}.pdf")
    item.save(update_fields=["source"])
    transaction.on_commit(lambda: storage.delete(old))


def _url(item: Redaction) -> str:
    from django.urls import reverse

    return reverse("applications:redactions", args=[item.application.code])


def _marks(item: Redaction, data: bytes) -> list[Mark]:
    marks: list[Mark] = []
    for basis in {entry["basis"] for entry in item.terms + item.rules}:
        terms = [t["text"] for t in item.terms if t["basis"] == basis]
        rules = [r["rule"] for r in item.rules if r["basis"] == basis]
        found = redaction.find_marks(
            data, terms=terms, rules=rules, basis=Basis(basis), source=item.name
        )
        for term in terms:
            if not any(m.reason == f"检索词：{term}" for m in found):
                raise RedactionError(
                    f"文件中找不到“{term}”（可能在图片中或被拆开排版），请改为标记区域",
                    source=item.name,
                )
        marks += found
    for region in item.regions:
        box = Box(*region["box"])
        marks.append(Mark(region["page"], box, Basis(region["basis"]), region.get("note", "")))
    return marks


@uploads.action
def _store(job, item: Redaction, result) -> None:
    runner.hold(job)
    item = Redaction.objects.select_for_update().get(pk=item.pk)
    item.state = Redaction.State.VERIFIED
    item.input_sha256, item.output_sha256 = result.input_sha256, result.output_sha256
    item.pages = result.pages
    item.marks = [m.as_dict() for m in result.marks]
    item.bases = [{"basis": str(b), "boxes": n} for b, n in result.bases()]
    item.checks = list(result.checks)
    item.error = ""
    item.verified_at = timezone.now()
    uploads.keep(item.output, ContentFile(result.data), item.output_name)
    item.save()


@uploads.action
def _store_failure(job, item: Redaction, error: RedactionError) -> None:
    runner.hold(job)
    item = Redaction.objects.select_for_update().get(pk=item.pk)
    item.state = Redaction.State.FAILED
    item.error = error.reason
    item.save()


def letter_note(application) -> str:
    """What the 部分公开 letter says of the verified redactions: per file, the boxes by
    legal basis (第三十七条: the reasons for what is withheld)."""
    parts = []
    for item in application.redactions.filter(state=Redaction.State.VERIFIED):
        bases = "；".join(
            f"依据《中华人民共和国政府信息公开条例》{b['basis']}（{Basis(b['basis']).statement.rstrip('。')}）"
            f"遮盖{b['boxes']}处"
            for b in item.bases
        )
        parts.append(f"向您提供的《{item.output_name}》中，{bases}。")
    return "".join(parts)
