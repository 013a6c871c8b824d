from __future__ import annotations

from django import forms

from gongkai.agencies.models import Agency
from gongkai.backoffice.forms import DateInput, NoColon

from . import checklist, interpretation
from .catalog import CatalogCategory, GuideVersion
from .catalog_actions import CATEGORY_FIELDS, GUIDE_FIELDS
from .models import Item


class ItemForm(NoColon, forms.ModelForm):
    class Meta:
        model = Item
        fields = [
            "title",
            "category",
            "topic",
            "document_number",
            "issued_on",
            "made_on",
            "doc_kind",
            "body",
            "interprets",
            "interpretation_form",
            "interpreter",
            "no_interpretation_reason",
            "concern",
            "concern_arose_at",
            "amends",
        ]
        widgets = {
            "no_interpretation_reason": forms.Textarea(attrs={"rows": 2}),
            "concern": forms.Textarea(attrs={"rows": 2}),
            "concern_arose_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "title": forms.TextInput(attrs={"size": 60}),
            "issued_on": DateInput(),
            "made_on": DateInput(),
            "body": forms.Textarea(attrs={"rows": 16}),
        }
        help_texts = {
            "body": "可直接粘贴文字（每行一段），也可使用段落、标题、列表、表格等基本格式。",
            "document_number": "如 西政办〔2024〕12号；没有文号的留空。",
            "doc_kind": "规章和行政规范性文件计入年度报告表二第（一）项，须与政策解读同步审核、"
            "同步发布；其他政策文件须附解读或写明不解读的理由。",
            "interprets": "文件类型为“政策解读”时填写：谁起草谁解读，只能解读本机关的文件。",
            "concern": "文件类型为“回应关切”时填写，自关切发生起按规定时限回应。",
            "amends": "本文件修订的原文件，门户上二者互相链接。",
        }

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = (
            CatalogCategory.objects.filter(agency=agency, is_active=True)
            .select_related("parent")
            .order_by("sort_order", "pk")
        )
        self.fields["category"].empty_label = "（请选择）"
        documents = Item.objects.filter(agency=agency).exclude(status=Item.Status.WITHDRAWN)
        if self.instance.pk:
            documents = documents.exclude(pk=self.instance.pk)
        self.fields["interprets"].queryset = documents.filter(
            doc_kind__in=sorted(interpretation.INTERPRETED_KINDS)
        ).order_by("-made_on", "-pk")
        self.fields["amends"].queryset = documents.filter(
            doc_kind__in=sorted(interpretation.INTERPRETED_KINDS)
        ).order_by("-made_on", "-pk")


class ReviewForm(NoColon, forms.Form):
    decision = forms.ChoiceField(
        label="审核结论",
        choices=[("approve", "通过，可以发布"), ("return", "退回修改")],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="审核意见", required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in checklist.CONFIDENTIALITY_CHECKLIST:
            self.fields[f"check_{key}"] = forms.BooleanField(label=label, required=False)

    def answers(self) -> dict:
        return {key: self.cleaned_data.get(f"check_{key}", False) for key in checklist.KEYS}

    def checklist_fields(self):
        return [self[f"check_{key}"] for key in checklist.KEYS]


class CommentForm(NoColon, forms.Form):
    comment = forms.CharField(
        label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class RepealForm(CommentForm):
    repealed_on = forms.DateField(label="废止日期", widget=DateInput())
    replaced_by = forms.CharField(label="替代文件的索引号", required=False, max_length=60)


class ExpireForm(CommentForm):
    expired_on = forms.DateField(label="失效日期", widget=DateInput())


class AttachmentForm(NoColon, forms.Form):
    file = forms.FileField(label="附件")


class CategoryForm(NoColon, forms.ModelForm):
    class Meta:
        model = CatalogCategory
        fields = list(CATEGORY_FIELDS)
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        parents = CatalogCategory.objects.filter(agency=agency, parent__isnull=True)
        if self.instance.pk:
            parents = parents.exclude(pk=self.instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["parent"].empty_label = "（一级类目）"


class GuideForm(NoColon, forms.ModelForm):
    class Meta:
        model = GuideVersion
        fields = list(GUIDE_FIELDS)
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in GuideVersion.SECTIONS
            if name != "hours"
        }


class ItemFilterForm(NoColon, forms.Form):
    q = forms.CharField(label="标题", required=False)
    agency = forms.ModelChoiceField(
        label="机关",
        queryset=Agency.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label="全部",
    )
    status = forms.ChoiceField(
        label="状态", required=False, choices=[("", "全部")] + list(Item.Status.choices)
    )
    flagged = forms.BooleanField(label="只看自动保密检查有待处理问题的", required=False)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
