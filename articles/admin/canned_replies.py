"""Admin for canned replies: Editors write them per language; agents insert them from the
workspace's composer (/<lang>/support/requests/<reference>/) and cannot change them here."""

from django.contrib import admin

from articles.models import CannedReply


@admin.register(CannedReply)
class CannedReplyAdmin(admin.ModelAdmin):
    """One row per key and language; the composer falls back to the English row."""

    list_display = ("key", "language", "title", "updated_at")
    list_filter = ("language",)
    search_fields = ("key", "title", "body")
    fields = ("key", "language", "title", "body")
