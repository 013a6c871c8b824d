"""A time bound for reading one file, so a hostile input cannot hang a batch."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from .errors import ReadError

DEFAULT_SECONDS = 60.0


@contextmanager
def time_limit(seconds: float | None, source: str | None = None) -> Iterator[None]:
    """Raise ReadError if the block runs longer than `seconds` (main thread only;
    elsewhere the block runs unbounded)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise ReadError(
            f"读取超过{seconds:g}秒，已放弃 (gave up after {seconds:g} s)", source=source
        )

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def allow_more(seconds: float) -> None:
    """Give the block running under `time_limit` `seconds` more: a scanned file read
    through OCR takes longer than any text (and has its own bound). Nothing happens
    when no limit is running, or off the main thread."""
    if threading.current_thread() is not threading.main_thread():
        return
    left, _ = signal.getitimer(signal.ITIMER_REAL)
    if left > 0:
        signal.setitimer(signal.ITIMER_REAL, left + seconds)
