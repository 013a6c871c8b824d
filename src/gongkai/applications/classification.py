"""The national classification of applications, as table 三 of the annual report has it.

Applicant types are table 三's columns (the layout files give each column its type as
its role); outcomes are its result rows, keyed exactly as the report engine keys them
(`三.一` … `三.六.3`, the 2021 layout). A report in the 2019 layout counts the three
其他处理 rows in its single row `三.六` (`gongkai.reports.layout.result_row`).
"""

from __future__ import annotations

from django.db import models


class ApplicantType(models.TextChoices):
    NATURAL_PERSON = "natural_person", "自然人"
    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    PUBLIC_INTEREST = "public_interest", "社会公益组织"
    LEGAL_SERVICE = "legal_service", "法律服务机构"
    OTHER_ORGANISATION = "other_organisation", "其他"


class Outcome(models.TextChoices):
    """How an application was closed: exactly one of table 三's result rows."""

    DISCLOSED = "三.一", "予以公开"
    PARTLY_DISCLOSED = "三.二", "部分公开（区分处理）"
    REFUSED_STATE_SECRET = "三.三.1", "不予公开：属于国家秘密"
    REFUSED_LAW = "三.三.2", "不予公开：其他法律行政法规禁止公开"
    REFUSED_SECURITY = "三.三.3", "不予公开：危及“三安全一稳定”"
    REFUSED_THIRD_PARTY = "三.三.4", "不予公开：保护第三方合法权益"
    REFUSED_INTERNAL = "三.三.5", "不予公开：属于三类内部事务信息"
    REFUSED_PROCESS = "三.三.6", "不予公开：属于四类过程性信息"
    REFUSED_ENFORCEMENT_FILE = "三.三.7", "不予公开：属于行政执法案卷"
    REFUSED_QUERY = "三.三.8", "不予公开：属于行政查询事项"
    UNABLE_NOT_HELD = "三.四.1", "无法提供：本机关不掌握相关政府信息"
    UNABLE_NEEDS_CREATION = "三.四.2", "无法提供：没有现成信息需要另行制作"
    UNABLE_UNCLEAR = "三.四.3", "无法提供：补正后申请内容仍不明确"
    NOT_PROCESSED_PETITION = "三.五.1", "不予处理：信访举报投诉类申请"
    NOT_PROCESSED_REPEATED = "三.五.2", "不予处理：重复申请"
    NOT_PROCESSED_PUBLICATION = "三.五.3", "不予处理：要求提供公开出版物"
    NOT_PROCESSED_EXCESSIVE = "三.五.4", "不予处理：无正当理由大量反复申请"
    NOT_PROCESSED_CONFIRMATION = "三.五.5", "不予处理：要求行政机关确认或重新出具已获取信息"
    OTHER_NOT_CORRECTED = "三.六.1", "其他处理：申请人无正当理由逾期不补正"
    OTHER_FEE_UNPAID = "三.六.2", "其他处理：申请人逾期未按收费通知要求缴纳费用"
    OTHER = "三.六.3", "其他处理：其他（含申请人撤回申请）"
