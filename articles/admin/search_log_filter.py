"""The search log's "source" filter: visitors' searches unless an editor asks for others.

Support agents search the desk all day, and help-desk tools call `/api/search`: counted
with visitors', their queries would drown what customers look for and do not find. The log
therefore opens on visitors' searches; the filter shows the desk's, the API's, or all.
"""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from articles.models import SearchLog

ALL_SOURCES = "all"


class SearchSourceFilter(admin.SimpleListFilter):
    """`?source=visitor|desk|api|all`; no parameter means visitors only."""

    title = _("source")
    parameter_name = "source"

    def lookups(self, request: HttpRequest, model_admin) -> list[tuple[str, str]]:
        return [*SearchLog.Source.choices, (ALL_SOURCES, _("all sources"))]

    def value(self) -> str:
        return super().value() or SearchLog.Source.VISITOR

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == ALL_SOURCES:
            return queryset
        return queryset.filter(source=self.value())

    def choices(self, changelist):
        # No "All" entry of Django's (it would mean visitors here): ours names it.
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == str(lookup),
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }
