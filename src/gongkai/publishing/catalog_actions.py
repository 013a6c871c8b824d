"""Changes to an agency's catalog and guide, made by its administrator, audited."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from gongkai.agencies.access import check_roles
from gongkai.agencies.models import Agency, Role
from gongkai.audit.log import record
from gongkai.workflow import ActionError

from . import pages_index, search
from .catalog import CatalogCategory, GuideVersion
from .models import Item

CATEGORY_FIELDS = (
    "name",
    "parent",
    "article20",
    "kind",
    "update_days",
    "description",
    "sort_order",
    "is_active",
)


@transaction.atomic
def save_category(
    agency: Agency,
    *,
    acting_user,
    category: CatalogCategory | None = None,
    at=None,
    **fields,
) -> CatalogCategory:
    check_roles(acting_user, agency, [Role.ADMIN])
    unknown = set(fields) - set(CATEGORY_FIELDS)
    if unknown:
        raise ValueError(f"fields not editable: {sorted(unknown)}")
    parent = fields.get("parent")
    if parent is not None:
        if parent.agency_id != agency.pk:
            raise ActionError("上级类目不属于本机关。", field="parent")
        if parent.parent_id is not None:
            raise ActionError("目录最多两级：上级类目必须是一级类目。", field="parent")
        if category is not None and parent.pk == category.pk:
            raise ActionError("上级类目不能是本类目。", field="parent")
    if category is not None and parent is not None and category.children.exists():
        raise ActionError("该类目有下级类目，不能再设上级类目。", field="parent")
    created = category is None
    if created:
        category = CatalogCategory(agency=agency)
    elif category.agency_id != agency.pk:
        raise ActionError("类目不属于本机关。")
    before = {k: _plain(getattr(category, k)) for k in fields} if not created else {}
    for key, value in fields.items():
        setattr(category, key, value)
    category.save()
    after = {k: _plain(getattr(category, k)) for k in fields}
    if not created and any(
        before.get(k) != after.get(k) for k in ("parent", "article20") if k in fields
    ):
        # The search index files items under their category's parent and 第二十条 item.
        for item in Item.objects.public().filter(category=category).select_related("category"):
            search.sync_item(item)
    pages_index.sync_catalog(agency)
    record(
        "catalog.create" if created else "catalog.update",
        target=category,
        agency=agency,
        acting_user=acting_user,
        at=at,
        data={"before": before, "after": after},
    )
    return category


def _plain(value):
    return getattr(value, "pk", value)


@transaction.atomic
def delete_category(category: CatalogCategory, *, acting_user) -> bool:
    """Delete an unused category; one in use is deactivated instead. True if deleted."""
    agency = category.agency
    check_roles(acting_user, agency, [Role.ADMIN])
    in_use = category.items.exists() or category.children.exists()
    if in_use:
        category.is_active = False
        category.save(update_fields=["is_active"])
        pages_index.sync_catalog(agency)
        record("catalog.deactivate", target=category, agency=agency, acting_user=acting_user)
        return False
    record(
        "catalog.delete",
        target=category,
        agency=agency,
        acting_user=acting_user,
        data={"name": category.name, "article20": category.article20},
    )
    category.delete()
    pages_index.sync_catalog(agency)
    return True


GUIDE_FIELDS = tuple(GuideVersion.SECTIONS) + ("note",)


@transaction.atomic
def publish_guide(agency: Agency, *, acting_user, at=None, **fields) -> GuideVersion:
    """Save the guide as a new version; the previous versions stay readable."""
    check_roles(acting_user, agency, [Role.ADMIN])
    unknown = set(fields) - set(GUIDE_FIELDS)
    if unknown:
        raise ValueError(f"fields not editable: {sorted(unknown)}")
    Agency.objects.select_for_update().get(pk=agency.pk)
    current = GuideVersion.objects.current_for(agency)
    number = (current.number + 1) if current else 1
    guide = GuideVersion.objects.create(
        agency=agency,
        number=number,
        created_by=acting_user,
        created_at=at or timezone.now(),
        **fields,
    )
    record(
        "guide.publish",
        target=guide,
        agency=agency,
        acting_user=acting_user,
        at=at,
        data={"number": number, "note": fields.get("note", "")},
    )
    pages_index.sync_guide(agency)
    return guide
