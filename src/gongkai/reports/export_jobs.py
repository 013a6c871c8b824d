"""The board's Excel export as a background job when the supervising office oversees
more agencies than an answer to a request should wait for (`jobs.exports`)."""

from __future__ import annotations

from gongkai.agencies.models import Agency
from gongkai.jobs import exports
from gongkai.workflow import ActionError

from . import board_export

BOARD = "reports.board"


def board_rows(root: Agency) -> int:
    """Rows of the board's export: one per agency under the root."""
    return Agency.objects.filter(path__startswith=root.path).count()


def board_names(root: Agency, year: int) -> tuple[str, str]:
    return f"board-{year}.xlsx", f"{root.name}{year}年度政府信息公开工作年度报告审查情况.xlsx"


def board_workbook(params: dict, progress) -> exports.Export:
    root = Agency.objects.filter(pk=params.get("root")).first()
    if root is None:
        raise ActionError("要导出的机关已不存在。")
    year = int(params["year"])
    progress(10, "正在汇总各机关年度报告")
    content = board_export.workbook(root, year)
    return exports.Export(board_names(root, year)[1], exports.XLSX, content, rows=board_rows(root))
