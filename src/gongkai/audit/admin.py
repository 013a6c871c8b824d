from django.contrib import admin

from . import privacy
from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("at", "actor", "agency", "action", "target_repr", "from_state", "to_state")
    list_filter = ("action",)
    # Object names and codes only: comments may speak of applicants, and the system
    # administrator does not handle applications.
    search_fields = ("target_repr", "target_id")
    fields = (
        "at",
        "actor",
        "agency",
        "action",
        "target_type",
        "target_id",
        "target_repr",
        "from_state",
        "to_state",
        "shown_comment",
        "data",
    )
    readonly_fields = fields

    @admin.display(description="意见")
    def shown_comment(self, obj):
        if obj.target_type in privacy.guarded_types():
            return "（仅办理该事项的人员可见）" if obj.comment else ""
        return obj.comment

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
