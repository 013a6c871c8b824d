"""Production defaults: `check --deploy` is clean unless plain HTTP is asked for."""

from __future__ import annotations

import os
import subprocess
import sys


def run_check(tmp_path, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("GONGKAI_", "DJANGO_"))}
    environment.update(
        DJANGO_SETTINGS_MODULE="gongkai.site.settings",
        GONGKAI_DATA_DIR=str(tmp_path),
        DB="sqlite",
        **env,
    )
    return subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_deploy_check_is_clean_by_default(tmp_path):
    done = run_check(tmp_path)
    assert done.returncode == 0, done.stderr + done.stdout
    # The generated secret key is kept in the data directory, readable by the owner only.
    key = tmp_path / "secret_key"
    assert key.exists() and oct(key.stat().st_mode & 0o777) == "0o600"
    assert len(key.read_text().strip()) >= 50


def test_plain_http_mode_is_explicit(tmp_path):
    done = run_check(tmp_path, GONGKAI_INSECURE_HTTP="1")
    assert done.returncode != 0
    assert "SESSION_COOKIE_SECURE" in done.stderr + done.stdout
