"""Issuing letters: the agency's wording (or the default) filled from the application,
laid out in the agency's Word layout (or the default), numbered and stored.

`issue()` runs inside the action that sends the letter, so the letter exists exactly
when the move it announces does; a file written for a transaction that then fails is
removed.
"""

from __future__ import annotations

import functools
import string
from datetime import date

from django.core.files.base import ContentFile

from gongkai import uploads
from gongkai.agencies.models import Agency
from gongkai.workflow import ActionError

from . import docx_render
from .letter_texts import DEFAULTS, KIND_LABELS, NOT_TO_APPLICANT, PLACEHOLDERS
from .models import Letter, Letterhead, LetterTemplate


def chinese_date(day: date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def template_for(agency: Agency, kind: str) -> tuple[str, str]:
    """(title, body) of a kind of letter: the agency's own, or the default."""
    own = LetterTemplate.objects.filter(agency=agency, kind=kind).first()
    if own is not None:
        return own.title, own.body
    return DEFAULTS[kind]


@functools.cache
def _default_layout() -> bytes:
    return docx_render.default_layout()


def layout_for(agency: Agency) -> bytes:
    own = Letterhead.objects.filter(agency=agency).first()
    if own is not None:
        with own.file.open("rb") as f:
            return f.read()
    return _default_layout()


def check_body(body: str) -> None:
    """ActionError if the template uses a placeholder that does not exist or is malformed.

    A placeholder is a name and nothing else: no format spec (`{申请人:>100000000}` would
    pad a letter to 100 MB), no conversion, no attribute or index."""
    try:
        fields = [
            (name, spec, conversion)
            for _, name, spec, conversion in string.Formatter().parse(body)
            if name is not None
        ]
    except ValueError:
        raise ActionError(
            "模板中的花括号不成对：占位符应写作 {申请人} 这样的形式。", "body"
        ) from None
    odd = [
        name
        for name, spec, conversion in fields
        if spec or conversion or any(c in name for c in ".[]")
    ]
    if odd:
        raise ActionError(
            "占位符只能写作 {申请人} 这样的形式，不能带格式或其他符号："
            + "、".join("{" + n + "…}" for n in odd),
            "body",
        )
    names = [name for name, _, _ in fields]
    unknown = sorted({n for n in names if n not in PLACEHOLDERS})
    if unknown:
        raise ActionError("无法识别的占位符：" + "、".join("{" + n + "}" for n in unknown), "body")


class _Values(dict):
    def __missing__(self, key):
        return ""


def context_for(application, **extra: object) -> dict[str, str]:
    """The placeholder values for an application; `extra` adds the move's own figures."""
    agency = application.agency
    wanted = []
    if application.info_title:
        wanted.append(f"《{application.info_title}》")
    if application.info_number:
        wanted.append(f"（{application.info_number}）")
    description = application.description.strip().replace("\n", " ")
    wanted_text = "".join(wanted)
    if description:
        wanted_text = f"{wanted_text}{'，' if wanted_text else ''}{description}"
    if wanted_text and wanted_text[-1] not in "。！？.":
        wanted_text += "。"
    parent = agency.parent
    values = {
        "申请人": application.applicant_name,
        "查询码": application.code,
        "收到日期": chinese_date(application.received_on),
        "申请内容": wanted_text,
        "机关名称": agency.name,
        "联系电话": agency.phone or "（见本机关政府信息公开指南）",
        "复议机关": parent.name if parent else "上一级人民政府",
        "答复期限": chinese_date(application.due_on),
        "办结日期": chinese_date(application.closed_on),
    }
    for key, value in extra.items():
        values[key] = chinese_date(value) if isinstance(value, date) else str(value)
    return values


def _number(agency: Agency, year: int) -> tuple[int, str]:
    # Lock the agency so that two letters of one agency never take the same serial.
    locked = Agency.objects.select_for_update().get(pk=agency.pk)
    last = (
        Letter.objects.filter(agency=locked, year=year)
        .order_by("-serial")
        .values_list("serial", flat=True)
        .first()
    )
    serial = (last or 0) + 1
    return serial, f"{locked.short_name or locked.name}依申〔{year}〕{serial}号"


def issue(
    application,
    kind: str,
    *,
    acting_user,
    dated: date,
    addressee: str | None = None,
    **extra: object,
) -> Letter:
    """Write, number and store a letter of `kind` for the application (inside a transaction)."""
    agency = application.agency
    title, body = template_for(agency, kind)
    check_body(body)  # a template saved before the checks existed is not rendered
    values = _Values(context_for(application, **extra))
    to = addressee or application.applicant_name
    lines = [line.strip() for line in body.format_map(values).splitlines() if line.strip()]
    serial, number = _number(agency, dated.year)
    data = docx_render.render(
        layout_for(agency),
        {
            "标题": title,
            "文号": number,
            "称谓": f"{to}：",
            "机关名称": agency.name,
            "日期": chinese_date(dated),
            "查询码": application.code,
        },
        lines,
    )
    letter = Letter(
        application=application,
        agency=agency,
        kind=kind,
        title=title,
        number=number,
        year=dated.year,
        serial=serial,
        addressee=to[:200],
        to_applicant=kind not in NOT_TO_APPLICANT,
        created_by=acting_user,
        dated=dated,
    )
    uploads.keep(letter.file, ContentFile(data), f"{letter.code}.docx")
    letter.save()
    return letter


def sample(agency: Agency, kind: str, today: date) -> bytes:
    """A sample letter of this kind, filled with made-up values, not numbered or stored."""
    title, body = template_for(agency, kind)
    check_body(body)  # a template saved before the checks existed is not rendered
    values = _Values({name: f"〔{desc}〕" for name, desc in PLACEHOLDERS.items()})
    values.update(
        {
            "申请人": "张三",
            "查询码": "ABCD234567",
            "机关名称": agency.name,
            "收到日期": chinese_date(today),
        }
    )
    lines = [line for line in body.format_map(values).splitlines() if line.strip()]
    return docx_render.render(
        layout_for(agency),
        {
            "标题": title,
            "文号": "（样例）",
            "称谓": "张三：",
            "机关名称": agency.name,
            "日期": chinese_date(today),
            "查询码": "ABCD234567",
        },
        lines,
    )


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind, kind)
