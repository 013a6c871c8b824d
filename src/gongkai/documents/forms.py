from __future__ import annotations

from django import forms

from gongkai.backoffice.forms import DateInput, NoColon

from . import rules
from .models import Document


class DocumentForm(NoColon, forms.ModelForm):
    class Meta:
        model = Document
        fields = [
            "kind",
            "title",
            "number",
            "made_on",
            "issuers",
            "forwarded",
            "attribute",
            "reason",
            "basis",
            "registration_number",
            "effective_on",
            "valid_until",
            "topic",
            "keywords",
            "summary",
            "caption",
        ]
        widgets = {
            "title": forms.TextInput(attrs={"size": 60}),
            "made_on": DateInput(),
            "effective_on": DateInput(),
            "valid_until": DateInput(),
            "reason": forms.Textarea(attrs={"rows": 3}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "caption": forms.Textarea(attrs={"rows": 2}),
            "basis": forms.TextInput(attrs={"size": 60, "list": "bases"}),
        }
        help_texts = {
            "attribute": "规章、行政规范性文件一律主动公开；请示、报告、征求意见函一般不予公开；"
            "转发文件与所转发文件相同。依申请公开、不予公开须写明理由和依据，"
            "政策文件不予公开须经政务公开机构确认。",
            "valid_until": "规章、行政规范性文件留空时按施行日期（或成文日期）起算：一般5年，"
            "试行、暂行2年。",
        }

    def __init__(self, *args, agency, **kwargs):
        super().__init__(*args, **kwargs)
        qs = Document.objects.filter(agency=agency).order_by("-made_on", "-pk")
        if self.instance.pk:
            qs = qs.exclude(pk=self.instance.pk)
        self.fields["forwarded"].queryset = qs
        self.fields["forwarded"].required = False
        self.fields["attribute"].required = True
        self.fields["attribute"].choices = [("", "（请选择）"), *rules.ATTRIBUTES]


class RegisterFilterForm(NoColon, forms.Form):
    q = forms.CharField(label="标题或文号", required=False)
    attribute = forms.ChoiceField(
        label="公开属性",
        required=False,
        choices=[("", "全部"), *rules.ATTRIBUTES, ("none", "未定")],
    )
    kind = forms.ChoiceField(label="文种", required=False, choices=[("", "全部"), *rules.KINDS])
    agency = forms.ModelChoiceField(label="机关", required=False, queryset=None, empty_label="全部")

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies


class ImportForm(NoColon, forms.Form):
    file = forms.FileField(label="Excel 文件（.xlsx）", help_text="请使用导出的公文登记表格式。")


class LibraryFilterForm(NoColon, forms.Form):
    year = forms.TypedChoiceField(label="年度", required=False, coerce=int, empty_value=None)
    topic = forms.ChoiceField(label="主题分类", required=False)
    validity = forms.ChoiceField(
        label="有效性",
        required=False,
        initial="in_force",
        choices=[
            ("in_force", "现行有效"),
            ("repealed", "已废止"),
            ("expired", "已失效"),
            ("", "全部"),
        ],
    )

    def __init__(self, *args, library, **kwargs):
        super().__init__(*args, **kwargs)
        issued = library.filter(issued_on__isnull=False).values_list("issued_on", flat=True)
        years = sorted({d.year for d in issued}, reverse=True)
        self.fields["year"].choices = [("", "全部"), *((y, f"{y}年") for y in years)]
        topics = sorted(
            set(
                library.exclude(register_entry__topic="")
                .exclude(register_entry__isnull=True)
                .values_list("register_entry__topic", flat=True)
            )
        )
        self.fields["topic"].choices = [("", "全部"), *((t, t) for t in topics)]
