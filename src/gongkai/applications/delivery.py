"""The information given with an answer (第四十条): files kept through the one upload
module, and the published item an answer of 三.一 cites; what the letter says of them."""

from __future__ import annotations

from django.conf import settings

from gongkai import uploads
from gongkai.workflow import ActionError

from .classification import Outcome
from .models import DeliveredFile

# Outcomes that give the applicant information, so files may go with them.
GIVING = (Outcome.DISCLOSED, Outcome.PARTLY_DISCLOSED)


def check_answer(outcome: str, files, published_item) -> None:
    if files and outcome not in GIVING:
        raise ActionError("只有予以公开或部分公开的答复可以附送信息文件。", field="files")
    if published_item is not None:
        if outcome != Outcome.DISCLOSED:
            raise ActionError("已主动公开的信息只能在“予以公开”的答复中引用。", field="published")
        if not published_item.is_public:
            raise ActionError("所选信息不在门户公开，不能引用。", field="published")


def store(application, upload, *, acting_user) -> DeliveredFile:
    """Check and keep one file of the information (inside an `uploads.action`)."""
    uploads.check(
        upload,
        extensions=settings.DELIVERY_EXTENSIONS,
        max_bytes=settings.DELIVERY_MAX_BYTES,
        field="files",
    )
    stored = DeliveredFile(
        application=application,
        name=upload.name[-200:],
        size=upload.size,
        content_type=getattr(upload, "content_type", "") or "application/octet-stream",
        uploaded_by=acting_user,
    )
    uploads.keep(stored.file, upload, upload.name)
    stored.save()
    return stored


def letter_text(reply: str, files, published_item) -> str:
    """The answer's 答复说明 with what is given: the published item's place, the files."""
    parts = [reply] if reply else []
    if published_item is not None:
        url = settings.SITE_URL + published_item.get_absolute_url()
        parts.append(
            f"您申请的信息已于{published_item.published_on:%Y年%-m月%-d日}主动公开"
            f"（《{published_item.title}》，索引号{published_item.index_number}），"
            f"可通过以下网址查阅：{url}"
        )
    if files:
        names = "、".join(f"《{f.name}》" for f in files)
        parts.append(f"本机关向您提供的信息见附件：{names}，可凭查询码在本平台下载。")
    return "\n".join(parts)
