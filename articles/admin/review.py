"""What a reviewer sees side by side: two versions of an article's text, each in full and
in a preview with the site's style (a frame of the preview page, which works without
JavaScript). Used by the translation page and the English draft page."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext

from articles.models import Article
from articles.publishing import revisions
from articles.translations.translator_view import text_direction


def preview_url(article: Article, lang: str, *, pending: bool = False) -> str:
    """The site-styled preview of `article` in `lang`: the stored text, or with `pending`
    its pending version (the English draft, a translation's changes awaiting review)."""
    query = {"article": article.pk, "lang": lang, **({"pending": 1} if pending else {})}
    return f"{reverse('admin:articles_article_preview_page')}?{urlencode(query)}"


def review_pane(
    *, heading: str, article: Article, lang: str, text: dict[str, str], pending: bool
) -> dict:
    """One side of a review: {heading, lang, dir, fields: [(label, text)], preview_url,
    preview_title} for the template admin/articles/article/_review_panes.html."""
    return {
        "heading": heading,
        "lang": lang,
        "dir": text_direction(lang),
        "fields": [
            (str(label), text.get(name, "")) for name, label in revisions.FIELD_LABELS.items()
        ],
        "preview_url": preview_url(article, lang, pending=pending),
        "preview_title": gettext("Preview with the site’s style: %(heading)s")
        % {"heading": heading},
    }
