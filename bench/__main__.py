"""Run the benchmarks: `python -m bench` (all) or `python -m bench NAME...`.

Every module `bench/bench_<name>.py` defines `main() -> list[str]`, returning the lines
of its result (the figures and whether each target is met). Benchmarks are never part
of `make test`.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def discover() -> list[str]:
    here = Path(__file__).parent
    return sorted(
        m.name[6:] for m in pkgutil.iter_modules([str(here)]) if m.name.startswith("bench_")
    )


def main(argv: list[str]) -> int:
    names = argv or discover()
    failed = 0
    for name in names:
        module = importlib.import_module(f"bench.bench_{name}")
        print(f"== {name}", flush=True)
        start = time.perf_counter()
        lines = module.main()
        for line in lines:
            print("   " + line, flush=True)
            if "MISSED" in line:
                failed += 1
        print(f"   ({time.perf_counter() - start:.1f} s)", flush=True)
    if failed:
        print(f"{failed} target(s) missed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
