"""The open data API's response shapes (pydantic, through django-ninja): what the
OpenAPI document publishes and what every response is validated against in the tests.
Nothing here names a person but an agency's head (负责人, public under 第二十条（二）):
no applicant, no member of staff, no user."""

from __future__ import annotations

from datetime import date
from typing import Any

from ninja import Schema
from pydantic import Field


class AgencyRef(Schema):
    slug: str
    name: str


class CategoryRef(Schema):
    code: str
    name: str
    article20: int = Field(description="条例第二十条的项（1-15）")


class AttachmentOut(Schema):
    name: str
    size: int
    content_type: str
    url: str


class ItemOut(Schema):
    index_number: str = Field(description="索引号")
    title: str = Field(description="名称")
    url: str
    api_url: str
    agency: AgencyRef = Field(description="发布机构")
    category: CategoryRef | None = Field(description="目录分类")
    article20: int | None = Field(description="条例第二十条的项")
    topic: str = Field(description="主题分类代码，空为未分类")
    topic_label: str = Field(description="主题分类")
    document_number: str = Field(description="文号")
    doc_kind: str = Field(description="rule 规章 / normative 行政规范性文件 / other 其他")
    issued_on: date | None = Field(description="成文日期")
    made_on: date | None = Field(description="生成日期（形成或变更日期）")
    published_on: date = Field(description="发布日期")
    validity: str = Field(description="in_force 有效 / repealed 已废止 / expired 已失效")
    repealed_on: date | None
    expired_on: date | None
    attachments: list[AttachmentOut]


class ItemDetail(ItemOut):
    body_text: str = Field(description="正文（纯文本）")
    body_html: str = Field(description="正文（经清理的 HTML）")


class Page(Schema):
    count: int
    estimated: bool = Field(
        False, description="count 为数据库的估计数（PostgreSQL 上极常见的词，超过两万条时）"
    )
    page: int
    pages: int
    page_size: int
    next: str | None
    previous: str | None


class ItemPage(Page):
    results: list[ItemOut]


class AgencyOut(Schema):
    slug: str
    name: str
    short_name: str
    kind: str
    parent: str | None = Field(description="上级机关的 slug")
    org_code: str = Field(description="统一社会信用代码或组织机构代码")
    functions: str
    head: str = Field(description="负责人（第二十条（二）规定公开）")
    address: str
    postcode: str
    office_hours: str
    phone: str
    fax: str
    email: str
    url: str
    catalog_url: str
    guide_url: str


class AgencyPage(Page):
    results: list[AgencyOut]


class CatalogOut(Schema):
    agency: AgencyRef
    code: str
    name: str
    parent: str | None = Field(description="上级类目的 code")
    article20: int
    description: str
    items: int = Field(description="该类目（含下级类目）公开的信息数")
    url: str


class CatalogPage(Page):
    results: list[CatalogOut]


class GuideSection(Schema):
    title: str
    text: str


class GuideOut(Schema):
    agency: AgencyRef
    version: int
    published_on: date
    note: str
    sections: list[GuideSection]
    url: str


class GuidePage(Page):
    results: list[GuideOut]


class ReportOut(Schema):
    agency: AgencyRef
    year: int
    version: int
    format: str
    published_on: date
    correction_reason: str = Field(description="更正说明（更正版本）")
    url: str
    api_url: str = Field(description="该报告的 JSON（年度报告 JSON 契约）")


class ReportPage(Page):
    results: list[ReportOut]


class ReportContract(Schema):
    """The report engine's JSON contract (docs/json-contract.md), schema gongkai-annual-report/1."""

    model_config = {"extra": "allow"}
    schema_: str = Field(alias="schema")
    format: str
    year: int | None
    agency: str | None
    title: str | None
    published: str | None
    tables: dict[str, Any]
    cells: dict[str, Any]
    narrative: dict[str, str]
    findings: list[dict[str, Any]]


class ApplicationStats(Schema):
    agency: AgencyRef
    year: int
    closed: int = Field(description="当年办结的申请数")
    closed_on_time: int = Field(description="其中在答复期限内办结的")
    on_time_rate: float | None = Field(description="按时办结率（0-1），无办结申请时为空")
    report_version: int | None = Field(description="表三数字所取自的已发布年度报告版本")
    t3: dict[str, dict[str, float | None]] | None = Field(
        description="已发布年度报告表三：行 → 列 → 数字；未发布时为空"
    )


class StatsPage(Page):
    results: list[ApplicationStats]


class Error(Schema):
    detail: str
