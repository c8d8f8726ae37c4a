"""Admin for honest waiting: the live chat's opening hours per language, with holidays and
special hours (Editors), and which languages each agent serves."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.models import AgentPresence, ChatHours, ChatHoursException, ChatSchedule


class ChatHoursInline(admin.TabularInline):
    model = ChatHours
    extra = 0
    fields = ("weekday", "opens", "closes")


class ChatHoursExceptionInline(admin.TabularInline):
    model = ChatHoursException
    extra = 0
    fields = ("date", "closed", "opens", "closes", "note")


@admin.register(ChatSchedule)
class ChatScheduleAdmin(admin.ModelAdmin):
    """One schedule per language, read in its time zone; a language without one uses
    English's, and with none at all the chat has no hours (presence alone decides)."""

    list_display = ("__str__", "time_zone", "weekly_rows", "exception_count")
    inlines = [ChatHoursInline, ChatHoursExceptionInline]

    @admin.display(description=_("weekly hours"))
    def weekly_rows(self, schedule: ChatSchedule) -> int:
        return schedule.hours.count()

    @admin.display(description=_("exceptions"))
    def exception_count(self, schedule: ChatSchedule) -> int:
        return schedule.exceptions.count()


@admin.register(AgentPresence)
class AgentPresenceAdmin(admin.ModelAdmin):
    """Which languages an agent serves (blank: all); their presence is set in the workspace."""

    list_display = ("agent", "status", "languages", "seen_at")
    fields = ("agent", "languages", "status", "seen_at")
    readonly_fields = ("agent", "status", "seen_at")

    def has_add_permission(self, request) -> bool:
        return False  # a row appears when the agent first opens the workspace
