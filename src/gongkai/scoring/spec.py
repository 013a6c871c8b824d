"""Indicator sets (考核指标) as data: TOML files, one per place and year.

Pure (no Django). A set lives in `<dir>/<set name>/<year>.toml`; the set in force for a
year is the file of the latest year not after it, so a place edits its table for a new
year by adding a file. Each indicator says how it is computed (`compute`: the name of a
registered computation, or "manual" for a score the supervising office enters with its
evidence), its points, the deduction per case and the cap:

    name = "政务公开日常考核"
    [[indicator]]
    id = "publish-late"
    name = "主动公开信息未在20个工作日内公开"
    points = 10
    compute = "items_published_late"
    deduct = 1          # points per case
    cap = 10            # at most (default: the points)
    evidence = "公开信息的生成日期和公开日期"

An indicator's score is its points less min(cases x deduct, cap); a manual one's is the
score entered (0 to its points).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

MANUAL = "manual"
DEFAULT_DIR = Path(__file__).resolve().parent / "sets"
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}$")


class SpecError(ValueError):
    """An indicator file that cannot be used; the message says where and why."""


@dataclass(frozen=True)
class Indicator:
    id: str
    name: str
    points: Decimal
    compute: str
    deduct: Decimal = Decimal(0)
    cap: Decimal = Decimal(0)
    evidence: str = ""
    group: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def manual(self) -> bool:
        return self.compute == MANUAL

    def deduction(self, cases: int) -> Decimal:
        return min(self.deduct * cases, self.cap)


@dataclass(frozen=True)
class IndicatorSet:
    key: str  # the set's folder name
    year: int  # the year from which it applies
    name: str
    indicators: tuple[Indicator, ...]
    text: str  # the file as read, kept with a closed year's scores
    source: str = ""

    @property
    def points(self) -> Decimal:
        return sum((i.points for i in self.indicators), Decimal(0))

    def indicator(self, indicator_id: str) -> Indicator:
        for i in self.indicators:
            if i.id == indicator_id:
                return i
        raise KeyError(indicator_id)


def _decimal(value: Any, where: str) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | str | Decimal):
        raise SpecError(f"{where}：应为数字")
    try:
        out = Decimal(str(value))
    except InvalidOperation:
        raise SpecError(f"{where}：“{value}”不是数字") from None
    if out < 0 or not out.is_finite():
        raise SpecError(f"{where}：不能为负数")
    return out


def parse(text: str, *, key: str = "", year: int = 0, source: str = "", known=()) -> IndicatorSet:
    """Read a set from TOML text; `known` are the computation names that exist (when
    given, an unknown `compute` is an error)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{source}：不是有效的TOML：{exc}") from None
    name = data.get("name")
    if not isinstance(name, str) or not name.strip():
        raise SpecError(f"{source}：缺少 name（指标体系名称）")
    items = data.get("indicator")
    if not isinstance(items, list) or not items:
        raise SpecError(f"{source}：没有指标（[[indicator]]）")
    seen: set[str] = set()
    out = []
    for n, item in enumerate(items, 1):
        where = f"{source} 第{n}项指标"
        if not isinstance(item, dict):
            raise SpecError(f"{where}：格式不正确")
        iid = item.get("id")
        if not isinstance(iid, str) or not _ID.match(iid):
            raise SpecError(f"{where}：id 应由小写字母、数字和连字符组成")
        if iid in seen:
            raise SpecError(f"{where}：id“{iid}”重复")
        seen.add(iid)
        where = f"{source} 指标“{iid}”"
        unknown = set(item) - {
            "id",
            "name",
            "points",
            "compute",
            "deduct",
            "cap",
            "evidence",
            "group",
            "params",
        }
        if unknown:
            raise SpecError(f"{where}：不认识的字段 {', '.join(sorted(unknown))}")
        label = item.get("name")
        if not isinstance(label, str) or not label.strip():
            raise SpecError(f"{where}：缺少 name")
        compute = item.get("compute")
        if not isinstance(compute, str) or not compute:
            raise SpecError(f"{where}：缺少 compute（计算方式）")
        if known and compute != MANUAL and compute not in known:
            raise SpecError(f"{where}：没有名为“{compute}”的计算方式")
        points = _decimal(item.get("points"), f"{where} points")
        if points == 0:
            raise SpecError(f"{where}：points 应大于0")
        deduct = _decimal(item.get("deduct", 0), f"{where} deduct")
        if compute != MANUAL and deduct == 0:
            raise SpecError(f"{where}：自动计算的指标需要 deduct（每件扣分）")
        cap = _decimal(item.get("cap", points), f"{where} cap")
        if cap > points:
            raise SpecError(f"{where}：cap 不能大于 points")
        params = item.get("params", {})
        if not isinstance(params, dict):
            raise SpecError(f"{where}：params 应为表")
        out.append(
            Indicator(
                id=iid,
                name=label.strip(),
                points=points,
                compute=compute,
                deduct=deduct,
                cap=cap,
                evidence=str(item.get("evidence", "")).strip(),
                group=str(item.get("group", "")).strip(),
                params=params,
            )
        )
    return IndicatorSet(key, year, name.strip(), tuple(out), text, source)


def years_of(directory: Path, key: str) -> list[int]:
    folder = directory / key
    if not folder.is_dir():
        return []
    return sorted(int(p.stem) for p in folder.glob("*.toml") if p.stem.isdigit())


def load(directory: Path, key: str, year: int, known=()) -> IndicatorSet:
    """The set `key` in force for `year`: its file of the latest year not after it."""
    if not re.fullmatch(r"[A-Za-z0-9_-]+", key):
        raise SpecError(f"指标体系名称“{key}”不正确")
    years = [y for y in years_of(directory, key) if y <= year]
    if not years:
        raise SpecError(f"{directory / key}：没有适用于{year}年的指标文件（<年份>.toml）")
    path = directory / key / f"{years[-1]}.toml"
    return parse(
        path.read_text(encoding="utf-8"), key=key, year=years[-1], source=str(path), known=known
    )
