"""Compile the engine's hot modules with mypyc (`make compile`); see annualreport/compiled.py.

The extensions are built beside their sources (src/gongkai/annualreport/...), with the
shared library of the group in src/. Without mypyc, a C compiler or Python's headers
the engine stays plain Python: this prints why and exits 0, unless --required.

    python scripts/compile_engine.py [--if-stale] [--required] [--clean]
"""

from __future__ import annotations

import argparse
import importlib.machinery
import importlib.util
import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "src"
# compiled.py by itself: importing the package would import (stale) compiled modules
_spec = importlib.util.spec_from_file_location(
    "gongkai_compiled", SRC / "gongkai" / "annualreport" / "compiled.py"
)
assert _spec is not None and _spec.loader is not None
compiled = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(compiled)

GROUP = "gongkai_engine"


def built_files() -> list[Path]:
    """Every extension a build leaves in src/ (also those of modules no longer listed)."""
    out: list[Path] = []
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        out.extend(SRC.glob(f"{GROUP}__mypyc*{suffix}"))
        out.extend((SRC / "gongkai" / "annualreport").rglob(f"*{suffix}"))
    return sorted(set(out))


def clean() -> None:
    for path in built_files():
        path.unlink()


def why_not() -> str | None:
    """Why this machine cannot compile, or None."""
    try:
        import mypyc.build  # noqa: F401
    except ImportError:
        return "mypyc is not installed (pip install '.[dev]')"
    headers = Path(sysconfig.get_paths()["include"], "Python.h")
    if not headers.exists():
        return f"Python's C headers are missing ({headers}; Debian: python3-dev)"
    cc = (sysconfig.get_config_var("CC") or "cc").split()[0]
    if shutil.which(cc) is None:
        return f"no C compiler ({cc}; Debian: gcc)"
    return None


def build() -> None:
    from mypyc.build import mypycify
    from setuptools import Distribution

    sources = [str(p.relative_to(SRC)) for p in compiled.sources(SRC / "gongkai" / "annualreport")]
    here = Path.cwd()
    os.chdir(SRC)  # mypyc names modules after their paths from here
    try:
        with tempfile.TemporaryDirectory(prefix="gongkai-mypyc-") as tmp:
            extensions = mypycify(
                # the project's mypy settings are in pyproject.toml, out of sight from src/
                ["--ignore-missing-imports", "--python-version", "3.11", *sources],
                opt_level="3",
                group_name=GROUP,
                target_dir=str(Path(tmp) / "c"),
            )
            dist = Distribution({"name": "gongkai-engine", "ext_modules": extensions})
            cmd = dist.get_command_obj("build_ext")
            cmd.inplace = True
            cmd.build_temp = str(Path(tmp) / "temp")
            cmd.build_lib = str(Path(tmp) / "lib")
            cmd.parallel = os.cpu_count() or 1
            dist.run_command("build_ext")
    finally:
        os.chdir(here)
    for path in built_files():
        path.touch()  # newer than every source it was built from


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--required", action="store_true", help="fail when it cannot compile")
    parser.add_argument("--clean", action="store_true", help="remove the compiled modules")
    parser.add_argument(
        "--if-stale", action="store_true", help="only when a compiled module is missing or old"
    )
    parser.add_argument("--build-here", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.if_stale and compiled.stale() == []:
        return 0
    clean()
    if args.clean:
        print("compile: removed the compiled engine; it runs as plain Python")
        return 0
    reason = why_not()
    if reason is not None:
        print(f"compile: the engine stays plain Python: {reason}", file=sys.stderr)
        return 1 if args.required else 0
    if args.build_here:
        build()
        return 0
    print("compile: compiling the engine with mypyc (about a minute)")
    # in a child process, whose compiler chatter is kept for when it fails
    done = subprocess.run(
        [sys.executable, __file__, "--build-here"], capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        clean()  # a failed build must not leave half of one
        print(done.stdout[-3000:] + done.stderr[-3000:], file=sys.stderr)
        print("compile: failed, the engine stays plain Python", file=sys.stderr)
        return 1 if args.required else 0
    print(f"compile: {len(built_files())} compiled modules in {SRC.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
