"""The category admin: names and descriptions per language (English for editors only)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin

from articles.admin.protection import SourceProtectedAdmin
from articles.admin.translator_view import LanguageAttributesAdmin
from articles.models import Category, column, language_codes


@admin.register(Category)
class CategoryAdmin(LanguageAttributesAdmin, SourceProtectedAdmin, TabbedTranslationAdmin):
    list_display = ("name", "slug", "position", "article_count")
    list_editable = ("position",)
    search_fields = ("slug", *(column("name", lang) for lang in language_codes()))
    prepopulated_fields = {"slug": ("name_en",)}

    @admin.display(description=_("articles"))
    def article_count(self, category: Category) -> int:
        return category.articles.count()
