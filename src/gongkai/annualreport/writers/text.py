"""Plain text: the report as a person would copy it, tables as pipe-separated rows.

Cells are separated by `|` rather than tabs so that a blank cell stays a blank cell
when the text is read back (tab-separated copies of web pages drop and add empty
cells at will).
"""

from __future__ import annotations

from ..model import Report
from .layout import money_header, section_title, value_text


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def render_text(report: Report) -> str:
    fmt = report.format
    out: list[str] = []
    if report.title:
        out += [report.title, ""]
    if report.narrative.get("序"):
        out += [report.narrative["序"], ""]
    for sec in fmt.sections:
        out += [section_title(fmt, sec.key), ""]
        text = report.narrative.get(sec.key, "")
        if text:
            out += [text, ""]
        if sec.table == "t2":
            for block in fmt.t2:
                out.append(block.key)
                heads = ["信息内容"] + [
                    money_header(report, block.key, c.key) if c.kind == "money" else c.key
                    for c in block.columns
                ]
                out.append(_row(heads))
                for r in block.rows:
                    out.append(
                        _row(
                            [r.key]
                            + [
                                value_text(report, f"t2/{block.key}/{r.key}/{c.key}")
                                for c in block.columns
                            ]
                        )
                    )
                out.append("")
        elif sec.table == "t3":
            out.append(fmt.t3_note)
            out.append(_row(["申请人情况"] + [c.key for c in fmt.t3_columns]))
            groups = {g.key: g for g in fmt.t3_groups}
            for r in report.t3_rows:
                label = r.printed
                if r.group and r.group in groups and r.group != "三":
                    label = f"{groups[r.group].printed} {label}"
                if r.group:
                    label = f"{groups['三'].printed} {label}" if "三" in groups else label
                out.append(
                    _row(
                        [label]
                        + [value_text(report, f"t3/{r.key}/{c.key}") for c in fmt.t3_columns]
                    )
                )
            out.append("")
        elif sec.table == "t4":
            heads = []
            for g in fmt.t4_groups:
                prefix = f"{g.parent}-" if g.parent else ""
                heads += [f"{prefix}{g.key}-{c.key}" for c in fmt.t4_columns]
            out.append(_row(heads))
            out.append(
                _row(
                    [
                        value_text(report, f"t4/{g.key}/{c.key}")
                        for g in fmt.t4_groups
                        for c in fmt.t4_columns
                    ]
                )
            )
            out.append("")
    out = [*("\n".join(out).rstrip().split("\n")), ""]
    if report.agency:
        out.append(report.agency)
    if report.published:
        d = report.published
        out.append(f"{d.year}年{d.month}月{d.day}日")
    return "\n".join(out).rstrip() + "\n"
