"""The people every web test is written for, and the small world they work in.

    government (西工区人民政府)          supervisor: SUPERVISOR here, so over A and B
    ├── agency A (西工区文化旅游局)      officer (editor), reviewer, publisher, admin
    └── agency B (西工区教育局)          other_officer (editor, reviewer, publisher, admin of B)

Later issues reuse it through the fixtures in conftest.py (`world`, `client_for`), and
extend it by adding rows to the world in their own fixtures.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.contrib.auth import get_user_model

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.applications.classification import ApplicantType
from gongkai.publishing import actions
from gongkai.publishing.catalog import CatalogCategory
from gongkai.publishing.checklist import KEYS
from gongkai.publishing.models import Item

PASSWORD = "persona-password-1"
ALL_CONFIRMED = dict.fromkeys(KEYS, True)


@dataclass
class World:
    government: Agency
    agency_a: Agency
    agency_b: Agency
    category_a: CatalogCategory
    category_b: CatalogCategory
    normative_a: CatalogCategory
    people: dict[str, object] = field(default_factory=dict)

    def __getattr__(self, name):
        people = self.__dict__.get("people", {})
        if name in people:
            return people[name]
        raise AttributeError(name)

    def item(self, status: str = "published", agency: Agency | None = None, **fields) -> Item:
        """An item of agency A (or the given one) brought to `status` through the actions."""
        agency = agency or self.agency_a
        a = agency == self.agency_a
        editor = self.officer if a else self.other_officer
        reviewer = self.reviewer if a else self.other_officer
        publisher = self.publisher if a else self.other_officer
        values = {
            "title": "西工区文化旅游局关于加强文化市场管理的通知",
            "category": self.category_a if a else self.category_b,
            "issued_on": date(2024, 3, 1),
            "made_on": date(2024, 3, 1),
            "body": "为加强文化市场管理，规范经营秩序，现将有关事项通知如下。",
        }
        values.update(fields)
        interpreted = values.pop("interpreted", None)
        item = actions.create_item(agency, acting_user=editor, **values)
        if status == Item.Status.DRAFT:
            return item
        if interpreted is None:
            interpreted = values.get("doc_kind") in (Item.DocKind.RULE, Item.DocKind.NORMATIVE)
        if interpreted:
            # 规章 and 行政规范性文件 are approved and published with their 解读 (三同步).
            self.interpretation(item, status=Item.Status.APPROVED)
        item = actions.submit_item(item, acting_user=editor)
        if status == Item.Status.SUBMITTED:
            return item
        if status == Item.Status.RETURNED:
            return actions.return_item(item, acting_user=reviewer, comment="请修改")
        item = actions.approve_item(item, acting_user=reviewer, answers=ALL_CONFIRMED)
        if status == Item.Status.APPROVED:
            return item
        item = actions.publish_item(item, acting_user=publisher)
        if status == Item.Status.PUBLISHED:
            return item
        if status == Item.Status.WITHDRAWN:
            return actions.withdraw_item(item, acting_user=publisher, comment="撤回")
        if status == Item.Status.REPEALED:
            return actions.repeal_item(item, acting_user=publisher, repealed_on=date(2025, 1, 1))
        raise ValueError(status)

    def interpretation(self, document: Item, status: str = "approved", **fields) -> Item:
        """A 解读 of `document`, brought to `status` (at most approved: it is published
        with its document)."""
        a = document.agency == self.agency_a
        editor = self.officer if a else self.other_officer
        reviewer = self.reviewer if a else self.other_officer
        values = {
            "title": f"《{document.title}》政策解读",
            "category": document.category,
            "issued_on": document.issued_on,
            "made_on": document.made_on,
            "doc_kind": Item.DocKind.INTERPRETATION,
            "interprets": document,
            "interpretation_form": Item.InterpretationForm.TEXT,
            "interpreter": "文化市场管理科",
            "body": "一、起草背景。二、主要内容。三、适用范围。",
        }
        values.update(fields)
        item = actions.create_item(document.agency, acting_user=editor, **values)
        if status == Item.Status.DRAFT:
            return item
        item = actions.submit_item(item, acting_user=editor)
        if status == Item.Status.SUBMITTED:
            return item
        return actions.approve_item(item, acting_user=reviewer, answers=ALL_CONFIRMED)


def _user(username: str, full_name: str):
    return get_user_model().objects.create_user(
        username=username, password=PASSWORD, full_name=full_name
    )


def build_world() -> World:
    government = Agency.objects.create(
        name="西工区人民政府",
        short_name="区政府",
        kind=Agency.Kind.GOVERNMENT,
        org_code="11410303005012001X",
        slug="gov",
    )
    agency_a = Agency.objects.create(
        name="西工区文化旅游局",
        short_name="区文旅局",
        kind=Agency.Kind.DEPARTMENT,
        parent=government,
        org_code="11410303MB1603558E",
        slug="agency-a",
        address="洛阳市西工区纱厂南路18号",
        office_hours="工作日 8:30-12:00 14:30-17:30",
        phone="0379-63210000",
    )
    agency_b = Agency.objects.create(
        name="西工区教育局",
        short_name="区教育局",
        kind=Agency.Kind.DEPARTMENT,
        parent=government,
        org_code="11410303005012028K",
        slug="agency-b",
    )
    world = World(
        government=government,
        agency_a=agency_a,
        agency_b=agency_b,
        category_a=CatalogCategory.objects.create(agency=agency_a, name="其他文件", article20=1),
        category_b=CatalogCategory.objects.create(agency=agency_b, name="其他文件", article20=1),
        normative_a=CatalogCategory.objects.create(
            agency=agency_a, name="行政规范性文件", article20=1
        ),
    )
    roles = {
        "officer": ("刘编辑", agency_a, [Role.EDITOR]),
        "reviewer": ("陈审核", agency_a, [Role.REVIEWER]),
        "publisher": ("王发布", agency_a, [Role.PUBLISHER]),
        "admin": ("赵管理", agency_a, [Role.ADMIN]),
        "other_officer": (
            "孙乙局",
            agency_b,
            [Role.EDITOR, Role.REVIEWER, Role.PUBLISHER, Role.ADMIN],
        ),
        "supervisor": ("钱监督", government, [Role.SUPERVISOR]),
    }
    for username, (full_name, agency, granted) in roles.items():
        user = _user(username, full_name)
        for role in granted:
            Membership.objects.create(user=user, agency=agency, role=role)
        world.people[username] = user
    return world


# An applicant as the intake forms take them (personal data of a made-up person).
PERSON = {
    "applicant_type": ApplicantType.NATURAL_PERSON,
    "applicant_name": "张建华",
    "id_type": "resident_id",
    "id_number": "410303199003071238",
    "phone": "13812345678",
    "email": "zhang@example.com",
    "address": "河南省洛阳市西工区纱厂南路18号",
    "postcode": "471000",
    "description": "2025年西工区文化旅游局部门预算及其说明",
    "form_wanted": "electronic",
    "delivery": "email",
}
