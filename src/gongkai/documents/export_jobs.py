"""The register's Excel export as a background job, for agencies with more documents than
an answer to a request should wait for (`jobs.exports`)."""

from __future__ import annotations

from gongkai.agencies.models import Agency
from gongkai.jobs import exports
from gongkai.workflow import ActionError

from . import register_xlsx
from .models import Document

NAME = "documents.register"


def documents_of(agency: Agency):
    return Document.objects.filter(agency=agency).order_by("made_on", "pk")


def filename(agency: Agency) -> str:
    return f"register-{agency.slug}.xlsx"


def register_export(params: dict, progress) -> exports.Export:
    agency = Agency.objects.filter(pk=params.get("agency")).first()
    if agency is None:
        raise ActionError("要导出的机关已不存在。")
    documents = documents_of(agency)
    rows = documents.count()
    progress(10, f"正在导出{rows}条公文登记")
    content = register_xlsx.export(documents.iterator(chunk_size=2000))
    return exports.Export(filename(agency), exports.XLSX, content, rows=rows)
