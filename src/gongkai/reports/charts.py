"""Charts as inline SVG, drawn on the server: no script, no library, no CDN.

Each function returns markup safe to put in a page, with a <title> and an aria-label so
that a screen reader gets the figures, and a visible table stays beside each chart.
"""

from __future__ import annotations

from html import escape

from django.utils.safestring import SafeString, mark_safe

BLUE = "#0a4a8f"
RED = "#b3121b"
GREEN = "#136f3a"
INK = "#1f2329"
MUTED = "#5b6470"
LINE = "#d8dde4"
FONT = 'font-family="Noto Sans CJK SC, Microsoft YaHei, sans-serif"'


def _nice_max(value: float, ticks: int = 4) -> float:
    """A round axis maximum at or above `value`, divisible into `ticks` round steps."""
    if value <= 0:
        return ticks
    raw = value / ticks
    magnitude = 10 ** (len(str(int(raw))) - 1) if raw >= 1 else 1
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        size = step * magnitude
        if size >= raw and float(size).is_integer():
            return size * ticks
    return 10 * magnitude * ticks


def _fmt(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def columns(
    values: list[tuple[str, float]],
    *,
    title: str,
    unit: str = "件",
    width: int = 640,
    height: int = 260,
) -> SafeString:
    """Vertical bars, one per label (months, categories)."""
    left, right, top, bottom = 44, 12, 28, 34
    plot_w, plot_h = width - left - right, height - top - bottom
    peak = _nice_max(max((v for _, v in values), default=0))
    slot = plot_w / max(1, len(values))
    bar = slot * 0.62
    described = "，".join(f"{label}{_fmt(v)}{unit}" for label, v in values)
    out = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}：{escape(described)}" {FONT} font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="{left}" y="16" fill="{INK}" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    for i in range(5):
        value = peak * i / 4
        y = top + plot_h - plot_h * i / 4
        out.append(
            f'<line x1="{left}" y1="{y:.1f}" x2="{width - right}" y2="{y:.1f}" stroke="{LINE}"/>'
        )
        out.append(
            f'<text x="{left - 6}" y="{y + 4:.1f}" fill="{MUTED}" text-anchor="end">{_fmt(value)}</text>'
        )
    for index, (label, value) in enumerate(values):
        x = left + slot * index + (slot - bar) / 2
        h = plot_h * (value / peak) if peak else 0
        y = top + plot_h - h
        out.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{BLUE}">'
            f"<title>{escape(label)}：{_fmt(value)}{unit}</title></rect>"
        )
        if value:
            out.append(
                f'<text x="{x + bar / 2:.1f}" y="{y - 4:.1f}" fill="{INK}" text-anchor="middle">{_fmt(value)}</text>'
            )
        out.append(
            f'<text x="{x + bar / 2:.1f}" y="{height - bottom + 16}" fill="{MUTED}" text-anchor="middle">{escape(label)}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))


def bars(
    rows: list[tuple],
    *,
    title: str,
    maximum: float | None = None,
    width: int = 640,
    label_width: int = 190,
    color: str = BLUE,
) -> SafeString:
    """Horizontal bars: (label, value, text shown at the bar's end[, colour])."""
    row_h, top = 22, 30
    height = top + row_h * max(1, len(rows)) + 8
    peak = maximum if maximum is not None else _nice_max(max((r[1] for r in rows), default=0))
    plot_w = width - label_width - 120
    described = "，".join(f"{r[0]}{r[2]}" for r in rows)
    out = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" aria-label="{escape(title)}：{escape(described)}" {FONT} font-size="12">',
        f"<title>{escape(title)}</title>",
        f'<text x="0" y="16" fill="{INK}" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    for index, row in enumerate(rows):
        label, value, text = row[:3]
        fill = row[3] if len(row) > 3 else color
        y = top + row_h * index
        w = plot_w * (value / peak) if peak else 0
        short = label if len(label) <= 14 else label[:13] + "…"
        out.append(
            f'<text x="{label_width - 8}" y="{y + 15}" fill="{INK}" text-anchor="end"><title>{escape(label)}</title>{escape(short)}</text>'
        )
        out.append(
            f'<rect x="{label_width}" y="{y + 3}" width="{plot_w}" height="{row_h - 8}" fill="#eef2f7"/>'
        )
        out.append(
            f'<rect x="{label_width}" y="{y + 3}" width="{w:.1f}" height="{row_h - 8}" fill="{fill}">'
            f"<title>{escape(label)}：{escape(text)}</title></rect>"
        )
        out.append(
            f'<text x="{label_width + plot_w + 6}" y="{y + 15}" fill="{INK}">{escape(text)}</text>'
        )
    out.append("</svg>")
    return mark_safe("".join(out))


def rate_color(rate: float) -> str:
    return GREEN if rate >= 0.95 else BLUE if rate >= 0.8 else RED
