"""Which fields are translated: modeltranslation adds one column per language."""

from modeltranslation.translator import TranslationOptions, register

from articles.core.languages import SOURCE_LANGUAGE
from articles.models import Article, Category


@register(Category)
class CategoryTranslationOptions(TranslationOptions):
    fields = ("name", "description")
    required_languages = (SOURCE_LANGUAGE,)


@register(Article)
class ArticleTranslationOptions(TranslationOptions):
    fields = ("title", "summary", "body", "body_html", "keywords", "content_updated_at")
    # English is the source: it must exist. Other languages may be missing (→ fallback).
    required_languages = {SOURCE_LANGUAGE: ("title", "body"), "default": ()}
