"""The officer's desk with 100,000 open applications, on SQLite and PostgreSQL.

Target (issue 4): the officer's desk p95 < 100 ms of server time. Each database runs in
its own process (`bench.applications_worker`); the data are kept in bench/out and the
`gongkai_bench_applications` database between runs. The due-date rate (50,000/s) is
measured by bench_workdays.
"""

from __future__ import annotations

from bench import django_env

TARGET_MS = 100.0
TARGETED = ("desk (first page)", "desk, every queue", "desk, deep pages", "desk, mine only")


def main() -> list[str]:
    lines: list[str] = []
    for engine, result, errors in django_env.run_workers("bench.applications_worker"):
        if result is None:
            lines += [f"{engine}: worker failed MISSED", *errors]
            continue
        lines.append(
            f"{engine}: {result['open']} open and {result['closed']} closed applications "
            f"(setup {result['setup_s']:.0f} s)"
        )
        for name, stats in result["pages"].items():
            verdict = ""
            if name in TARGETED:
                verdict = f"; target < {TARGET_MS:.0f} ms: " + (
                    "met" if stats["p95"] < TARGET_MS else "MISSED"
                )
            lines.append(
                f"{engine}: {name:<31} p50 {stats['p50']:6.1f} ms  p95 {stats['p95']:6.1f} ms"
                f"{verdict}"
            )
    return lines
