"""Portal speed with 200,000 published items across 300 agencies, on SQLite and PostgreSQL.

Targets (issue 3): search p95 < 100 ms, item and list pages p95 < 50 ms of server time.
Server time is measured in-process through Django's full stack (middleware, URL routing,
views, templates, database), without the network; the bare view is a Django view that
returns a constant, served the same way, so the ratio shows what the pages cost above
the framework's own floor. Each database runs in its own process (`bench.portal_worker`),
and the data are kept in bench/out and the `gongkai_bench` database between runs.
"""

from __future__ import annotations

from bench import django_env


def main() -> list[str]:
    lines: list[str] = []
    for engine, result, errors in django_env.run_workers("bench.portal_worker"):
        if result is None:
            lines += [f"{engine}: worker failed MISSED", *errors]
            continue
        lines.extend(format_result(engine, result))
    return lines


def format_result(engine: str, result: dict) -> list[str]:
    bare = result["bare"]["p95"]
    lines = [
        f"{engine}: {result['items']} published items, {result['agencies']} agencies "
        f"(setup {result['setup_s']:.0f} s); bare Django view p95 {bare:.2f} ms"
    ]
    for name, stats in result["pages"].items():
        target = 100.0 if name.startswith("search") else 50.0
        verdict = "met" if stats["p95"] < target else "MISSED"
        lines.append(
            f"{engine}: {name:<22} p50 {stats['p50']:6.1f} ms  p95 {stats['p95']:6.1f} ms  "
            f"(x{stats['p95'] / bare:.0f} bare; target < {target:.0f} ms: {verdict})"
        )
    return lines
