"""Read-only for system administrators: schedules are loaded through the back office, audited."""

from django.contrib import admin

from .models import HolidaySchedule


@admin.register(HolidaySchedule)
class HolidayScheduleAdmin(admin.ModelAdmin):
    list_display = ("year", "source", "updated_at", "updated_by")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
