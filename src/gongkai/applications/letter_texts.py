"""The default wording of every letter (告知书), each citing its legal basis.

An agency may replace the title and body of any kind (`LetterTemplate`); the body is
plain text, one paragraph a line, with `{占位符}` filled from the application. The
placeholders an agency may use are `PLACEHOLDERS`; a template using any other is
refused when saved.
"""

from __future__ import annotations

from .classification import Outcome

LAW = "《中华人民共和国政府信息公开条例》"
FEE_RULES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"

PLACEHOLDERS = {
    "申请人": "申请人姓名或名称",
    "查询码": "申请的查询码",
    "收到日期": "收到申请的日期",
    "申请内容": "申请获取的信息（名称、文号、描述）",
    "机关名称": "本机关名称",
    "联系电话": "本机关联系电话",
    "复议机关": "受理行政复议的机关",
    "答复期限": "答复期限（含延长后）",
    "延长天数": "延长的工作日数",
    "延期理由": "延期理由",
    "补正事项": "需要补正的事项",
    "补正期限": "补正期限",
    "补正告知日期": "告知补正的日期",
    "被征求意见方": "被征求意见的第三方或机关",
    "计费方式": "按件计收或按量计收",
    "计费明细": "收费的计算过程",
    "金额": "应缴金额（元）",
    "缴费期限": "缴费的最后一日",
    "缴费天数": "缴费期限的工作日数",
    "缴费方式": "缴纳方式",
    "缴费期间说明": "缴费期间是否计入答复期限的说明",
    "收费通知日期": "发出收费通知的日期",
    "答复说明": "承办人填写的答复内容",
    "转办说明": "负责公开该信息的机关（如能确定）",
    "办结日期": "办结日期",
}

INTRO = "本机关于{收到日期}收到您提出的政府信息公开申请（查询码：{查询码}），申请获取：{申请内容}"
REMEDY = (
    "如对本答复不服，可以自收到本告知书之日起六十日内向{复议机关}申请行政复议，"
    "或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。"
)
ANSWER_TITLE = "政府信息公开申请答复告知书"
NOT_PROCESSED_TITLE = "政府信息公开申请处理告知书"
ENDED_TITLE = "政府信息公开申请终止处理告知书"


def _answer(ground: str, basis: str, decision: str, title: str = ANSWER_TITLE):
    return (
        title,
        "\n".join(
            [INTRO, f"{ground}根据{LAW}{basis}的规定，{decision}{{答复说明}}", REMEDY, "特此告知。"]
        ),
    )


_REFUSE = "本机关决定不予公开。"
DEFAULTS: dict[str, tuple[str, str]] = {
    "correction": (
        "政府信息公开申请补正告知书",
        "\n".join(
            [
                INTRO,
                f"经审查，您的申请内容不够明确，需要作出补正。根据{LAW}第三十条的规定，"
                "现一次性告知您需要补正的事项：",
                "{补正事项}",
                "请您于{补正期限}前向本机关提交补正后的申请。答复期限自本机关收到补正后的申请之日起计算。"
                "无正当理由逾期不补正的，视为放弃申请，本机关将不再处理该政府信息公开申请。",
                "联系电话：{联系电话}。",
            ]
        ),
    ),
    "extension": (
        "政府信息公开申请延期答复告知书",
        "\n".join(
            [
                "本机关于{收到日期}收到您提出的政府信息公开申请（查询码：{查询码}）。",
                "因{延期理由}，本机关不能在规定期限内作出答复。根据"
                + LAW
                + "第三十三条第二款的规定，"
                "经本机关政府信息公开工作机构负责人同意，答复期限延长{延长天数}个工作日，"
                "本机关将于{答复期限}前作出答复。",
                "特此告知。",
            ]
        ),
    ),
    "consultation_third_party": (
        "政府信息公开征求第三方意见函",
        "\n".join(
            [
                "本机关于{收到日期}收到政府信息公开申请（查询码：{查询码}），申请公开：{申请内容}",
                f"经审查，该信息的公开可能损害贵方的合法权益。根据{LAW}第三十二条的规定，现书面征求贵方意见。",
                "请贵方自收到本函之日起15个工作日内，书面提出是否同意公开的意见；不同意公开的，请说明理由。"
                "逾期未提出意见的，本机关将依照条例的规定决定是否公开。第三方不同意公开且有合理理由的，"
                "本机关不予公开；本机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，"
                "并将决定公开的政府信息内容和理由书面告知贵方。",
                "联系电话：{联系电话}。",
            ]
        ),
    ),
    "consultation_agency": (
        "政府信息公开征求意见函",
        "\n".join(
            [
                "本机关于{收到日期}收到政府信息公开申请（查询码：{查询码}），申请公开：{申请内容}",
                f"该信息涉及贵机关。根据{LAW}第三十四条的规定，现征求贵机关意见。"
                "请自收到本函之日起15个工作日内提出意见；逾期未提出意见的，视为同意公开。",
                "联系电话：{联系电话}。",
            ]
        ),
    ),
    "fee": (
        "政府信息公开信息处理费收费通知书",
        "\n".join(
            [
                "本机关于{收到日期}收到您提出的政府信息公开申请（查询码：{查询码}）。",
                f"根据{LAW}第四十二条和{FEE_RULES}的规定，本机关决定对该申请收取信息处理费。"
                "计费方式：{计费方式}。计算如下：",
                "{计费明细}",
                "应缴金额：人民币{金额}元。",
                "请您于{缴费期限}前（收到本通知次日起{缴费天数}个工作日内）缴纳，缴纳方式：{缴费方式}。"
                "逾期未缴纳的，视为放弃申请，本机关将不再处理该政府信息公开申请。{缴费期间说明}",
                "联系电话：{联系电话}。",
            ]
        ),
    ),
    Outcome.DISCLOSED: _answer(
        "经审查，您申请获取的政府信息属于公开范围。",
        "第三十六条第（一）项、第（二）项",
        "本机关予以公开。",
    ),
    Outcome.PARTLY_DISCLOSED: _answer(
        "经审查，您申请获取的政府信息中含有不应当公开的内容，但能够作区分处理。",
        "第三十七条",
        "本机关向您提供可以公开的内容，并对不予公开的内容说明理由。",
    ),
    Outcome.REFUSED_STATE_SECRET: _answer(
        "经审查，您申请获取的政府信息属于依法确定为国家秘密的政府信息。",
        "第十四条、第三十六条第（三）项",
        _REFUSE,
    ),
    Outcome.REFUSED_LAW: _answer(
        "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息。",
        "第十四条、第三十六条第（三）项",
        _REFUSE,
    ),
    Outcome.REFUSED_SECURITY: _answer(
        "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定。",
        "第十四条、第三十六条第（三）项",
        _REFUSE,
    ),
    Outcome.REFUSED_THIRD_PARTY: _answer(
        "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害。",
        "第十五条、第三十六条第（三）项",
        _REFUSE,
    ),
    Outcome.REFUSED_INTERNAL: _answer(
        "经审查，您申请获取的政府信息属于行政机关的内部事务信息。",
        "第十六条第一款、第三十六条第（三）项",
        _REFUSE,
    ),
    Outcome.REFUSED_PROCESS: _answer(
        "经审查，您申请获取的政府信息属于行政机关在履行行政管理职能过程中形成的过程性信息。",
        "第十六条第二款、第三十六条第（三）项",
        _REFUSE,
    ),
    Outcome.REFUSED_ENFORCEMENT_FILE: _answer(
        "经审查，您申请获取的政府信息属于行政执法案卷信息。",
        "第十六条第二款、第三十六条第（三）项",
        _REFUSE,
    ),
    Outcome.REFUSED_QUERY: _answer(
        "经审查，您申请获取的内容属于行政查询事项，应当通过相应的查询渠道办理。",
        "第三十六条第（三）项",
        _REFUSE,
    ),
    Outcome.UNABLE_NOT_HELD: _answer(
        "经检索，本机关没有制作或者获取您申请获取的政府信息。{转办说明}",
        "第三十六条第（四）项、第（五）项",
        "本机关无法提供。",
    ),
    Outcome.UNABLE_NEEDS_CREATION: _answer(
        "经审查，本机关没有您申请获取的现成政府信息，需要对现有政府信息进行加工、分析方能形成。",
        "第三十八条",
        "本机关不予提供。",
    ),
    Outcome.UNABLE_UNCLEAR: _answer(
        "本机关已于{补正告知日期}告知您补正申请。经审查，补正后的申请内容仍不明确，"
        "本机关无法确定您申请获取的政府信息。",
        "第三十条",
        "本机关无法提供。",
    ),
    Outcome.NOT_PROCESSED_PETITION: _answer(
        "经审查，您以政府信息公开申请的形式提出的是信访、投诉、举报等诉求。",
        "第三十九条第一款",
        "本机关不作为政府信息公开申请处理，您可以通过相应渠道提出。",
        NOT_PROCESSED_TITLE,
    ),
    Outcome.NOT_PROCESSED_REPEATED: _answer(
        "本机关已就您此前提出的相同政府信息公开申请作出答复，您再次申请公开相同的政府信息。",
        "第三十六条第（六）项",
        "本机关不予重复处理。",
        NOT_PROCESSED_TITLE,
    ),
    Outcome.NOT_PROCESSED_PUBLICATION: _answer(
        "您申请获取的是政府公报、报刊、书籍等公开出版物。",
        "第三十九条第二款",
        "本机关告知您获取的途径。",
        NOT_PROCESSED_TITLE,
    ),
    Outcome.NOT_PROCESSED_EXCESSIVE: _answer(
        "您申请公开政府信息的数量、频次明显超过合理范围，本机关已要求您说明理由，经审查，申请理由不合理。",
        "第三十五条",
        "本机关不予处理。",
        NOT_PROCESSED_TITLE,
    ),
    Outcome.NOT_PROCESSED_CONFIRMATION: _answer(
        "您要求本机关确认或者重新出具您已经获取的信息，该要求不是获取本机关制作或者获取的政府信息。",
        "第二条",
        "本机关不作为政府信息公开申请处理。",
        NOT_PROCESSED_TITLE,
    ),
    Outcome.OTHER_NOT_CORRECTED: (
        ENDED_TITLE,
        "\n".join(
            [
                INTRO,
                "本机关已于{补正告知日期}告知您补正申请，补正期限至{补正期限}。您无正当理由逾期未补正。"
                f"根据{LAW}第三十条的规定，视为您放弃申请，本机关不再处理该政府信息公开申请。",
                REMEDY,
                "特此告知。",
            ]
        ),
    ),
    Outcome.OTHER_FEE_UNPAID: (
        ENDED_TITLE,
        "\n".join(
            [
                INTRO,
                "本机关已于{收费通知日期}向您发出信息处理费收费通知，缴费期限至{缴费期限}。您逾期未缴纳费用。"
                f"根据{LAW}第四十二条和{FEE_RULES}的规定，视为您放弃申请，"
                "本机关不再处理该政府信息公开申请。",
                REMEDY,
                "特此告知。",
            ]
        ),
    ),
    "withdrawn": (
        ENDED_TITLE,
        "\n".join(
            [
                INTRO,
                "您已于{办结日期}撤回该政府信息公开申请，本机关终止处理。{答复说明}",
                "特此告知。",
            ]
        ),
    ),
}
# 三.六.3 "other" has no fixed ground: the officer's text is the answer.
DEFAULTS[Outcome.OTHER] = (
    NOT_PROCESSED_TITLE,
    "\n".join([INTRO, "经审查，本机关对您的申请处理如下：{答复说明}", REMEDY, "特此告知。"]),
)

# The kinds in the order people look for them: procedure, then table 三's rows.
ORDER = (
    "correction",
    "extension",
    "consultation_third_party",
    "consultation_agency",
    "fee",
    *(o.value for o in Outcome),
    "withdrawn",
)
KIND_LABELS = {
    "correction": "补正告知书",
    "extension": "延期答复告知书",
    "consultation_third_party": "征求第三方意见函",
    "consultation_agency": "征求其他机关意见函",
    "fee": "收费通知书",
    "withdrawn": "撤回申请终止处理告知书",
    **{o.value: f"答复：{o.label}" for o in Outcome},
}
# Letters to someone other than the applicant.
NOT_TO_APPLICANT = ("consultation_third_party", "consultation_agency")
