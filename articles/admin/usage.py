"""Admin pages for link usage (read-only counters) and API tokens (issue, revoke).

Link usage: Editors and Reviewers read how often each article's link was copied from the
desk or opened, per language and day; nobody edits the counts. API tokens: Editors issue a
token for a help-desk tool (shown once, only its hash is kept) and revoke it; the list
shows each token's requests and last use.
"""

from django.contrib import admin, messages
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.admin import list_columns
from articles.models import ApiToken, LinkUsage


@admin.register(LinkUsage)
class LinkUsageAdmin(admin.ModelAdmin):
    """Counts per article, language and day; the admin index shows the most linked."""

    list_display = (list_columns.linked_article, "language", "day", "copies", "opens")
    list_filter = ("language", "day")
    date_hierarchy = "day"
    list_select_related = ("article",)
    search_fields = ("article__slug", "article__title_en")

    def lookup_allowed(self, lookup: str, value: str, request=None) -> bool:
        # The admin index links to one article's rows: ?article__id__exact=<id>.
        return lookup == "article__id__exact" or super().lookup_allowed(lookup, value, request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Issue: *Add API token*, give it a name, save; the token is shown once, copy it then."""

    list_display = ("name", "hint", "created_by", "created_at", "last_used_at", "requests")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    readonly_fields = ("hint", "created_by", "created_at", "revoked_at", "last_used_at", "requests")
    fields = ("name", *readonly_fields)
    actions = ["revoke"]

    def save_model(self, request: HttpRequest, obj: ApiToken, form, change: bool) -> None:
        if not change:
            obj._new_token = obj.set_new_token()
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def response_add(self, request: HttpRequest, obj: ApiToken, post_url_continue=None):
        """The new token, shown on this one private page (never in a message: Django's
        messages may travel in a cookie)."""
        response = TemplateResponse(
            request,
            "admin/articles/apitoken/issued.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.opts,
                "token": obj,
                "secret": obj._new_token,
                "title": _("API token issued"),
            },
        )
        add_never_cache_headers(response)
        return response

    @admin.action(description=_("Revoke selected tokens"), permissions=["change"])
    def revoke(self, request: HttpRequest, queryset) -> None:
        tokens = list(queryset.filter(revoked_at=None))
        for token in tokens:
            token.revoke()
        self.message_user(
            request,
            ngettext("%d token revoked.", "%d tokens revoked.", len(tokens)) % len(tokens),
            messages.SUCCESS,
        )
