"""A corpus that looks like what agencies publish, generated from the real samples.

The sources are the samples as Word documents: the Word copies LibreOffice made of the
sample pages (tests/data/annualreport/docx) and the Word files our writer makes of the
text samples. Each report of the corpus is one source with another agency's name and
a few table numbers changed, published one of four ways (shares of the corpus):

- 35 % MS-Word web pages (`bench/pages.word_html`), 100-330 KB, GB2312 or UTF-8;
- 25 % portal pages with one span per character (`bench/pages.cms_html`);
- 20 % crawler text copies with the whitespace between cells gone (run-together digits);
- 20 % text taken out of PDFs (PDFium's text of the LibreOffice PDFs in
  tests/data/annualreport/pdf and of our writer's PDFs, page numbers and all).
"""

from __future__ import annotations

import contextlib
import random
import re
from pathlib import Path

from bench.pages import Block, Cell, blocks_of, cms_html, run_together, word_html

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data" / "annualreport"
OUT = ROOT / "bench" / "out"
TEXT_SOURCES = ("2021_pingtan.txt", "2022_pingtan.txt", "2024_shanghai-science-commission.md")
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
KINDS = ["word"] * 7 + ["cms"] * 5 + ["text"] * 4 + ["pdf"] * 4


class Source:
    def __init__(self, blocks: list[Block], title: str, agency: str, published: str):
        self.blocks, self.title, self.agency, self.published = blocks, title, agency, published


def _sources() -> tuple[list[Source], list[tuple[str, str]]]:
    """The Word sources (blocks with title and agency) and the PDF texts (text, agency)."""
    import pypdfium2 as pdfium

    from gongkai import annualreport as ar
    from gongkai.annualreport.errors import WriteError
    from gongkai.annualreport.writers.docx import render_docx
    from gongkai.annualreport.writers.pdf import render_pdf

    sources: list[Source] = []
    pdfs: list[tuple[bytes, str]] = []
    docx_files = [p for p in sorted((DATA / "docx").glob("*.docx")) if "handmade" not in p.name]
    for path in docx_files:
        report = ar.read(path)
        sources.append(_source(blocks_of(path.read_bytes()), report))
    for name in TEXT_SOURCES:
        report = ar.read(DATA / "samples" / name)
        sources.append(_source(blocks_of(render_docx(report)), report))
        # without a Chinese font the LibreOffice PDFs still give PDF text
        with contextlib.suppress(WriteError):
            pdfs.append((render_pdf(report), report.agency or ""))
    for path in sorted((DATA / "pdf").glob("*.pdf")):
        pdfs.append((path.read_bytes(), ar.read(path).agency or "平潭综合实验区"))
    texts = []
    for data, agency in pdfs:
        pdf = pdfium.PdfDocument(data)
        pages = []
        for page in pdf:
            tp = page.get_textpage()
            pages.append(tp.get_text_range())
            tp.close()
            page.close()
        pdf.close()
        texts.append(("\n".join(pages).replace("\r\n", "\n"), agency))
    return sources, texts


def _source(blocks: list[Block], report: object) -> Source:
    from gongkai.annualreport.model import Report

    assert isinstance(report, Report)
    published = report.published.isoformat() if report.published else "2022-01-28"
    return Source(blocks, report.title or "", report.agency or "", published)


def _new_agency(agency: str, rng: random.Random) -> str:
    place = rng.choice(PLACES)
    for suffix in ("人民政府办公厅", "人民政府", "实验区", "委员会", "科委", "局"):
        if agency.endswith(suffix):
            return (
                f"{place}区{rng.choice(['文化旅游', '教育', '民政', '卫生健康', '交通运输'])}局"
                if suffix == "局"
                else f"{place}{suffix}"
            )
    return f"{place}区人民政府"


def _bump(text: str, rng: random.Random) -> str:
    if text.isdigit() and len(text) <= 4 and rng.random() < 0.05:
        return str(int(text) + rng.randrange(1, 3))
    return text


def _vary(src: Source, rng: random.Random) -> tuple[list[Block], str, str]:
    agency = _new_agency(src.agency, rng) if src.agency else ""

    def name(text: str) -> str:
        return text.replace(src.agency, agency) if src.agency else text

    out = []
    for b in src.blocks:
        if b.kind == "p":
            out.append(Block("p", [name(r) for r in b.runs]))
        else:
            rows = [
                [Cell(_bump(name(c.text), rng), c.colspan, c.rowspan) for c in r] for r in b.rows
            ]
            out.append(Block("table", rows=rows))
    return out, name(src.title), agency


def _vary_text(text: str, agency: str, rng: random.Random) -> str:
    new = _new_agency(agency, rng) if agency else ""
    if agency:
        text = text.replace(agency, new)
    start = max(text.find("第二十条"), 0)

    def bump(m: re.Match[str]) -> str:
        return _bump(m.group(0), rng)

    return text[:start] + re.sub(r"(?<![\d.])\d{1,3}(?![\d.])", bump, text[start:])


def build(count: int = 2000, folder: Path | None = None, seed: int = 2027) -> list[Path]:
    """Write `count` reports under bench/out/real-<count> (reused when already there)."""
    folder = folder or OUT / f"real-{count}"
    if folder.exists() and len(list(folder.iterdir())) == count:
        return sorted(folder.iterdir())
    folder.mkdir(parents=True, exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    rng = random.Random(seed)
    sources, pdf_texts = _sources()
    paths = []
    for i in range(count):
        kind = KINDS[i % len(KINDS)]
        if kind == "pdf":
            text, agency = pdf_texts[i % len(pdf_texts)]
            path = folder / f"{i:06d}-pdf.txt"
            path.write_text(_vary_text(text, agency, rng), "utf-8")
            paths.append(path)
            continue
        src = sources[rng.randrange(len(sources))]
        blocks, title, agency = _vary(src, rng)
        site = agency or "某某区人民政府"
        if kind == "word":
            page = word_html(blocks, title, rng)
            gb = rng.random() < 0.6
            data = (
                page.encode("gb18030")
                if gb
                else page.replace("charset=gb2312", "charset=utf-8").encode("utf-8")
            )
            path = folder / f"{i:06d}-word.htm"
        elif kind == "cms":
            data = cms_html(blocks, title, src.published, site, rng).encode("utf-8")
            path = folder / f"{i:06d}-cms.html"
        else:
            data = run_together(blocks, title, src.published, site).encode("utf-8")
            path = folder / f"{i:06d}-text.txt"
        path.write_bytes(data)
        paths.append(path)
    return paths


if __name__ == "__main__":
    import sys

    built = build(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
    sizes = sorted(p.stat().st_size for p in built)
    print(f"{len(built)} files in {built[0].parent}; sizes {sizes[0]}..{sizes[-1]} bytes")
