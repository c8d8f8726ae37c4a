"""What the English said when a translation was made: the "base" of a translation.

A translation is compared with the English it was made from, not with today's English: the
translator's view shows the diff from that base to the current English, and the
translation-file export sends it as the previous source of an outdated unit.

A translation's state records the source version it was based on, and the source text of
each version is kept (`based_on_source_text` in articles/translations/localization.py); that
is the base. Translations older than those records (base 0) fall back to the revision
history (articles/publishing/revisions.py stores every save): the revision that introduced
the translation's current text. Its timestamp is not used, because
django-reversion dates a revision when its block opens — before the save's
`content_updated_at_<lang>` stamp for an admin save, after it for any other save — so a
time comparison would pick the wrong neighbour one way or the other.
"""

from articles.models import SOURCE_LANGUAGE, STAMPED_FIELDS, TRANSLATED_TEXT_FIELDS, Article, column
from articles.publishing.revisions import article_versions
from articles.translations import localization


def _meaningful(text: str | None) -> str:
    """Text as a reader sees it: CRLF line ends and surrounding blank space do not count."""
    return (text or "").replace("\r\n", "\n").strip()


def current_source_text(article: Article) -> dict[str, str]:
    """{field: English text now} for title, summary, body and keywords."""
    return {
        name: _meaningful(article.text(name, SOURCE_LANGUAGE)) for name in TRANSLATED_TEXT_FIELDS
    }


def source_text_at_base(article: Article, lang: str) -> dict[str, str]:
    """{field: English text} of title, summary, body and keywords when `lang` was last changed.

    The English of the oldest revision in the newest unbroken run of revisions whose
    `lang` title, summary and body equal the article's current ones (the revision that
    introduced today's translation). The current English when the article has no
    history, no translation in `lang`, or a translation no revision holds (written
    around the save path).
    """
    kept = localization.kept_source_text(article, lang) if article.pk else None
    if kept is not None:
        return {name: _meaningful(text) for name, text in kept.items()}
    current = current_source_text(article)
    translation = tuple(_meaningful(article.text(name, lang)) for name in STAMPED_FIELDS)
    if not article.pk or not any(translation):
        return current
    base = None
    for version in article_versions(article):  # newest first
        stored = version.field_dict
        if tuple(_meaningful(stored.get(column(name, lang))) for name in STAMPED_FIELDS) != (
            translation
        ):
            break
        base = stored
    if base is None:
        return current
    return {
        name: _meaningful(base.get(column(name, SOURCE_LANGUAGE)))
        for name in TRANSLATED_TEXT_FIELDS
    }
