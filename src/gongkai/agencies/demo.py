"""The demo's agencies and their staff (`gongkai demo`); idempotent."""

from __future__ import annotations

import random

from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai import demo_data as data

from .models import Agency, Membership, Role


def seed() -> dict[tuple[str, str], object]:
    """The agencies and their staff; returns (agency slug, role) -> user."""
    return _staff(_agencies())


@transaction.atomic
def _agencies() -> dict[str, Agency]:
    found: dict[str, Agency] = {}
    for order, (slug, name, short, kind, parent, code, _p, _s, topics) in enumerate(data.AGENCIES):
        rng = random.Random(slug)
        agency = Agency.objects.filter(slug=slug).first()
        if agency is None:
            agency = Agency(
                slug=slug,
                name=name,
                short_name=short,
                kind=kind,
                org_code=code,
                parent=found.get(parent),
                sort_order=order * 10,
                head=rng.choice(data.SURNAMES) + rng.choice(data.GIVEN),
                address=data.ADDRESSES.get(slug, f"河南省洛阳市西工区中州中路{20 + order * 7}号"),
                postcode="471000",
                office_hours="工作日 上午8:30-12:00，下午14:30-17:30（夏季下午15:00-18:00）",
                phone=f"0379-6321{1000 + order * 17:04d}",
                fax=f"0379-6321{2000 + order * 17:04d}",
                email=f"{data.USER_PREFIX[slug]}@xigong.gov.cn",
                functions=(
                    f"贯彻执行国家和省、市关于{'、'.join(topics[:3])}等方面的法律法规和方针政策；"
                    f"拟订本区{topics[0]}发展规划并组织实施；"
                    f"负责{'、'.join(topics[1:4])}的监督管理和公共服务；"
                    "承办区委、区政府交办的其他事项。"
                ),
            )
            agency.save()
        found[slug] = agency
    return found


def _user(username: str, full_name: str):
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username, password=data.PASSWORD, full_name=full_name
        )
    return user


@transaction.atomic
def _staff(agencies: dict[str, Agency]) -> dict[tuple[str, str], object]:
    users: dict[tuple[str, str], object] = {}
    for slug, agency in agencies.items():
        rng = random.Random("staff-" + slug)
        for role in data.STAFF_ROLES:
            name = rng.choice(data.SURNAMES) + rng.choice(data.GIVEN)
            user = _user(f"{data.USER_PREFIX[slug]}-{role}", name)
            Membership.objects.get_or_create(user=user, agency=agency, role=role)
            users[(slug, role)] = user
        users[(slug, Role.OFFICER)] = _officer(agency)
    supervisor = _user(f"{data.SUPERVISOR}-supervisor", "钱卫东")
    Membership.objects.get_or_create(
        user=supervisor, agency=agencies["xigong"], role=Role.SUPERVISOR
    )
    User = get_user_model()
    if not User.objects.filter(username="sysadmin").exists():
        User.objects.create_superuser(
            "sysadmin", "sysadmin@xigong.gov.cn", data.PASSWORD, full_name="系统管理员"
        )
    return users


def _officer(agency: Agency):
    """The agency's officer for applications (依申请公开办理), with an e-mail address."""
    rng = random.Random("officer-" + agency.slug)
    username = f"{data.USER_PREFIX[agency.slug]}-officer"
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username=username,
            password=data.PASSWORD,
            full_name=rng.choice(data.SURNAMES) + rng.choice(data.GIVEN),
            email=f"{username}@xigong.gov.cn",
        )
    Membership.objects.get_or_create(user=user, agency=agency, role=Role.OFFICER)
    return user
