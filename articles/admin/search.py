"""Search administration: editors' synonym groups, and what visitors searched for."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from articles.admin import analytics as analytics_admin
from articles.admin.protection import SourceProtectedAdmin
from articles.admin.search_log_filter import SearchSourceFilter
from articles.models import SearchLog, SynonymGroup


@admin.register(SynonymGroup)
class SynonymGroupAdmin(SourceProtectedAdmin, admin.ModelAdmin):
    list_display = ("terms", "language", "is_active", "updated_at")
    list_filter = ("language", "is_active")
    list_editable = ("is_active",)
    search_fields = ("terms",)


class FoundFilter(admin.SimpleListFilter):
    title = _("results")
    parameter_name = "found"

    def lookups(self, request, model_admin):
        return [("no", _("nothing found")), ("yes", _("something found"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(results=0)
        if self.value() == "yes":
            return queryset.filter(results__gt=0)
        return queryset


@admin.register(SearchLog)
class SearchLogAdmin(SourceProtectedAdmin, admin.ModelAdmin):
    """What visitors searched for; filter "nothing found" to see which articles are missing."""

    list_display = (
        "query",
        "language",
        "results",
        "corrected_query",
        "fallback",
        "source",
        "created_at",
    )
    list_filter = (
        SearchSourceFilter,
        FoundFilter,
        "language",
        "fallback",
        "synthetic",
        "created_at",
    )

    def get_urls(self):
        """The search analytics page (articles/admin/analytics.py) before the log's own."""
        return [*analytics_admin.urls(self.admin_site), *super().get_urls()]

    search_fields = ("query",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
