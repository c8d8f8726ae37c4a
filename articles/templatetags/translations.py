"""`{{ article|listed_in:LANGUAGE_CODE }}`: an article as a listing of a language shows it.

One language per entry: the translation when readers of that language get it, else the
source-language title and summary, marked so the template labels it (with `lang`).
"""

from django import template

from articles.core.languages import SOURCE_LANGUAGE

register = template.Library()


@register.filter
def listed_in(article, lang: str) -> dict:
    """{"title", "summary", "lang", "fallback"} of `article` in a listing of `lang`.

    Uses the `in_language` annotation of the listing selectors (no query); without it,
    asks the article (one query for its states).
    """
    shown = getattr(article, "in_language", None)
    if shown is None:
        shown = article.shows_in(lang)
    code = lang if shown else SOURCE_LANGUAGE
    loaded = article.get_deferred_fields()
    summary_column = f"summary_{code.replace('-', '_')}"
    return {
        "title": article.text("title", code) or article.text("title", SOURCE_LANGUAGE),
        "summary": "" if summary_column in loaded else article.text("summary", code),
        "lang": code,
        "fallback": not shown,
    }
