"""Setting up Django for a benchmark worker, and running workers on both databases.

Each web benchmark runs its measurements in a worker process per database (SQLite,
then PostgreSQL), so the two never share a Django configuration. Data are built once
and kept: under bench/out for SQLite, in a database of their own on PostgreSQL.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any


def configure(engine: str, data_dir: Path, database: str) -> None:
    """Point Django at the benchmark's own data (`data_dir` for SQLite, the PostgreSQL
    database `database`, created if missing), set it up and migrate."""
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    os.environ["DJANGO_SETTINGS_MODULE"] = "gongkai.site.settings"
    os.environ["GONGKAI_DATA_DIR"] = str(data_dir)
    os.environ["GONGKAI_INSECURE_HTTP"] = "1"
    os.environ["GONGKAI_ALLOWED_HOSTS"] = "testserver"
    os.environ["DB"] = engine
    if engine == "postgres":
        os.environ["PGDATABASE"] = database
        import psycopg

        with psycopg.connect(
            host=os.environ.get("PGHOST", "127.0.0.1"),
            port=os.environ.get("PGPORT", "5432"),
            user=os.environ.get("PGUSER", "postgres"),
            dbname="postgres",
            autocommit=True,
        ) as conn:
            exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (database,))
            if not exists.fetchone():
                conn.execute(f'CREATE DATABASE "{database}"')
    else:
        os.environ.pop("PGDATABASE", None)
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def run_workers(module: str) -> list[tuple[str, dict[str, Any] | None, list[str]]]:
    """Run `python -m module ENGINE` for SQLite and PostgreSQL: for each, the result
    the worker printed last as JSON, or None and the end of its error output."""
    out = []
    for engine in ("sqlite", "postgres"):
        done = subprocess.run(
            [sys.executable, "-m", module, engine], capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            out.append((engine, None, done.stderr.strip().splitlines()[-15:]))
            continue
        out.append((engine, json.loads(done.stdout.strip().splitlines()[-1]), []))
    return out


def analyse() -> None:
    """What autovacuum (PostgreSQL) or `PRAGMA optimize` (SQLite) keeps up in a live
    database: fresh statistics for the planner."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def percentile(samples: list[float], q: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def timed_pages(client: Any, urls: list[str], warm: int = 10) -> dict[str, float]:
    """Server time of GET requests through Django's full stack, in ms: p50 and p95
    (after `warm` requests to fill caches and open connections)."""
    import statistics
    import time

    for url in urls[:warm]:
        client.get(url)
    samples = []
    for url in urls:
        t0 = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - t0) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return {"p50": statistics.median(samples), "p95": percentile(samples, 0.95), "n": len(urls)}


def worker(configure: Any, build: Any, measure: Any) -> None:
    """A worker's whole run for the engine named on the command line: set up, build the
    data (once), measure, and print the result as JSON on the last line."""
    import time

    t0 = time.perf_counter()
    configure(sys.argv[1])
    build()
    setup_s = time.perf_counter() - t0
    result = measure()
    result["setup_s"] = setup_s
    print(json.dumps(result))
