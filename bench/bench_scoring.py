"""Scoring at scale, on SQLite and PostgreSQL (issue 13).

Target: the supervising office's scoring board (ranking) of 500 agencies with their
scores renders in under 1 s, server time through Django's full stack, while the year is
open (every indicator computed from the records: 100,000 applications handled here,
about one in twenty answered late; 50,000 items, one in twenty published late; 1,000
cases; 500 last-year reports compared for copies, ten of them copied) and once it is closed
(frozen sheets). Each database runs in its own process (`bench.scoring_worker`); the
data are built once and kept in bench/out/scoring and `gongkai_bench_scoring`.
"""

from __future__ import annotations

from bench import django_env

TARGET_MS = 1000.0


def verdict(ms: float) -> str:
    return "met" if ms < TARGET_MS else "MISSED"


def main() -> list[str]:
    lines: list[str] = []
    for engine, r, errors in django_env.run_workers("bench.scoring_worker"):
        if r is None:
            lines += [f"{engine}: worker failed MISSED", *errors]
            continue
        lines += [
            f"{engine}: {r['agencies']} agencies, {r['applications']:,} applications, "
            f"{r['items']:,} items, {r['reports']} last-year reports (setup {r['setup_s']:.0f} s)",
            f"{engine}: scoring board, open year  median {r['open_ms']['p50']:7.1f} ms  max "
            f"{r['open_ms']['max']:7.1f} ms  (target < 1000 ms: {verdict(r['open_ms']['max'])})",
            f"{engine}: scoring board, closed year  median {r['closed_ms']['p50']:7.1f} ms  max "
            f"{r['closed_ms']['max']:7.1f} ms  (target < 1000 ms: {verdict(r['closed_ms']['max'])})",
            f"{engine}: one agency's sheet {r['sheet_ms']['p50']:.0f} ms, 考核表 Excel of all "
            f"{r['export_ms']['p50']:.0f} ms, closing the year {r['close_ms']:.0f} ms (no target)",
        ]
    return lines
