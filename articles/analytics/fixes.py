"""The writes behind the analytics view's one-click fixes, and the links that open them.

A synonym group and a draft article are added through their own admin add forms (Django
prefills an add form from the query string); adding keywords to an existing article is
a small form of its own (articles/admin/analytics.py) that calls `add_keywords`.
"""

from urllib.parse import urlencode

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.models import Article, column
from articles.publishing.revisions import recorded_as

KEYWORDS_MAX_LENGTH = Article._meta.get_field("keywords").max_length


def keyword_list(text: str) -> list[str]:
    """Comma-separated keywords as a list: trimmed, empty ones dropped, order kept."""
    return [word.strip() for word in (text or "").split(",") if word.strip()]


@transaction.atomic
def add_keywords(*, article: Article, lang: str, words: list[str], user=None) -> list[str]:
    """Append `words` to the article's keywords in `lang` and save (reindexed on commit).

    Words it already has (compared case-insensitively) are skipped; returns the words
    added. Stored as a revision by `user`. Raises ValidationError when the keywords would
    pass the column's 500 characters.
    """
    field = column("keywords", lang)
    article = Article.objects.select_for_update().get(pk=article.pk)
    current = keyword_list(getattr(article, field) or "")
    known = {word.casefold() for word in current}
    added = []
    for word in words:
        if word.casefold() not in known:
            known.add(word.casefold())
            added.append(word)
    if not added:
        return []
    combined = ", ".join(current + added)
    if len(combined) > KEYWORDS_MAX_LENGTH:
        raise ValidationError(
            _("The keywords would be longer than %(max)d characters: remove some first.")
            % {"max": KEYWORDS_MAX_LENGTH}
        )
    setattr(article, field, combined)
    with recorded_as(_("Keywords added from search analytics"), user=user):
        article.save()
    return added


def fix_links(query: str, lang: str) -> dict[str, str]:
    """Admin URLs that open each fix prefilled with `query` in `lang`.

    `synonyms`: a new synonym group in `lang` starting with the query; `keywords`: the
    add-keywords form; `draft`: a new (draft) article with the query as its `lang` title.
    """
    return {
        "synonyms": reverse("admin:articles_synonymgroup_add")
        + "?"
        + urlencode({"language": lang, "terms": f"{query}, "}),
        "keywords": reverse("admin:articles_searchlog_analytics_keywords")
        + "?"
        + urlencode({"q": query, "lang": lang}),
        "draft": reverse("admin:articles_article_add")
        + "?"
        + urlencode({column("title", lang): query}),
    }
