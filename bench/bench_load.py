"""A bounded load test of the public pages, over real HTTP, on SQLite and PostgreSQL.

For each database: the demo is seeded (`gongkai demo`, idempotent) into data of the
benchmark's own (bench/out/load-sqlite, the `gongkai_load` database), `gongkai serve`
starts gunicorn as in production (3 workers, --dev-http), and 16 clients with
keep-alive connections request the home page, searches and item pages in turn for 30
seconds. Reported: requests per second, errors (any answer but 200, any failed
connection) and the p50/p95 latency seen by the clients. Target: zero errors.

GONGKAI_LOAD_SECONDS and GONGKAI_LOAD_CLIENTS shorten a trial run.
"""

from __future__ import annotations

import http.client
import os
import re
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import quote

SECONDS = float(os.environ.get("GONGKAI_LOAD_SECONDS", "30"))
CLIENTS = int(os.environ.get("GONGKAI_LOAD_CLIENTS", "16"))
WORKERS = 3
QUERIES = ("通知", "公开", "文化", "预算", "教育 安全", "政府信息公开")
OUT = Path(__file__).parent / "out"


def main() -> list[str]:
    lines: list[str] = []
    for engine in ("sqlite", "postgres"):
        try:
            result = run(engine)
        except Exception as exc:  # noqa: BLE001 - reported as a missed target
            lines.append(f"{engine}: load test failed: {exc} MISSED")
            continue
        verdict = "met" if result["errors"] == 0 and result["requests"] > 0 else "MISSED"
        lines.append(
            f"{engine}: {CLIENTS} clients for {SECONDS:.0f} s against {WORKERS} gunicorn "
            f"workers: {result['requests']} requests, {result['rps']:.0f} req/s, "
            f"{result['errors']} errors (target 0: {verdict}); "
            f"p50 {result['p50']:.0f} ms, p95 {result['p95']:.0f} ms"
        )
        for kind, stats in sorted(result["pages"].items()):
            lines.append(
                f"{engine}:   {kind:<6} {stats['count']:6d} requests  "
                f"p50 {stats['p50']:5.0f} ms  p95 {stats['p95']:5.0f} ms"
            )
        if result["first_error"]:
            lines.append(f"{engine}:   first error: {result['first_error']}")
    return lines


def _environment(engine: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        GONGKAI_DATA_DIR=str(OUT / f"load-{engine}"),
        GONGKAI_INSECURE_HTTP="1",
        GONGKAI_ALLOWED_HOSTS="127.0.0.1,localhost",
        DB=engine,
        GONGKAI_LOG_LEVEL="ERROR",
    )
    if engine == "postgres":
        env["PGDATABASE"] = "gongkai_load"
        _create_database("gongkai_load")
    else:
        env.pop("PGDATABASE", None)
    return env


def _create_database(name: str) -> None:
    import psycopg

    with psycopg.connect(
        host=os.environ.get("PGHOST", "127.0.0.1"),
        port=os.environ.get("PGPORT", "5432"),
        user=os.environ.get("PGUSER", "postgres"),
        dbname="postgres",
        autocommit=True,
    ) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(engine: str) -> dict:
    env = _environment(engine)
    (OUT / f"load-{engine}").mkdir(parents=True, exist_ok=True)
    gongkai = [sys.executable, "-m", "gongkai.cli"]
    subprocess.run([*gongkai, "demo", "--quiet"], env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [*gongkai, "serve", "--port", str(port), "--workers", str(WORKERS), "--dev-http"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        _wait_until_up(port)
        urls = _urls(port)
        return _load(port, urls)
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()


def _wait_until_up(port: int) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError("the server did not answer /healthz within 60 s")


def _urls(port: int) -> list[tuple[str, str]]:
    """The pages the clients cycle through: home, searches, and item pages found on them."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    found: list[str] = []
    for path in ["/", "/search/"] + [f"/search/?q={quote(q)}" for q in QUERIES]:
        conn.request("GET", path)
        body = conn.getresponse().read().decode("utf-8", "replace")
        found += re.findall(r'href="(/i/[^/"]+/)"', body)
    items = sorted(set(found))[:40]
    if not items:
        raise RuntimeError("no item pages found on the home and search pages")
    pages = [("home", "/")]
    pages += [("search", f"/search/?q={quote(q)}") for q in QUERIES]
    pages += [("item", path) for path in items]
    return pages


def _load(port: int, pages: list[tuple[str, str]]) -> dict:
    samples: dict[str, list[float]] = {}
    errors: list[str] = []
    lock = threading.Lock()
    stop = time.monotonic() + SECONDS
    # the same mix for every client, each starting at another place in it
    order = [p for p in pages if p[0] == "item"]
    mix = []
    for i, item in enumerate(order):
        mix.append(item)
        if i % 2 == 0:
            mix.append(pages[0])
        mix.append(pages[1 + i % len(QUERIES)])

    def client(n: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        mine: dict[str, list[float]] = {}
        failed: list[str] = []
        i = n * 7
        while time.monotonic() < stop:
            kind, path = mix[i % len(mix)]
            i += 1
            started = time.perf_counter()
            try:
                conn.request("GET", path, headers={"Connection": "keep-alive"})
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                failed.append(f"{path}: {type(exc).__name__}: {exc}")
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                continue
            if status != 200:
                failed.append(f"{path}: HTTP {status}")
                continue
            mine.setdefault(kind, []).append((time.perf_counter() - started) * 1000)
        conn.close()
        with lock:
            for kind, values in mine.items():
                samples.setdefault(kind, []).extend(values)
            errors.extend(failed)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    began = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.monotonic() - began
    every = [v for values in samples.values() for v in values]
    return {
        "requests": len(every) + len(errors),
        "rps": (len(every) + len(errors)) / elapsed,
        "errors": len(errors),
        "first_error": errors[0] if errors else "",
        "p50": _percentile(every, 0.50),
        "p95": _percentile(every, 0.95),
        "pages": {
            kind: {
                "count": len(values),
                "p50": _percentile(values, 0.50),
                "p95": _percentile(values, 0.95),
            }
            for kind, values in samples.items()
        },
    }


def _percentile(samples: list[float], q: float) -> float:
    if not samples:
        return 0.0
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]
