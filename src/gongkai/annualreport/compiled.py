"""Which parts of the engine run compiled, and the guard that keeps a stale build out.

`make compile` (scripts/compile_engine.py) compiles the modules below with mypyc into
C extensions beside their sources; Python then imports the extension instead of the
source. They are the parts where a report's time goes in Python code (tokenising,
reading the tables, the rules); the readers, the model and the writers stay plain
Python (their time is spent in C libraries, or their objects are pickled and
subclassed, which compiled classes do not allow).

A compiled module is older than its source after an edit or a checkout, and the
compiled modules call each other directly, so one stale extension would run old code
under new code. When any is stale, or when GONGKAI_PURE=1, every one of them is read
from its source instead (`use_sources_if_stale`, called when the package is imported),
with a warning when stale. Without a build there is nothing to guard.
"""

from __future__ import annotations

import importlib.machinery
import os
import sys
import warnings
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

PACKAGE = "gongkai.annualreport"
# Package-relative: a module file without ".py", or a subpackage (all of its modules).
COMPILED = ("labels", "interpret", "rules")

_ROOT = Path(__file__).resolve().parent


def sources(root: Path = _ROOT) -> list[Path]:
    """The source files that are compiled, under the package folder `root`."""
    out: list[Path] = []
    for name in COMPILED:
        folder = root / name
        if folder.is_dir():
            out.extend(sorted(folder.glob("*.py")))
        else:
            out.append(root / f"{name}.py")
    return out


def _built(source: Path) -> Path | None:
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        candidate = source.with_name(source.stem + suffix)
        if candidate.exists():
            return candidate
    return None


def stale(root: Path = _ROOT) -> list[Path] | None:
    """The sources whose compiled module is missing or older than the source; None
    when nothing is compiled at all (a plain install)."""
    found = [(src, _built(src)) for src in sources(root)]
    if all(built is None for _src, built in found):
        return None
    return [
        src for src, built in found if built is None or built.stat().st_mtime < src.stat().st_mtime
    ]


def module_name(source: Path, root: Path = _ROOT) -> str:
    parts = list(source.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join([PACKAGE, *parts])


class _Sources:
    """Finds the compiled modules' sources ahead of their extensions (a meta path
    finder; importlib.abc is not imported for it, as it costs a report's time)."""

    def __init__(self, files: dict[str, Path]):
        self.files = files

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        source = self.files.get(fullname)
        if source is None:
            return None
        import importlib.util

        package = [str(source.parent)] if source.name == "__init__.py" else None
        return importlib.util.spec_from_file_location(
            fullname, source, submodule_search_locations=package
        )


def is_compiled() -> bool:
    """Whether the compiled modules are the ones in use."""
    from . import labels

    return not str(getattr(labels, "__file__", "")).endswith(".py")


def use_sources_if_stale() -> None:
    if any(isinstance(f, _Sources) for f in sys.meta_path):
        return
    pure = os.environ.get("GONGKAI_PURE") == "1"
    old = stale()
    if old is None or not (pure or old):
        return
    if not pure:
        warnings.warn(
            f"the compiled engine is older than {len(old)} of its sources "
            f"({old[0].relative_to(_ROOT.parent.parent)} …); running the sources. "
            "`make compile` rebuilds it.",
            RuntimeWarning,
            stacklevel=3,
        )
    sys.meta_path.insert(0, _Sources({module_name(s): s for s in sources()}))
