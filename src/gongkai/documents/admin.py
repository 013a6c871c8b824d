"""System administrators' view of the register and 清理: read-only, since every change
goes through the actions (rules, audit)."""

from django.contrib import admin

from gongkai.publishing.admin import ReadOnly

from .models import CleanupBatch, CleanupEntry, Document


@admin.register(Document)
class DocumentAdmin(ReadOnly):
    list_display = ("title", "agency", "kind", "number", "made_on", "attribute", "valid_until")
    list_filter = ("kind", "attribute")
    search_fields = ("title", "number", "registration_number", "code")


admin.site.register(CleanupBatch, ReadOnly)
admin.site.register(CleanupEntry, ReadOnly)
