"""Changes an agency administrator makes to the agency's profile and its staff."""

from __future__ import annotations

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.audit.log import record
from gongkai.workflow import ActionError

from .access import check_roles
from .models import Agency, Membership, Role

PROFILE_FIELDS = (
    "short_name",
    "functions",
    "head",
    "address",
    "postcode",
    "office_hours",
    "phone",
    "fax",
    "email",
)
# What an agency administrator may grant; supervision is granted by system administrators.
GRANTABLE_ROLES = (Role.EDITOR, Role.REVIEWER, Role.PUBLISHER, Role.ADMIN, Role.OFFICER)


def _require_admin(user, agency: Agency) -> None:
    check_roles(user, agency, [Role.ADMIN], "只有机关管理员可以进行这项操作。")


@transaction.atomic
def update_profile(agency: Agency, *, acting_user, **fields) -> Agency:
    _require_admin(acting_user, agency)
    unknown = set(fields) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"fields not editable: {sorted(unknown)}")
    agency = Agency.objects.select_for_update().get(pk=agency.pk)
    changed = {k: [getattr(agency, k), v] for k, v in fields.items() if getattr(agency, k) != v}
    for key, value in fields.items():
        setattr(agency, key, value)
    agency.save()
    if changed:
        record(
            "agency.update",
            target=agency,
            agency=agency,
            acting_user=acting_user,
            data={"changed": changed},
        )
    return agency


def _check_new_account(user, password: str) -> None:
    """The checks Django's own forms make: the username's characters, and the site's
    password validators (AUTH_PASSWORD_VALIDATORS) for this user."""
    try:
        user.username_validator(user.username)
    except ValidationError as e:
        raise ActionError(" ".join(e.messages), field="username") from None
    try:
        password_validation.validate_password(password, user=user)
    except ValidationError as e:
        messages = " ".join(_password_message(x) for x in e.error_list)
        raise ActionError(messages, field="password") from None


def _password_message(error: ValidationError) -> str:
    if error.code == "password_too_short":  # Django's Chinese catalog lacks this one
        return f"密码太短，至少需要{error.params['min_length']}个字符。"
    return " ".join(error.messages)


@transaction.atomic
def grant_role(
    agency: Agency,
    *,
    acting_user,
    username: str,
    role: str,
    full_name: str = "",
    password: str = "",
) -> Membership:
    """Give a user a role here; creates the account when the username is new."""
    _require_admin(acting_user, agency)
    if role not in GRANTABLE_ROLES:
        raise ActionError("机关管理员不能授予该角色。", field="role")
    User = get_user_model()
    username = username.strip()
    user = User.objects.filter(username__iexact=username).first()
    if user is None:
        if not password:
            raise ActionError("新用户需要设置初始密码。", field="password")
        _check_new_account(User(username=username, full_name=full_name), password)
        user = User.objects.create_user(username=username, password=password, full_name=full_name)
        record(
            "user.create",
            target=user,
            agency=agency,
            acting_user=acting_user,
            data={"username": username},
        )
    membership, created = Membership.objects.get_or_create(user=user, agency=agency, role=role)
    if not created:
        raise ActionError("该用户已经拥有这个角色。", field="role")
    record(
        "membership.grant",
        target=membership,
        agency=agency,
        acting_user=acting_user,
        data={"user": user.username, "role": role},
    )
    return membership


@transaction.atomic
def revoke_role(membership: Membership, *, acting_user) -> None:
    agency = membership.agency
    _require_admin(acting_user, agency)
    if membership.role == Role.ADMIN and membership.user_id == acting_user.pk:
        others = Membership.objects.filter(agency=agency, role=Role.ADMIN).exclude(pk=membership.pk)
        if not others.exists():
            raise ActionError("不能撤销本机关最后一名管理员的管理员角色。")
    record(
        "membership.revoke",
        target=membership,
        agency=agency,
        acting_user=acting_user,
        data={"user": membership.user.username, "role": membership.role},
    )
    membership.delete()
