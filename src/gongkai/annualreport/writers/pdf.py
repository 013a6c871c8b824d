"""PDF: the HTML page (official layout, print stylesheet) laid out by WeasyPrint.

Chinese text needs a CJK font that fontconfig can find; without one WeasyPrint would
print empty boxes, so we refuse with a message naming the Debian package instead.
"""

from __future__ import annotations

import logging
import subprocess
from functools import cache

from ..errors import WriteError
from ..model import Report
from .html import FONT_STACK, render_html

# In order of preference; the first two come with Debian's fonts-noto-cjk.
PREFERRED_FONTS = (
    "Noto Serif CJK SC",
    "Noto Sans CJK SC",
    "Source Han Serif SC",
    "Source Han Sans SC",
    "SimSun",
)
FONT_PACKAGE = "fonts-noto-cjk"


def chinese_font(fc_list: str) -> str:
    """The font family to print Chinese with, chosen from the output of
    `fc-list :lang=zh family` (one family per line, aliases after commas).

    Raises WriteError naming the package to install when there is none.
    """
    families = [
        name.strip() for line in fc_list.splitlines() for name in line.split(",") if name.strip()
    ]
    for wanted in PREFERRED_FONTS:
        if wanted in families:
            return wanted
    if families:
        return families[0]
    raise WriteError(
        f"没有可用的中文字体，无法生成 PDF；请安装 Debian 软件包 {FONT_PACKAGE}"
        f"（apt-get install {FONT_PACKAGE}） (no Chinese font found: install {FONT_PACKAGE})"
    )


@cache
def installed_chinese_fonts() -> str:
    """`fc-list :lang=zh family` on this machine ("" when fontconfig is missing)."""
    try:
        done = subprocess.run(
            ["fc-list", ":lang=zh", "family"],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout if done.returncode == 0 else ""


def render_pdf(report: Report, *, fc_list: str | None = None) -> bytes:
    """The report as an A4 PDF with page numbers.

    `fc_list` is the font list to choose from (default: this machine's fonts).
    Raises WriteError when no Chinese font is installed.
    """
    font = chinese_font(installed_chinese_fonts() if fc_list is None else fc_list)
    fonts = FONT_STACK if font in FONT_STACK else f'"{font}", {FONT_STACK}'
    html = render_html(report, fonts=fonts)
    from weasyprint import HTML

    # WeasyPrint logs every CSS property it ignores; the stylesheet is ours and known.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    try:
        data = HTML(string=html, base_url=None).write_pdf()
    except Exception as exc:  # WeasyPrint has no error hierarchy of its own
        raise WriteError(f"生成 PDF 失败：{exc} (PDF rendering failed)") from exc
    if not isinstance(data, bytes):
        raise WriteError("生成 PDF 失败：WeasyPrint 未返回数据 (PDF rendering returned nothing)")
    return data
