"""The supervising office's pages: the board, the roll-up, the charts and the Excel export."""

from __future__ import annotations

from urllib.parse import quote

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from gongkai import edge
from gongkai.agencies.models import Agency, Role
from gongkai.backoffice.access import staff_view
from gongkai.jobs import exports

from . import board as data
from . import board_export, corpus, deadlines, export_jobs
from . import charts as svg

R = Role


def _context(request) -> dict:
    """The board's scope from ?root=slug&year=N: the roots the user supervises, the root,
    the year (by default the one under review, with the reason in `year_note`) and the
    years to choose from; 404 for a root the user does not supervise."""
    roots = data.roots_for(request.user)
    if not roots:
        raise Http404("您没有监督的机关。")
    slug = request.GET.get("root")
    root = next((r for r in roots if r.slug == slug), None) if slug else roots[0]
    if root is None:
        raise Http404("没有找到该机关。")
    today = timezone.localdate()
    default, why = data.review_year(today, Agency.objects.filter(path__startswith=root.path))
    year = edge.bounded_int(request.GET.get("year") or str(default), 2019, today.year)
    if year is None:
        raise Http404("不支持该年度。")
    return {
        "roots": roots,
        "root": root,
        "year": year,
        "years": list(range(today.year, 2018, -1)),
        "year_note": "" if request.GET.get("year") else f"默认显示{default}年度：{why}。",
    }


@staff_view(R.SUPERVISOR)
def board(request):
    scope = _context(request)
    root, year = scope["root"], scope["year"]
    rows = data.rows(root, year)
    only = request.GET.get("show", "")
    shown = rows
    if only == "problems":
        shown = [r for r in rows if r.late or r.errors or r.warnings]
    return render(
        request,
        "reports/board.html",
        {
            **scope,
            "rows": shown,
            "summary": data.summary(rows),
            "due": deadlines.due_date(rows[0].agency, year) if rows else None,
            "show": only,
            "tab": "board",
        },
    )


@staff_view(R.SUPERVISOR)
def rollup(request):
    scope = _context(request)
    root, year = scope["root"], scope["year"]
    result = data.rollup(root, year)
    return render(
        request,
        "reports/rollup.html",
        {
            **scope,
            "rollup": result,
            "tab": "rollup",
        },
    )


@staff_view(R.SUPERVISOR)
def charts(request):
    scope = _context(request)
    root, year = scope["root"], scope["year"]
    months = data.by_month(root, year)
    outcomes = data.outcomes(root, year)
    rates = data.on_time(root, year)
    agencies = {a.pk: a for a in data.below(root)}
    agencies[root.pk] = root
    table = []
    for agency_id, (closed, ok) in rates.items():
        agency = agencies.get(agency_id)
        if agency is None or not closed:
            continue
        table.append({"agency": agency, "closed": closed, "on_time": ok, "rate": ok / closed})
    table.sort(key=lambda r: (r["rate"], r["agency"].path))
    total_closed = sum(r["closed"] for r in table)
    total_ok = sum(r["on_time"] for r in table)
    chart_rows = [
        (
            r["agency"].short_name or r["agency"].name,
            r["rate"] * 100,
            f"{r['rate'] * 100:.0f}%（{r['on_time']}/{r['closed']}）",
            svg.rate_color(r["rate"]),
        )
        for r in table[:40]
    ]
    return render(
        request,
        "reports/charts.html",
        {
            **scope,
            "tab": "charts",
            "months_chart": svg.columns(
                [(f"{m}月", n) for m, n in enumerate(months, 1)],
                title=f"{year}年各月收到的政府信息公开申请（件）",
            ),
            "months": months,
            "outcomes_chart": svg.bars(
                [(label, n, f"{n}件") for label, n in outcomes],
                title=f"{year}年办结申请的办理结果（件）",
            ),
            "outcomes": outcomes,
            "rates_chart": svg.bars(
                chart_rows, title="按期办结率（20个工作日内办结的比例）", maximum=100
            )
            if chart_rows
            else None,
            "rates": table,
            "rates_cut": len(table) > 40,
            "total_rate": (total_ok / total_closed) if total_closed else None,
            "total_closed": total_closed,
            "total_ok": total_ok,
        },
    )


@staff_view(R.SUPERVISOR)
def export(request):
    scope = _context(request)
    root, year = scope["root"], scope["year"]
    if exports.too_big(export_jobs.board_rows(root)):
        job = exports.start(
            export_jobs.BOARD,
            label=f"导出{root.name}{year}年度年报审查情况",
            params={"root": root.pk, "year": year},
            user=request.user,  # the supervisor's, as the board is
        )
        return redirect(job)
    content = board_export.workbook(root, year)
    ascii_name, name = export_jobs.board_names(root, year)
    response = HttpResponse(content, content_type=exports.XLSX)
    response["Content-Disposition"] = (
        f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    )
    return response


@staff_view(R.SUPERVISOR)
def similar(request):
    """Copied reports (雷同) among the agencies, and stated against portal counts."""
    scope = _context(request)
    root, year = scope["root"], scope["year"]
    agencies = data.below(root)
    return render(
        request,
        "reports/similar.html",
        {
            **scope,
            "tab": "similar",
            "pairs": corpus.copied(agencies, year),
            "counts": corpus.published_counts(agencies, year),
        },
    )
