"""A corpus of annual reports generated from the real samples, for the benchmarks.

Each report is one of the samples (text copies, run-together crawler text, Markdown
from a PDF, an HTML fragment, a 350 KB portal page) with a different agency name and
some table digits changed, so the reader and the rules do real work on each.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "tests" / "data" / "annualreport" / "samples"
OUT = ROOT / "bench" / "out"

AGENCIES = {
    "西工区文化旅游局": ["{d}区文化旅游局", "{d}区教育局", "{d}区卫生健康局", "{d}区民政局"],
    "平潭综合实验区": ["{d}县人民政府", "{d}区人民政府", "{d}市人民政府"],
    "上海市人民政府办公厅": ["{d}市人民政府办公室", "{d}区人民政府办公室"],
    "上海市科委": ["{d}市科委", "{d}市发展改革委"],
}
PLACES = [
    "东城",
    "西城",
    "南山",
    "北湖",
    "青山",
    "白云",
    "金水",
    "龙华",
    "江北",
    "海淀",
    "长宁",
    "鼓楼",
    "天河",
    "越秀",
    "雁塔",
    "碑林",
]


def sample_files() -> list[Path]:
    return sorted(
        p
        for p in SAMPLES.iterdir()
        if p.suffix in (".txt", ".html", ".md") and "2018" not in p.name
    )


def variant(data: str, rng: random.Random) -> str:
    for name, templates in AGENCIES.items():
        if name in data:
            data = data.replace(name, rng.choice(templates).format(d=rng.choice(PLACES)))
    # change a few numbers in the tables (after the first table heading)
    start = max(data.find("第二十条"), 0)
    head, body = data[:start], data[start:]

    def bump(m: re.Match[str]) -> str:
        return str(int(m.group(0)) + rng.randrange(0, 3)) if rng.random() < 0.05 else m.group(0)

    return head + re.sub(r"(?<![\d.])\d{1,3}(?![\d.])", bump, body)


def build(count: int = 2000, folder: Path | None = None, seed: int = 2026) -> list[Path]:
    """Write `count` reports under bench/out/corpus (reused when already there)."""
    folder = folder or OUT / f"corpus-{count}"
    if folder.exists() and len(list(folder.iterdir())) == count:
        return sorted(folder.iterdir())
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    samples = [(p.suffix, p.read_text("utf-8")) for p in sample_files()]
    paths = []
    for i in range(count):
        suffix, text = samples[i % len(samples)]
        path = folder / f"{i:05d}{suffix}"
        encoding = "gb18030" if suffix == ".html" and i % 4 == 0 else "utf-8"
        path.write_bytes(variant(text, rng).encode(encoding))
        paths.append(path)
    return paths
