"""System administrators' view of the publishing records: read-only, since every change
to an item goes through the actions (review, audit, search index)."""

from django.contrib import admin

from .catalog import CatalogCategory, GuideVersion
from .models import (
    AgencyWord,
    Attachment,
    Finding,
    Item,
    Review,
    Screening,
    Signature,
    SignoffStep,
)


class ReadOnly(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Item)
class ItemAdmin(ReadOnly):
    list_display = ("title", "agency", "status", "index_number", "published_on", "validity")
    list_filter = ("status", "validity", "doc_kind")
    search_fields = ("title", "index_number", "document_number", "code")


@admin.register(CatalogCategory)
class CatalogCategoryAdmin(ReadOnly):
    list_display = ("name", "agency", "parent", "article20", "is_active")
    list_filter = ("article20",)


admin.site.register(GuideVersion, ReadOnly)
admin.site.register(Review, ReadOnly)
admin.site.register(Attachment, ReadOnly)


@admin.register(Finding)
class FindingAdmin(ReadOnly):
    # The message masks the personal data; the matched text is never stored.
    list_display = ("item", "rule", "severity", "place", "acknowledged_at")
    list_filter = ("rule", "severity")


admin.site.register(Screening, ReadOnly)
admin.site.register(AgencyWord, ReadOnly)
admin.site.register(SignoffStep, ReadOnly)
admin.site.register(Signature, ReadOnly)
