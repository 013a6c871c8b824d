from __future__ import annotations

from django import forms

from gongkai.backoffice.forms import DateInput, NoColon

from .actions import FIELDS
from .models import Case


class CaseForm(NoColon, forms.ModelForm):
    application = forms.CharField(
        label="涉及的申请（查询码）",
        required=False,
        max_length=16,
        help_text="案件因某件政府信息公开申请引起的，填写该申请的查询码；没有的留空。",
    )

    class Meta:
        model = Case
        # the application is entered by its tracking code (the field above)
        fields = [f for f in FIELDS if f != "application"]
        widgets = {
            "filed_on": DateInput(),
            "decided_on": DateInput(),
            "summary": forms.Textarea(attrs={"rows": 4}),
        }

    def _get_validation_exclusions(self):
        # The action checks result, dates and the linked application and names the field
        # that is wrong; the model's constraints would only repeat it as a general error.
        return super()._get_validation_exclusions() | {"result", "decided_on", "filed_on"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.application_id:
            self.initial["application"] = self.instance.application.code


class YearFilterForm(forms.Form):
    agency = forms.ModelChoiceField(queryset=None, required=False, label="机关", empty_label="全部")
    year = forms.IntegerField(required=False, label="计入年度", min_value=2000, max_value=2999)

    def __init__(self, *args, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = agencies
        self.fields["agency"].to_field_name = "slug"


class DeleteForm(forms.Form):
    reason = forms.CharField(label="删除理由", widget=forms.Textarea(attrs={"rows": 2}))
