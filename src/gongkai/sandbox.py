"""Parse an uploaded file in a child process with a memory and a time limit.

    from gongkai import sandbox
    report = sandbox.call("gongkai.annualreport:read_bytes", data, "report.pdf",
                          memory_mb=1024, seconds=60)

The readers check sizes and counts before their expensive work (`gongkai.filelimits`),
but a parser is C code we do not control: what it allocates for a crafted file is
bounded here, by the kernel. The child runs `module:function(*args, **kwargs)` (a pure
function: no Django, no database) under RLIMIT_AS and RLIMIT_CPU, and a wall-clock
timeout; its result or its exception comes back pickled. A web worker that calls this
never holds the parse's memory, so it neither grows nor keeps what a parse took.

An exception the function raises is raised again here, as itself. A child that runs
out of memory or time, or dies, raises `SandboxError` with a message for the user.
Pure: no Django.
"""

from __future__ import annotations

import importlib
import os
import pickle
import resource
import subprocess
import sys
from typing import Any

DEFAULT_MEMORY_MB = int(os.environ.get("GONGKAI_PARSE_MEMORY_MB", "1024"))
# below gunicorn's 30-second worker timeout, so the user gets the message, not a 502
DEFAULT_SECONDS = int(os.environ.get("GONGKAI_PARSE_SECONDS", "20"))


class SandboxError(Exception):
    """The child ran out of memory or time, or died; the message says which."""


def call(
    target: str,
    *args: Any,
    memory_mb: int | None = None,
    seconds: int | None = None,
    **kwargs: Any,
) -> Any:
    """`target`'s result for these arguments, computed in a child process."""
    memory_mb = memory_mb or DEFAULT_MEMORY_MB
    seconds = seconds or DEFAULT_SECONDS
    payload = pickle.dumps((target, args, kwargs, memory_mb, seconds))
    try:
        done = subprocess.run(
            [sys.executable, "-m", "gongkai.sandbox"],
            input=payload,
            capture_output=True,
            timeout=seconds + 5,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SandboxError(_TIME % seconds) from None
    if done.returncode != 0 or not done.stdout:
        if b"MemoryError" in done.stderr:
            raise SandboxError(_MEMORY % memory_mb)
        if done.returncode in (-9, -24):  # SIGKILL, SIGXCPU: the CPU limit
            raise SandboxError(_TIME % seconds)
        raise SandboxError(
            f"处理文件的进程意外结束（{done.returncode}） (the parsing process died)"
        )
    kind, value = pickle.loads(done.stdout)  # noqa: S301 - our own child's answer
    if kind == "error":
        raise value
    if kind == "memory":
        raise SandboxError(_MEMORY % memory_mb)
    return value


_MEMORY = "处理该文件所需内存超过 %d MB 的上限，拒绝读取 (the file needs more memory than allowed)"
_TIME = "处理该文件超过 %d 秒的上限，已放弃 (the file took longer than allowed)"


def _child() -> None:
    target, args, kwargs, memory_mb, seconds = pickle.loads(sys.stdin.buffer.read())  # noqa: S301
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    resource.setrlimit(resource.RLIMIT_CPU, (seconds, seconds + 1))
    module, _, name = target.partition(":")
    out = sys.stdout.buffer
    try:
        function = getattr(importlib.import_module(module), name)
        answer: tuple[str, Any] = ("ok", function(*args, **kwargs))
    except MemoryError:
        answer = ("memory", None)
    except Exception as exc:  # noqa: BLE001 - handed to the parent as it is
        answer = ("error", exc)
    try:
        data = pickle.dumps(answer)
    except Exception as exc:  # noqa: BLE001 - an exception that does not pickle
        data = pickle.dumps(("error", SandboxError(f"{type(exc).__name__}: {answer[1]}")))
    out.write(data)
    out.flush()


if __name__ == "__main__":
    _child()
