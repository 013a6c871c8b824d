"""The files jobs produce (exports, results of bulk checks) and the inputs they wait on.

Everything lives under `DATA_DIR/jobs/`: a job's output is first written under a hidden
temporary name (`stage()`), then renamed to its final name (`publish()`) inside the
handler's final transaction, after `runner.hold(job)`; the job's result names the file
only then. A worker killed while writing leaves a hidden `.part` file that no page
shows and `clean_job_files` removes. Inputs (the uploads a bulk check reads) wait in
`DATA_DIR/jobs/inputs/<token>/` and go when their job is done.

A job's result lists its files as `{"files": {key: {"name", "filename",
"content_type", "size"}}}`: `name` is the stored name, `filename` what the user's
browser saves.
"""

from __future__ import annotations

import os
import secrets
import shutil
import time
from collections.abc import Iterable
from pathlib import Path
from typing import IO

from django.conf import settings

PART = ".part"


def root() -> Path:
    path = Path(settings.DATA_DIR) / "jobs"
    path.mkdir(parents=True, exist_ok=True)
    return path


def inputs_root() -> Path:
    path = root() / "inputs"
    path.mkdir(parents=True, exist_ok=True)
    return path


class Staged:
    """A file being written under a temporary name; `publish()` makes it final."""

    def __init__(self, job, key: str, suffix: str):
        self.job, self.key, self.suffix = job, key, suffix.lstrip(".").lower()
        self.path = root() / f".{job.code}-{key}-{secrets.token_hex(4)}{PART}"
        self.handle: IO[bytes] = open(self.path, "wb")  # noqa: SIM115 (closed by close())
        self.size = 0

    def write(self, data: bytes) -> None:
        self.handle.write(data)
        self.size += len(data)

    def close(self) -> None:
        if not self.handle.closed:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()

    def discard(self) -> None:
        if not self.handle.closed:
            self.handle.close()
        self.path.unlink(missing_ok=True)


def stage(job, key: str, suffix: str, content: bytes | Iterable[bytes] = b"") -> Staged:
    """Write `content` (bytes or chunks) to a temporary file for the job's output `key`;
    more may be written to the returned object before `publish()`."""
    staged = Staged(job, key, suffix)
    try:
        if isinstance(content, bytes):
            staged.write(content)
        else:
            for chunk in content:
                staged.write(chunk)
    except BaseException:
        staged.discard()
        raise
    return staged


def publish(staged: Staged, *, filename: str, content_type: str) -> dict:
    """Rename the staged file to its final name (call inside the final transaction,
    after `runner.hold(job)`); returns its entry for the job's result."""
    staged.close()
    name = f"{staged.job.code}-{staged.key}.{staged.suffix}"
    os.replace(staged.path, root() / name)
    return {
        "name": name,
        "filename": filename,
        "content_type": content_type,
        "size": staged.size,
    }


def entry(job, key: str) -> dict | None:
    files = job.result.get("files") if isinstance(job.result, dict) else None
    found = files.get(key) if isinstance(files, dict) else None
    return found if isinstance(found, dict) and found.get("name") else None


def path_of(job, key: str) -> Path | None:
    """The stored file of the job's output `key`, or None when there is none (any more)."""
    found = entry(job, key)
    if found is None:
        return None
    name = str(found["name"])
    if "/" in name or "\\" in name or name.startswith("."):
        return None
    path = root() / name
    return path if path.is_file() else None


def new_inputs() -> tuple[str, Path]:
    token = secrets.token_hex(12)
    path = inputs_root() / token
    path.mkdir()
    return token, path


def inputs_of(token: str) -> Path | None:
    if not token or not token.isalnum():
        return None
    path = inputs_root() / token
    return path if path.is_dir() else None


def drop_inputs(token: str) -> None:
    path = inputs_of(token)
    if path is not None:
        shutil.rmtree(path, ignore_errors=True)


def old_files(days: float, *, now: float | None = None) -> list[Path]:
    """Outputs, temporary files and input folders last changed more than `days` ago
    (temporary files and inputs after one day at most: nothing runs that long)."""
    now = now if now is not None else time.time()
    cutoff = now - days * 86400
    scratch = now - min(days, 1) * 86400
    found = []
    for path in root().iterdir():
        if path.is_file():
            limit = scratch if path.name.endswith(PART) else cutoff
            if path.stat().st_mtime < limit:
                found.append(path)
    for path in inputs_root().iterdir():
        if path.is_dir() and path.stat().st_mtime < scratch:
            found.append(path)
    return found


def remove(path: Path) -> None:
    if path.is_dir():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)
