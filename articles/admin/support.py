"""Admin for reaching a human: the contact channels per language (Editors) and the
conversations, chats and contact requests (read in the admin; answered in the workspace,
/<lang>/support/)."""

import json

from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponse
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.models import (
    ContactChannels,
    ContactMessage,
    ContactRequest,
    PhoneLine,
    SocialAccount,
)
from articles.support import visitor_data


class PhoneLineInline(admin.TabularInline):
    model = PhoneLine
    extra = 0
    fields = ("region", "number", "days", "opens", "closes", "time_zone", "position")


# Addresses typed without a scheme ("chat.example.com") are read as https://.
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}


class SocialAccountInline(admin.TabularInline):
    model = SocialAccount
    formfield_overrides = HTTPS_URLS
    extra = 0
    fields = ("network", "url", "position")


@admin.register(ContactChannels)
class ContactChannelsAdmin(admin.ModelAdmin):
    """One row per language; a blank channel is not offered to that language's visitors."""

    list_display = (
        "__str__", "form_enabled", "chat_enabled", "email", "phone_count", "updated_at",
    )  # fmt: skip
    inlines = [PhoneLineInline, SocialAccountInline]
    formfield_overrides = HTTPS_URLS
    fieldsets = (
        (None, {"fields": ("language",)}),
        (_("Contact form"), {"fields": ("form_enabled", "form_response_time")}),
        (_("Live chat"), {"fields": ("chat_enabled", "chat_response_time", "chat_url")}),
        (_("E-mail"), {"fields": ("email", "email_response_time")}),
    )

    @admin.display(description=_("phone lines"))
    def phone_count(self, channels: ContactChannels) -> int:
        return channels.phone_lines.count()


class ContactMessageInline(admin.TabularInline):
    model = ContactMessage
    extra = 0
    fields = ("created_at", "from_agent", "internal", "agent", "body", "emailed")
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ContactRequest)
class ContactRequestAdmin(admin.ModelAdmin):
    """Conversations as a list to search and filter; answering happens in the workspace."""

    list_display = (
        "reference", "channel", "subject", "language", "status", "assigned_to", "rating",
        "forwarding", "created_at",
    )  # fmt: skip
    list_filter = ("channel", "status", "language", "forwarding", "rating")
    search_fields = ("reference", "subject", "query")
    date_hierarchy = "created_at"
    inlines = [ContactMessageInline]
    readonly_fields = (
        "reference", "channel", "language", "email", "subject", "message", "query", "article",
        "status", "assigned_to", "waiting_since", "first_response_at",
        "rating", "rating_comment", "forwarding", "forward_attempts", "forward_next_at",
        "forward_error", "created_at", "updated_at", "desk_link",
    )  # fmt: skip
    fields = readonly_fields
    actions = ["export_visitors"]

    @admin.action(
        description=_("Export every conversation of the selected visitors (JSON)"),
        permissions=["answer"],
    )
    def export_visitors(self, request, queryset):
        """A JSON download: visitor_data.export of each e-mail address among the selected
        conversations (all of that address's conversations, not only the selected)."""
        addresses = sorted({contact.email.lower() for contact in queryset if contact.email})
        if not addresses:
            self.message_user(
                request, _("None of the selected conversations has an e-mail address."),
                messages.WARNING,
            )  # fmt: skip
            return None
        data = {"visitors": [visitor_data.export(address) for address in addresses]}
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        response["Content-Disposition"] = 'attachment; filename="conversations-export.json"'
        return response

    def has_answer_permission(self, request) -> bool:
        """Exports are for those who answer conversations (Support, Editors)."""
        return request.user.has_perm("articles.answer_contact_requests")

    @admin.display(description=_("answer in the desk"))
    def desk_link(self, contact: ContactRequest) -> str:
        url = reverse("articles:desk_request", kwargs={"reference": contact.reference})
        return format_html('<a href="{}">{}</a>', url, contact.reference)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
