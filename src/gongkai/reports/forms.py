from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import forms

from gongkai import annualreport as ar
from gongkai.backoffice.forms import NoColon

from . import compute, narrative


class NarrativeForm(NoColon, forms.Form):
    def __init__(self, *args, fmt: ar.Format, **kwargs):
        super().__init__(*args, **kwargs)
        for key in narrative.SECTIONS:
            section = fmt.section(key)
            help_text = (
                "本部分为表格，可在表格前后补充文字说明（可留空）。" if section.table else ""
            )
            self.fields[key] = forms.CharField(
                label=f"{key}、{section.title}",
                required=False,
                help_text=help_text,
                widget=forms.Textarea(
                    attrs={"rows": 12 if key == "一" else 4 if section.table else 7}
                ),
            )


class FiguresForm(NoColon, forms.Form):
    """Table 二's entered figures: one field per cell, one source per row."""

    def __init__(
        self, *args, fmt: ar.Format, figures: dict, suggestions: dict | None = None, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.fmt = fmt
        self.rows: list[dict] = []
        entered = set(compute.entered_t2_cells(fmt))
        suggestions = suggestions or {}
        for b_index, block in enumerate(fmt.t2):
            for r_index, row in enumerate(block.rows):
                cells = []
                source = ""
                for c_index, col in enumerate(block.columns):
                    cid = f"t2/{block.key}/{row.key}/{col.key}"
                    if cid not in entered:
                        continue
                    name = f"v_{b_index}_{r_index}_{c_index}"
                    figure = figures.get(cid)
                    unit = f"（{col.unit or '万元'}）" if col.kind == "money" else ""
                    hint = {"signed": "可为负数", "money": "可有小数，最多4位"}.get(
                        col.kind, "非负整数"
                    )
                    if cid in suggestions and figure is None:
                        hint += f"；按上年报告应为 {suggestions[cid]}"
                    self.fields[name] = forms.CharField(
                        label=f"{row.key} · {col.key}{unit}",
                        required=False,
                        help_text=hint,
                        initial=_plain(figure.value, col.kind)
                        if figure
                        else suggestions.get(cid, ""),
                        widget=forms.TextInput(attrs={"inputmode": "decimal", "size": 12}),
                    )
                    cells.append((name, cid, col))
                    source = source or (figure.source if figure else "")
                if not cells:
                    continue
                source_name = f"s_{b_index}_{r_index}"
                self.fields[source_name] = forms.CharField(
                    label=f"{row.key} · 数据来源",
                    required=False,
                    max_length=200,
                    initial=source,
                    help_text="如 区政务服务中心审批系统统计、财政非税收入系统",
                    widget=forms.TextInput(attrs={"size": 40, "class": "source"}),
                )
                self.rows.append(
                    {"block": block.key, "row": row.key, "cells": cells, "source": source_name}
                )

    def bound_rows(self):
        for r in self.rows:
            yield {
                "block": r["block"],
                "row": r["row"],
                "cells": [self[name] for name, _, _ in r["cells"]],
                "source": self[r["source"]],
            }

    def clean(self):
        data = super().clean()
        self.values: dict[str, tuple[Decimal | None, str]] = {}
        for r in self.rows:
            source = (data.get(r["source"]) or "").strip()
            any_value = False
            for name, cid, col in r["cells"]:
                raw = (data.get(name) or "").strip().replace(",", "").replace("，", "")
                if raw == "":
                    self.values[cid] = (None, source)
                    continue
                any_value = True
                try:
                    value = Decimal(raw)
                except InvalidOperation:
                    self.add_error(name, "请填写数字。")
                    continue
                if not value.is_finite():
                    self.add_error(name, "请填写数字。")
                elif col.kind != "money" and value != value.to_integral_value():
                    self.add_error(name, "应为整数。")
                elif col.kind != "signed" and value < 0:
                    self.add_error(name, "不能为负数。")
                elif col.kind == "money" and -value.as_tuple().exponent > 4:
                    self.add_error(name, "最多保留4位小数。")
                elif abs(value) >= Decimal(10) ** 13:
                    self.add_error(name, "数值过大。")
                else:
                    self.values[cid] = (value, source)
            if any_value and not source:
                self.add_error(r["source"], "请注明数据来源。")
        return data


def _plain(value: Decimal, kind: str) -> str:
    if kind == "money":
        text = format(value.normalize(), "f")
        return text
    return str(int(value))


class CommentForm(forms.Form):
    comment = forms.CharField(label="意见", widget=forms.Textarea(attrs={"rows": 3}))


class ImportForm(NoColon, forms.Form):
    file = forms.FileField(
        label="报告文件",
        help_text="已经发布的年度报告：网页（HTML）、Word（.docx）、PDF（含扫描件）、OFD、文本或本系统导出的 JSON。",
    )
    reason = forms.CharField(
        label="说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="再次导入同一年度的报告（更正）时必填。",
    )
