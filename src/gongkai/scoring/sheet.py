"""Score sheets (考核表): per agency and year, every indicator with its points, the cases
behind each deduction and the score; live from the records, or frozen once the
supervising office has closed the year.

A sheet is plain data (a dict, the same shape live and frozen), so the page, the
exports and the frozen copy all read one thing:

    {"agency": id, "year": 2025, "set": {"key", "year", "name"}, "frozen": bool,
     "lines": [{"id", "group", "name", "points", "compute", "deduct", "cap", "evidence",
                "manual", "available", "reason", "cases": [...], "count",
                "deduction", "score", "entered": {...} | None}],
     "total", "possible", "unscored"}

Numbers are strings of decimals ("9.5"), so a frozen sheet reads back exactly.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from gongkai.agencies.models import Agency

from . import measures, spec
from .models import ClosedYear, FrozenSheet, ManualScore


def set_dir() -> Path:
    return Path(getattr(settings, "SCORING_DIR", "") or spec.DEFAULT_DIR)


def set_key() -> str:
    return getattr(settings, "SCORING_SET", "") or "example"


def indicator_set(year: int) -> spec.IndicatorSet:
    """The deployment's indicator set in force for `year` (SpecError if none)."""
    return spec.load(set_dir(), set_key(), year, known=set(measures.REGISTRY))


@lru_cache(maxsize=4096)
def _num(value: Decimal) -> str:
    """A score as the sheet writes it: "9.5", "10" (the same few values, again and again)."""
    value = value.normalize()
    return format(value, "f") if value == value.to_integral() else str(value)


def below(office: Agency):
    return Agency.objects.filter(path__startswith=office.path, is_active=True).exclude(pk=office.pk)


def peers_of(agency: Agency):
    """The agencies an agency is compared with (copied reports): its parent's subtree."""
    if agency.parent_id is None:
        return Agency.objects.filter(pk=agency.pk)
    return below(agency.parent)


def compute(
    agencies, year: int, found: spec.IndicatorSet, peers=None, *, cases: bool = True
) -> dict[int, dict]:
    """Live sheets for `agencies` (a queryset): each computation runs once for all.
    Without `cases` the lines count the cases but do not list them (the ranking)."""
    agencies = agencies.order_by("path")
    ids = list(agencies.values_list("pk", flat=True))
    results: dict[str, measures.Cases | None] = {}
    for ind in found.indicators:
        if ind.manual or ind.id in results:
            continue
        params = dict(ind.params)
        measure = measures.REGISTRY.get(ind.compute)
        if measure is None or measure.func is None:
            results[ind.id] = None
        else:
            results[ind.id] = measure.func(agencies, year, params, peers=peers)
    entered: dict[tuple[int, str], ManualScore] = {
        (m.agency_id, m.indicator): m
        for m in ManualScore.objects.filter(agency_id__in=ids, year=year).select_related(
            "entered_by"
        )
    }
    # what every agency's line of an indicator shares, and its score by number of cases
    # (the same few values for hundreds of agencies)
    heads = [_head(ind) for ind in found.indicators]
    scored_as: dict[tuple[str, int], tuple[str, str]] = {}
    out = {}
    for agency_id in ids:
        lines = []
        for ind, head in zip(found.indicators, heads, strict=True):
            line = dict(head, cases=[])
            if ind.manual:
                m = entered.get((agency_id, ind.id))
                if m is not None:
                    line["score"] = _num(m.score)
                    line["deduction"] = _num(ind.points - m.score)
                    line["entered"] = {
                        "note": m.note,
                        "evidence": m.evidence_name,
                        "by": m.entered_by.display_name,
                        "at": timezone.localtime(m.entered_at).strftime("%Y-%m-%d %H:%M"),
                    }
            elif (found_cases := results.get(ind.id)) is not None:
                mine = found_cases.get(agency_id, [])
                key = (ind.id, len(mine))
                if key not in scored_as:
                    deduction = ind.deduction(len(mine))
                    scored_as[key] = (_num(deduction), _num(ind.points - deduction))
                line["deduction"], line["score"] = scored_as[key]
                line["count"] = len(mine)
                line["cases"] = [c.as_dict() for c in mine] if cases else []
            lines.append(line)
        scored = [x for x in lines if x["score"] is not None]
        out[agency_id] = {
            "agency": agency_id,
            "year": year,
            "set": {"key": found.key, "year": found.year, "name": found.name},
            "frozen": False,
            "lines": lines,
            "total": _num(sum((Decimal(x["score"]) for x in scored), Decimal(0))),
            "possible": _num(sum((Decimal(x["points"]) for x in scored), Decimal(0))),
            "unscored": [x["id"] for x in lines if x["available"] and x["score"] is None],
        }
    return out


def _head(ind: spec.Indicator) -> dict:
    """An indicator's line before it is scored (unavailable if nothing computes it)."""
    line = {
        "id": ind.id,
        "group": ind.group,
        "name": ind.name,
        "points": _num(ind.points),
        "compute": ind.compute,
        "deduct": _num(ind.deduct),
        "cap": _num(ind.cap),
        "evidence": ind.evidence,
        "manual": ind.manual,
        "available": True,
        "reason": "",
        "cases": [],
        "count": 0,
        "deduction": None,
        "score": None,
        "entered": None,
    }
    measure = measures.REGISTRY.get(ind.compute)
    if not ind.manual and (measure is None or measure.func is None):
        line["available"] = False
        line["reason"] = measure.reason if measure else "没有该计算方式"
    return line


def frozen_sheet(agency: Agency, year: int) -> tuple[dict, ClosedYear] | None:
    found = (
        FrozenSheet.objects.filter(agency=agency, closed__year=year)
        .select_related("closed")
        .order_by("-closed__office__path")
        .first()
    )
    return (found.sheet, found.closed) if found else None


def sheet_for(agency: Agency, year: int) -> dict:
    """The agency's sheet: frozen if its office closed the year, else live."""
    frozen = frozen_sheet(agency, year)
    if frozen is not None:
        return frozen[0]
    one = Agency.objects.filter(pk=agency.pk)
    return compute(one, year, indicator_set(year), peers=peers_of(agency))[agency.pk]


def closed_year(office: Agency, year: int) -> ClosedYear | None:
    return ClosedYear.objects.filter(office=office, year=year).first()


def sheets_for_office(office: Agency, year: int, *, cases: bool = True) -> dict[int, dict]:
    """Every agency's sheet below the office: the frozen ones of a closed year, else live
    (listing the cases behind each deduction, or only counting them)."""
    closed = closed_year(office, year)
    if closed is not None:
        return {s.agency_id: s.sheet for s in closed.sheets.all()}
    agencies = below(office)
    return compute(agencies, year, indicator_set(year), peers=agencies, cases=cases)


def ranking(office: Agency, year: int, span: int = 5, sheets: dict | None = None) -> list[dict]:
    """The agencies below the office, best score first, with their totals of the
    `span` years before (closed years only: an open past year has no final score);
    from their `sheets` if the caller has them already."""
    if sheets is None:
        sheets = sheets_for_office(office, year, cases=False)
    agencies = {a.pk: a for a in below(office)}
    history: dict[int, dict[int, str]] = defaultdict(dict)
    for agency_id, y, total in FrozenSheet.objects.filter(
        closed__office=office, closed__year__gte=year - span, closed__year__lt=year
    ).values_list("agency_id", "closed__year", "total"):
        history[agency_id][y] = _num(total)
    years = list(range(year - span, year))
    rows = []
    for agency_id, sheet in sheets.items():
        agency = agencies.get(agency_id)
        if agency is None:
            continue
        deducted = [x for x in sheet["lines"] if x["deduction"] not in (None, "0")]
        summary = "；".join(f"{x['name']} −{x['deduction']}" for x in deducted)
        rows.append(
            {
                "agency": agency,
                "total": Decimal(sheet["total"]),
                "possible": Decimal(sheet["possible"]),
                "deductions": deducted,
                "summary": summary,
                "unscored": len(sheet["unscored"]),
                "trend": [history[agency_id].get(y) for y in years],
            }
        )
    rows.sort(key=lambda r: (-r["total"], r["agency"].path))
    rank = 0
    last = None
    for n, row in enumerate(rows, 1):
        if row["total"] != last:
            rank, last = n, row["total"]
        row["rank"] = rank
    return rows


def trend_years(year: int, span: int = 5) -> list[int]:
    return list(range(year - span, year))
