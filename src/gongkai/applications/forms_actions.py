"""The forms of the moves an officer or a reviewer makes on an application."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils import timezone

from gongkai.backoffice.forms import DateInput, NoColon
from gongkai.publishing.models import Item

from .classification import Outcome
from .fees import METHOD_LABELS, FeeMethod
from .forms import MultipleFileField
from .models import Consultation, Service
from .states import ANSWER_OUTCOMES


def _on(label: str = "日期") -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), initial=timezone.localdate)


class DateForm(NoColon, forms.Form):
    on = _on()


class ConfirmForm(NoColon, forms.Form):
    on = _on("确认收到日期")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[
            "on"
        ].help_text = "网上申请以双方确认之日为收到申请之日（条例第三十一条），答复期限自此起算。"


class CorrectionForm(NoColon, forms.Form):
    on = _on("告知补正日期")
    items = forms.CharField(
        label="需要补正的事项",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="应一次性告知全部需要补正的事项（条例第三十条），收到申请之日起7个工作日内告知。",
    )
    until = forms.DateField(
        label="补正期限",
        required=False,
        widget=DateInput(),
        help_text="留空则按默认的合理期限计算。",
    )


class ReceiveCorrectionForm(NoColon, forms.Form):
    on = _on("收到补正后申请的日期")
    note = forms.CharField(
        label="补正内容摘要", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    attachments = MultipleFileField(label="补正材料（可选）")


class ConsultationForm(NoColon, forms.Form):
    on = _on("发出征求意见日期")
    party_kind = forms.ChoiceField(
        label="被征求意见方",
        choices=Consultation.Party.choices,
        widget=forms.RadioSelect,
        initial=Consultation.Party.THIRD_PARTY,
    )
    party_name = forms.CharField(label="名称或姓名", max_length=200)
    party_address = forms.CharField(label="地址", max_length=200, required=False)


class EndConsultationForm(NoColon, forms.Form):
    consultation = forms.ModelChoiceField(label="征求意见", queryset=Consultation.objects.none())
    on = _on("收到意见（或期满）日期")
    result = forms.ChoiceField(label="意见", choices=Consultation.Result.choices)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, application, **kwargs):
        super().__init__(*args, **kwargs)
        open_ones = application.consultations.filter(ended_on__isnull=True)
        self.fields["consultation"].queryset = open_ones
        self.fields["consultation"].empty_label = None


class ExtensionRequestForm(NoColon, forms.Form):
    days = forms.IntegerField(
        label="延长工作日",
        min_value=1,
        max_value=20,
        initial=20,
        help_text="最长20个工作日，只能延长一次，需经审核人批准（条例第三十三条）。",
    )
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 3}))


class ApproveExtensionForm(NoColon, forms.Form):
    on = _on("批准日期")
    comment = forms.CharField(
        label="审批意见", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RejectExtensionForm(NoColon, forms.Form):
    comment = forms.CharField(label="不批准的理由", widget=forms.Textarea(attrs={"rows": 2}))


class FeeForm(NoColon, forms.Form):
    on = _on("收费通知日期")
    method = forms.ChoiceField(
        label="计费方式",
        choices=[(m.value, METHOD_LABELS[m]) for m in FeeMethod],
        widget=forms.RadioSelect,
        help_text="同一申请只能选择一种方式（国办函〔2020〕109号）。按件计收按申请人本自然月的申请件次自动计算。",
    )
    pages = forms.IntegerField(
        label="页数（按量计收）",
        min_value=1,
        required=False,
        help_text="提供纸质件、电子邮件或复制电子数据的页数。",
    )
    payment_method = forms.CharField(
        label="缴纳方式",
        max_length=200,
        required=False,
        help_text="如：凭非税收入缴款通知书到银行缴纳。",
    )

    def clean(self):
        data = super().clean()
        if data.get("method") == FeeMethod.PER_VOLUME and not data.get("pages"):
            self.add_error("pages", "按量计收请填写页数。")
        if data.get("method") == FeeMethod.PER_APPLICATION:
            data["pages"] = None
        return data


def outcome_choices():
    groups: dict[str, list] = {}
    for outcome in Outcome:
        if outcome not in ANSWER_OUTCOMES:
            continue
        head, _, rest = outcome.label.partition("：")
        groups.setdefault(head, []).append((outcome.value, rest or head))
    choices: list = [("", "（请选择）")]
    for head, items in groups.items():
        if len(items) == 1 and items[0][1] == head:
            choices.append(items[0])
        else:
            choices.append((head, items))
    return choices


class AnswerForm(NoColon, forms.Form):
    on = _on("答复日期")
    outcome = forms.ChoiceField(
        label="办理结果",
        choices=outcome_choices,
        help_text="只选一种（计入年度报告表三）；部分公开的只计部分公开。",
    )
    reply = forms.CharField(
        label="答复说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="写入答复告知书：提供信息的方式、不予公开部分的理由、获取途径等。",
    )
    referred_to = forms.CharField(
        label="负责公开的机关（本机关不掌握时，如能确定）", max_length=200, required=False
    )
    files = MultipleFileField(
        label="提供的信息（文件，可选）",
        help_text="予以公开或部分公开时，上传向申请人提供的信息，申请人凭查询码下载。类型："
        f"{'、'.join(settings.DELIVERY_EXTENSIONS)}，每个不超过 "
        f"{settings.DELIVERY_MAX_BYTES // (1024 * 1024)} MB。",
    )
    published = forms.CharField(
        label="已主动公开信息的索引号（可选）",
        required=False,
        max_length=60,
        help_text="所申请的信息已经主动公开的，填写门户上该信息的索引号，答复告知书将引用其网址。",
    )

    def clean_published(self):
        number = self.cleaned_data.get("published", "").strip()
        if not number:
            return None
        item = Item.objects.public().filter(index_number=number).first()
        if item is None:
            raise forms.ValidationError("门户上没有这个索引号的公开信息，请核对。")
        return item


class WithdrawForm(NoColon, forms.Form):
    on = _on("撤回日期")
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class DiscardForm(NoColon, forms.Form):
    reason = forms.CharField(
        label="理由",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="如：同一地址短时间内大量提交内容相同或无意义的申请。",
    )


class AssignForm(NoColon, forms.Form):
    assignee = forms.ModelChoiceField(label="承办人", queryset=None, empty_label=None)

    def __init__(self, *args, officers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = officers


class CorrectAnswerForm(NoColon, forms.Form):
    on = _on("更正日期")
    outcome = forms.ChoiceField(
        label="更正后的办理结果",
        choices=outcome_choices,
        help_text="年度报告只按更正后的结果计算一次。",
    )
    reason = forms.CharField(
        label="更正理由", widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )
    reply = forms.CharField(
        label="答复说明",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="写入更正后的答复告知书；原告知书保留在记录中，标为作废。",
    )


class ServiceForm(NoColon, forms.Form):
    on = _on("送达日期")
    method = forms.ChoiceField(
        label="送达方式", choices=Service.Method.choices, widget=forms.RadioSelect
    )
    tracking_number = forms.CharField(label="邮件单号（邮寄）", required=False, max_length=60)
    note = forms.CharField(
        label="说明",
        required=False,
        max_length=300,
        help_text="如当面领取的签收人、电子邮件的发送地址。",
    )
