"""sitemap.xml: every published article and category, with an hreflang alternate for every
translation and an x-default (English)."""

from django.contrib.sitemaps import Sitemap

from . import selectors
from .models import Article, Category, column, language_codes


class TranslatedSitemap(Sitemap):
    """One URL per language the item exists in, each listing the others as alternates."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"


class ArticleSitemap(TranslatedSitemap):
    def items(self):
        return list(
            selectors.published_articles().prefetch_related("translation_states").order_by("pk")
        )

    def get_languages_for_item(self, item: Article) -> list[str]:
        # A page that would only show the English fallback is not a translation (nor is
        # a translation that is not published and complete).
        return selectors.translated_languages(item)

    def lastmod(self, item: Article):
        return item.updated_at


class CategorySitemap(TranslatedSitemap):
    def items(self):
        live = selectors.published_articles().values("category_id")
        return list(Category.objects.filter(pk__in=live))

    def get_languages_for_item(self, item: Category) -> list[str]:
        return [lang for lang in language_codes() if getattr(item, column("name", lang))]


SITEMAPS = {"articles": ArticleSitemap, "categories": CategorySitemap}
