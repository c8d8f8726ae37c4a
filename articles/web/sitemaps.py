"""sitemap.xml: every published article and category, with an hreflang alternate for every
translation and an x-default (English)."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap

from articles.models import Article, Category, column, language_codes
from articles.publishing import selectors


class TranslatedSitemap(Sitemap):
    """One URL per language the item exists in, each listing the others as alternates."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "weekly"

    def _urls(self, page, protocol, domain):
        """Django writes x-default as the source-language URL without its language prefix
        (`/articles/<slug>/`), for sites that leave the default language unprefixed; here
        every language is prefixed, so x-default is the `/en/…` URL the pages give too."""
        urls = super()._urls(page, protocol, domain)
        for url in urls:
            by_language = {alt["lang_code"]: alt["location"] for alt in url.get("alternates", [])}
            for alternate in url.get("alternates", []):
                if alternate["lang_code"] == "x-default" and settings.LANGUAGE_CODE in by_language:
                    alternate["location"] = by_language[settings.LANGUAGE_CODE]
        return urls


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
