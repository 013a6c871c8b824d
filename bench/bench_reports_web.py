"""The annual report from the records, at scale, on SQLite and PostgreSQL.

Targets (issue 5): for one agency with 100,000 applications and 1,000,000 items, tables
二, 三 and 四 compute in under 1 s (reported beside a single hand-written aggregate SQL
query over the same data, as a ratio); the supervising office's board for 500 agencies
renders in under 1 s (server time through Django's full stack). Each database runs in
its own process (`bench.reports_worker`); the data are built once with bulk inserts and
kept in bench/out/reports and the `gongkai_bench_reports` database.
"""

from __future__ import annotations

from bench import django_env

TARGET_MS = 1000.0


def main() -> list[str]:
    lines: list[str] = []
    for engine, result, errors in django_env.run_workers("bench.reports_worker"):
        if result is None:
            lines += [f"{engine}: worker failed MISSED", *errors]
            continue
        lines.extend(format_result(engine, result))
    return lines


def verdict(ms: float) -> str:
    return "met" if ms < TARGET_MS else "MISSED"


def format_result(engine: str, r: dict) -> list[str]:
    tables, sql = r["tables_ms"], r["sql_ms"]
    return [
        f"{engine}: {r['applications']:,} applications, {r['items']:,} items in the agency; "
        f"{r['agencies']} agencies on the board (setup {r['setup_s']:.0f} s)",
        f"{engine}: tables 二/三/四 for one agency  median {tables['p50']:7.1f} ms  max "
        f"{tables['max']:7.1f} ms  (target < 1000 ms: {verdict(tables['max'])})",
        f"{engine}: one hand-written aggregate SQL median {sql['p50']:7.1f} ms  "
        f"-> tables/SQL ratio x{tables['p50'] / sql['p50']:.2f}",
        f"{engine}: whole report (tables, entered figures, engine model, checks) median "
        f"{r['build_ms']['p50']:7.1f} ms",
        f"{engine}: supervisor's board, 500 agencies  median {r['board_ms']['p50']:7.1f} ms  "
        f"max {r['board_ms']['max']:7.1f} ms  (target < 1000 ms: {verdict(r['board_ms']['max'])})",
        f"{engine}: roll-up page {r['rollup_ms']['p50']:.0f} ms, charts page "
        f"{r['charts_ms']['p50']:.0f} ms, board Excel {r['export_ms']['p50']:.0f} ms (median; no target)",
    ]
