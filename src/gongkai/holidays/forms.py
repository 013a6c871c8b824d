from __future__ import annotations

from django import forms

MAX_FILE_BYTES = 64 * 1024


class ScheduleForm(forms.Form):
    text = forms.CharField(
        label="节假日安排",
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
        help_text="每行一项：year 2027 开始一个年度；holiday（或“放假”）列出放假日期或范围；"
        "workday（或“上班”）列出调休上班的周六、周日。# 之后为注释。",
    )
    file = forms.FileField(
        label="或上传安排文件（UTF-8 文本）", required=False, help_text="格式同上，可包含多个年度。"
    )
    source = forms.CharField(
        label="依据",
        max_length=200,
        required=False,
        help_text="如：国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕×号）",
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        if upload:
            if upload.size > MAX_FILE_BYTES:
                self.add_error("file", "文件过大：节假日安排文件不应超过 64 KB。")
                return data
            raw = upload.read()
            try:
                data["text"] = raw.decode("utf-8-sig")
            except UnicodeDecodeError as e:
                self.add_error("file", f"文件不是 UTF-8 文本（第 {e.start} 字节）。")
                return data
            data["name"] = upload.name
        if not (data.get("text") or "").strip():
            self.add_error("text", "请填写节假日安排，或上传安排文件。")
        return data
