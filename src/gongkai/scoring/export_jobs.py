"""The 考核表 of every agency and the 信息发布台账 as background jobs, when they hold more
rows than an answer to a request should wait for (`jobs.exports`)."""

from __future__ import annotations

from gongkai.agencies.models import Agency
from gongkai.jobs import exports
from gongkai.publishing.models import Item
from gongkai.workflow import ActionError

from . import exports as workbooks
from . import sheet as sheets
from .measures import bounds

RANKING = "scoring.ranking"
LEDGER = "scoring.ledger"


def ranking_rows(office: Agency) -> int:
    """Rows of the 考核表 export: about one per agency below the office."""
    return sheets.below(office).count()


def ledger_rows(agency: Agency, year: int) -> int:
    return Item.objects.filter(agency=agency, published_on__range=bounds(year)).count()


def ranking_names(office: Agency, year: int) -> tuple[str, str]:
    return f"scores-{year}.xlsx", f"{office.name}{year}年度政务公开考核表.xlsx"


def ledger_names(agency: Agency, year: int) -> tuple[str, str]:
    return f"ledger-{year}.xlsx", f"{agency.name}{year}年信息发布台账.xlsx"


def _agency(params: dict, key: str) -> Agency:
    agency = Agency.objects.filter(pk=params.get(key)).first()
    if agency is None:
        raise ActionError("要导出的机关已不存在。")
    return agency


def ranking_export(params: dict, progress) -> exports.Export:
    office, year = _agency(params, "office"), int(params["year"])
    progress(10, "正在计算各机关得分")
    all_sheets = sheets.sheets_for_office(office, year)
    progress(60, "正在排名")
    rows = sheets.ranking(office, year)
    progress(80, "正在生成考核表")
    content = workbooks.office_workbook(office, year, rows, all_sheets)
    return exports.Export(ranking_names(office, year)[1], exports.XLSX, content, rows=len(rows))


def ledger_export(params: dict, progress) -> exports.Export:
    agency, year = _agency(params, "agency"), int(params["year"])
    rows = ledger_rows(agency, year)
    progress(10, f"正在导出{rows}条发布记录")
    content = workbooks.ledger_workbook(agency, year)
    return exports.Export(ledger_names(agency, year)[1], exports.XLSX, content, rows=rows)
