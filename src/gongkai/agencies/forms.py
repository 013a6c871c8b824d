"""The forms of an agency's administration."""

from __future__ import annotations

from django import forms

from gongkai.backoffice.forms import NoColon

from .actions import GRANTABLE_ROLES, PROFILE_FIELDS
from .models import Agency


class ProfileForm(NoColon, forms.ModelForm):
    class Meta:
        model = Agency
        fields = list(PROFILE_FIELDS)
        widgets = {"functions": forms.Textarea(attrs={"rows": 5})}


class GrantForm(NoColon, forms.Form):
    username = forms.CharField(label="用户名", max_length=150)
    role = forms.ChoiceField(label="角色", choices=[(r.value, r.label) for r in GRANTABLE_ROLES])
    full_name = forms.CharField(label="姓名（新用户）", max_length=50, required=False)
    password = forms.CharField(
        label="初始密码（新用户）", required=False, widget=forms.PasswordInput(render_value=False)
    )
