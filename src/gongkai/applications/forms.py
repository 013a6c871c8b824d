"""The intake forms: the portal's online application and the officer's registration."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone

from gongkai import identity
from gongkai.backoffice.forms import DateInput, NoColon

from . import challenge
from .classification import ApplicantType
from .intake import FIELDS
from .models import Application, Channel, Delivery, IdType

MAX_FILES = 5
ORGANISATION_TYPES = [
    (t.value, t.label) for t in ApplicantType if t != ApplicantType.NATURAL_PERSON
]
APPLICANT_CHOICES = [
    ("", "（请选择）"),
    (ApplicantType.NATURAL_PERSON.value, "自然人（公民个人）"),
    ("法人或其他组织", ORGANISATION_TYPES),
]
PERSON_ID_TYPES = [(t.value, t.label) for t in IdType if t != IdType.CREDIT_CODE]


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        items = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        found = [single(item, initial) for item in items if item]
        if len(found) > MAX_FILES:
            raise forms.ValidationError(f"最多上传{MAX_FILES}个文件。")
        return found


class ApplicantForm(NoColon, forms.ModelForm):
    """The applicant and the request (第二十九条), checked as a person would check them."""

    applicant_type = forms.ChoiceField(label="申请人类型", choices=APPLICANT_CHOICES)
    id_type = forms.ChoiceField(
        label="证件类型",
        required=False,
        choices=[("", "（请选择）")] + PERSON_ID_TYPES,
        help_text="自然人填写；法人或其他组织填写统一社会信用代码。",
    )
    phone_required = True

    class Meta:
        model = Application
        fields = list(FIELDS)
        widgets = {
            "description": forms.Textarea(attrs={"rows": 5}),
            "form_wanted": forms.RadioSelect,
            "delivery": forms.RadioSelect,
        }
        labels = {
            "applicant_name": "姓名或名称",
            "id_number": "证件号码或统一社会信用代码",
            "description": "所需信息的内容描述",
            "legal_representative": "法定代表人或负责人（法人或其他组织）",
            "contact_name": "联系人（法人或其他组织）",
        }
        help_texts = {
            "info_title": "知道信息名称的请填写，如“2024年部门预算”。",
            "info_number": "知道文号的请填写，如 西文旅〔2024〕9号。",
            "description": "请尽量写明信息的名称、文号、形成时间、内容等便于查找的特征。",
            "phone": "手机或带区号的固定电话。查询办理进度时需要其后四位。",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form_wanted"].required = True
        self.fields["delivery"].required = True
        self.fields["form_wanted"].choices = self.fields["form_wanted"].choices[1:]
        self.fields["delivery"].choices = self.fields["delivery"].choices[1:]
        self.fields["phone"].required = self.phone_required
        self.fields["id_number"].required = True

    def clean(self):
        data = super().clean()
        kind = data.get("applicant_type")
        number = data.get("id_number", "")
        try:
            if kind and kind != ApplicantType.NATURAL_PERSON:
                data["id_type"] = IdType.CREDIT_CODE
                if number:
                    data["id_number"] = identity.check_credit_code(number)
            elif kind:
                if not data.get("id_type"):
                    self.add_error("id_type", "请选择证件类型。")
                elif number and data["id_type"] == IdType.RESIDENT_ID:
                    data["id_number"] = identity.check_resident_id(
                        number, today=timezone.localdate()
                    )
        except identity.IdentityError as e:
            self.add_error("id_number", str(e))
        if data.get("phone"):
            try:
                data["phone"] = identity.check_phone(data["phone"])
            except identity.IdentityError as e:
                self.add_error("phone", str(e))
        delivery = data.get("delivery")
        if delivery == Delivery.EMAIL and not data.get("email"):
            self.add_error("email", "选择电子邮件获取的，请填写电子邮箱。")
        if delivery == Delivery.POST and not data.get("address"):
            self.add_error("address", "选择邮寄的，请填写通信地址。")
        if kind and kind != ApplicantType.NATURAL_PERSON and not data.get("contact_name"):
            self.add_error("contact_name", "法人或其他组织请填写联系人。")
        return data

    def intake_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) or "" for name in FIELDS}


class OnlineApplicationForm(ApplicantForm):
    token = forms.UUIDField(widget=forms.HiddenInput)
    attachments = MultipleFileField(
        label="附件（可选）",
        help_text="如身份证明、申请书扫描件。最多5个，每个不超过 "
        f"{settings.APPLICATION_ATTACHMENT_MAX_BYTES // (1024 * 1024)} MB，"
        f"类型：{'、'.join(settings.APPLICATION_ATTACHMENT_EXTENSIONS)}。",
    )
    pledge = forms.BooleanField(
        label="我承诺以上信息真实有效，并知悉答复将通过所选方式送达。",
        error_messages={"required": "请确认承诺后再提交。"},
    )

    def __init__(self, *args, challenge_required: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        # one solved question for one submission: the nonce is the form's own token
        nonce = self.data.get("token", "") if self.is_bound else self.initial.get("token", "")
        challenge.attach(self, nonce=str(nonce), required=challenge_required)

    def clean(self):
        data = super().clean()
        challenge.check(self)
        return data


class CorrectionReplyForm(NoColon, forms.Form):
    """The applicant's 补正, on the tracking page."""

    text = forms.CharField(
        label="补正内容",
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="按补正告知书的要求写明需要补充或更正的内容。",
    )
    attachments = MultipleFileField(
        label="补正材料（可选）",
        help_text=f"最多{MAX_FILES}个，每个不超过 "
        f"{settings.APPLICATION_ATTACHMENT_MAX_BYTES // (1024 * 1024)} MB，"
        f"类型：{'、'.join(settings.APPLICATION_ATTACHMENT_EXTENSIONS)}。",
    )


class RegisterForm(ApplicantForm):
    """An application received at the counter, by mail, fax or email (第三十一条)."""

    phone_required = False
    channel = forms.ChoiceField(
        label="申请方式", choices=[c for c in Channel.choices if c[0] != Channel.ONLINE]
    )
    handed_over_on = forms.DateField(
        label="提交日期（当面提交、口头提出）", required=False, widget=DateInput()
    )
    signed_for_on = forms.DateField(
        label="签收日期（挂号信、EMS、快递）", required=False, widget=DateInput()
    )
    confirmed_on = forms.DateField(
        label="确认日期（平常信函：与申请人确认之日；传真、电子邮件：双方确认之日）",
        required=False,
        widget=DateInput(),
    )
    attachments = MultipleFileField(label="申请材料（扫描件，可选）")
    note = forms.CharField(
        label="登记说明", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    field_order = ["channel", "handed_over_on", "signed_for_on", "confirmed_on"]
