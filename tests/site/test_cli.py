"""`gongkai serve` migrates a fresh data directory and serves through gunicorn."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import urllib.request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_migrates_and_answers(tmp_path):
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DJANGO_"))}
    env.update(GONGKAI_DATA_DIR=str(tmp_path), DB="sqlite")
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gongkai.cli",
            "serve",
            "--port",
            str(port),
            "--workers",
            "1",
            "--dev-http",
            "--show-logins",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        seen = []
        for line in proc.stderr:  # gunicorn logs to stderr; EOF if it dies
            seen.append(line)
            if "Booting worker" in line:
                break
        assert any("Listening at" in line for line in seen), "".join(seen)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=30) as r:
            assert r.read() == b"ok"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as r:
            assert "政府信息公开" in r.read().decode()
        assert (tmp_path / "gongkai.sqlite3").exists()  # migrated into the data directory
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=30)
    assert "run `gongkai demo`" in out  # --show-logins on an empty site says how to seed


def test_manage_passes_through(capsys, db):
    from gongkai.cli import main

    assert main(["manage", "check"]) == 0
    assert "no issues" in capsys.readouterr().out
