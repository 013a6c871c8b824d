"""The compiled engine (make compile) reads and checks exactly as its sources do, and a
stale build is never run."""

from __future__ import annotations

import importlib.machinery
import os
import subprocess
import sys
from pathlib import Path

from gongkai.annualreport import compiled

from .expected import DATA

SUFFIX = importlib.machinery.EXTENSION_SUFFIXES[0]


def _package(tmp_path: Path) -> Path:
    root = tmp_path / "annualreport"
    (root / "interpret").mkdir(parents=True)
    (root / "rules").mkdir()
    for name in ("labels.py", "interpret/__init__.py", "interpret/tokens.py", "rules/base.py"):
        (root / name).write_text("", "utf-8")
    return root


def _build(source: Path, age: float) -> None:
    built = source.with_name(source.stem + SUFFIX)
    built.write_bytes(b"")
    stamp = source.stat().st_mtime + age
    os.utime(built, (stamp, stamp))


def test_a_plain_install_has_nothing_to_guard(tmp_path: Path) -> None:
    assert compiled.stale(_package(tmp_path)) is None


def test_a_source_edited_after_the_build_makes_it_stale(tmp_path: Path) -> None:
    root = _package(tmp_path)
    for source in compiled.sources(root):
        _build(source, +10)
    assert compiled.stale(root) == []
    _build(root / "interpret" / "tokens.py", -10)  # the source is newer
    assert compiled.stale(root) == [root / "interpret" / "tokens.py"]


def test_a_module_missing_from_a_build_makes_it_stale(tmp_path: Path) -> None:
    root = _package(tmp_path)
    for source in compiled.sources(root):
        _build(source, +10)
    (root / "rules" / f"base{SUFFIX}").unlink()
    assert compiled.stale(root) == [root / "rules" / "base.py"]


def test_module_names_follow_the_package() -> None:
    root = Path(compiled.__file__).parent
    assert compiled.module_name(root / "interpret" / "__init__.py") == (
        "gongkai.annualreport.interpret"
    )
    assert compiled.module_name(root / "labels.py") == "gongkai.annualreport.labels"


_CHECK = """
import json, sys
from gongkai import annualreport as ar
from gongkai.annualreport import compiled, serialize
out = {"compiled": compiled.is_compiled(), "reports": []}
for path in sys.argv[1:]:
    try:
        report = ar.read(path)
    except ar.ReadError as exc:
        out["reports"].append(str(exc))
        continue
    out["reports"].append(serialize.to_data(report, ar.check(report)))
print(json.dumps(out, ensure_ascii=False, sort_keys=True, default=str))
"""


def _run(paths: list[Path], pure: bool) -> tuple[bool, str]:
    env = dict(os.environ, GONGKAI_PURE="1" if pure else "0")
    done = subprocess.run(
        [sys.executable, "-c", _CHECK, *map(str, paths)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    import json

    data = json.loads(done.stdout)
    return data["compiled"], json.dumps(data["reports"], ensure_ascii=False, sort_keys=True)


def test_the_compiled_engine_reads_and_checks_the_samples_as_its_sources_do() -> None:
    # the samples, their variants, page noise, PDF text, odd encodings and crafted pages
    paths = sorted(
        p for p in DATA.rglob("*") if p.suffix in (".txt", ".html", ".htm", ".md", ".docx")
    )
    assert len(paths) > 30
    pure_flag, pure = _run(paths, pure=True)
    assert pure_flag is False  # GONGKAI_PURE=1 runs the sources
    built_flag, built = _run(paths, pure=False)
    # with a fresh build the second run was compiled; either way the results agree
    assert built_flag is (compiled.stale() == [])
    assert built == pure
