"""Reads about translations: their states, what a reader of a language gets, the dashboard.

A reader of language L gets one language per page: L when the article `shows_in(L)`
(the source, or a published and complete translation), else the whole article in the
source language with a notice. A shown translation based on an older source version is
"outdated": readers are told, with the date of the English change.
"""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from articles.core.languages import SOURCE_LANGUAGE, language_codes, match_language
from articles.models import Article, SourceDraft, SourceVersion, TranslationState, column

# translation_status() values, from least to most ready.
MISSING, INCOMPLETE, DRAFT, REVIEW, OUTDATED, CURRENT = (
    "missing",
    "incomplete",
    "draft",
    "review",
    "outdated",
    "current",
)
STATES = (MISSING, INCOMPLETE, DRAFT, REVIEW, OUTDATED, CURRENT)
# Each state as the admin names it (dashboard, translation page, article list).
STATE_LABELS = {
    MISSING: _("missing"),
    INCOMPLETE: _("incomplete (shown in English)"),
    DRAFT: _("draft"),
    REVIEW: _("in review"),
    OUTDATED: _("outdated"),
    CURRENT: _("up to date"),
}


def language_status(article: Article, lang: str) -> str:
    """The state of `article` in `lang`, one of STATES.

    "current" (the source, or published, complete and based on the current source
    version), "outdated" (published, but a major source change followed its base),
    "review" (in review, or published with edits awaiting review), "draft" (a draft, or
    sent back), "incomplete" (published but missing its title, summary or body: readers
    get the English), "missing" (no text in `lang`).
    """
    if lang == SOURCE_LANGUAGE:
        return CURRENT
    state = article.translation_state(lang)
    if state is None:
        return DRAFT if article.is_translated(lang) else MISSING
    if state.awaits_review:
        return REVIEW
    if not state.is_published:
        return DRAFT
    if not article.is_complete_in(lang):
        return INCOMPLETE
    return OUTDATED if state.is_outdated_for(article) else CURRENT


def translation_status(article: Article) -> dict[str, str]:
    """Per language (settings order): "current", "outdated", "missing", and, with
    per-translation states, "review", "draft" or "incomplete" (see language_status)."""
    return {lang: language_status(article, lang) for lang in language_codes()}


@dataclass(frozen=True)
class ShownText:
    """What a reader of `asked` gets: the text of `lang` (asked, or the source).

    `fallback`: the source is shown instead of `asked`; `incomplete` says why when
    `asked` has a published translation missing its title, summary or body. `outdated`:
    the shown translation was based on an older source version; `source_changed_at` is
    then when the English changed. `updated_at` is the shown language's own last change.
    """

    asked: str
    lang: str
    title: str
    summary: str
    body_html: str
    fallback: bool
    outdated: bool
    updated_at: datetime | None
    source_changed_at: datetime | None
    incomplete: bool = False


def shown_text(article: Article, lang: str) -> ShownText:
    """The one language a reader of `lang` gets for `article`, and its dates."""
    shown = lang if article.shows_in(lang) else SOURCE_LANGUAGE
    state = article.translation_state(shown)
    if state is not None:
        updated = state.updated_at or getattr(article, column("content_updated_at", shown))
    else:
        updated = getattr(article, column("content_updated_at", shown))
    return ShownText(
        asked=lang,
        lang=shown,
        title=article.text("title", shown),
        summary=article.text("summary", shown),
        body_html=article.text("body_html", shown),
        fallback=shown != lang,
        outdated=bool(state and state.is_outdated_for(article)),
        updated_at=updated or article.updated_at,
        source_changed_at=article.source_changed_at,
        incomplete=shown != lang and language_status(article, lang) == INCOMPLETE,
    )


def shown_languages(article: Article) -> list[str]:
    """The languages `article` is shown in (the source first among them, settings order)."""
    return [lang for lang in language_codes() if article.shows_in(lang)]


def kept_source_text(article: Article, lang: str) -> dict[str, str] | None:
    """{field: text} of the source version the `lang` translation was based on, as kept
    when that version was current; None when the translation has no state or that version
    was not kept (translations older than the versions have base 0)."""
    state = article.translation_state(lang)
    if state is None or not state.based_on_version:
        return None
    kept = SourceVersion.objects.filter(article=article, version=state.based_on_version).first()
    return kept.fields() if kept is not None else None


def based_on_source_text(article: Article, lang: str) -> dict[str, str]:
    """The source title, summary, body and keywords the `lang` translation was based on:
    kept_source_text, else the current source text."""
    kept = kept_source_text(article, lang)
    if kept is not None:
        return kept
    return {
        field: article.text(field, SOURCE_LANGUAGE)
        for field in ("title", "summary", "body", "keywords")
    }


# --- the localization dashboard -------------------------------------------------------
def _light(articles):
    """Without the columns the states do not need (rendered bodies, keywords)."""
    return articles.defer(
        *(column(name, lang) for lang in language_codes() for name in ("body_html", "keywords"))
    )


DASHBOARD_ORDER = {"views": "-views", "title": "title_en", "-title": "-title_en"}


def dashboard_languages(own: list[str]) -> list[str]:
    """The translation languages in the dashboard's order: `own` (the user's, e.g.
    roles.translatable_languages) first, then the others, each in settings order."""
    others = [lang for lang in language_codes() if lang != SOURCE_LANGUAGE and lang not in own]
    return [*own, *others]


def dashboard_language(*, asked: str | None, own: list[str], interface: str) -> str:
    """The language the dashboard opens on: `asked` (?lang=, any BCP 47 tag: `zh-CN`)
    when it is a translation language; else the user's own language that is their
    `interface` language; else their first own language; else the first translation
    language."""
    languages = dashboard_languages(own)
    asked = match_language(asked or "")
    if asked in languages:
        return asked
    if interface in own:
        return interface
    return languages[0]


def dashboard_rows(lang: str, *, order: str = "views") -> list[tuple[Article, str]]:
    """Every article with its state in `lang`, most viewed first (or by English title).

    Returns [(article, state)] with state one of STATES; `order` is a key of
    DASHBOARD_ORDER (anything else: views).
    """
    articles = (
        _light(Article.objects.select_related("category"))
        .prefetch_related("translation_states")
        .order_by(DASHBOARD_ORDER.get(order, "-views"), "slug")
    )
    return [(article, language_status(article, lang)) for article in articles]


def dashboard_counts() -> dict[str, dict[str, int]]:
    """{lang: {state: count}} over every article, for each language but the source."""
    counts = {}
    articles = list(_light(Article.objects.prefetch_related("translation_states")))
    for lang in language_codes():
        if lang == SOURCE_LANGUAGE:
            continue
        per_state = dict.fromkeys(STATES, 0)
        for article in articles:
            per_state[language_status(article, lang)] += 1
        counts[lang] = per_state
    return counts


def outdated_in(queryset, lang: str):
    """The articles of `queryset` whose `lang` translation is outdated."""
    states = TranslationState.objects.filter(
        article=OuterRef("pk"),
        language=lang,
        based_on_version__lt=OuterRef("source_version"),
    )
    return queryset.filter(Exists(states))


def in_review(queryset, lang: str | None = None):
    """The articles of `queryset` with a translation (of `lang`, or any) awaiting review:
    in review, or published with pending edits no reviewer sent back; with no `lang`,
    also those whose English draft is in review."""
    pending = (
        TranslationState.objects.filter(status=TranslationState.Status.PUBLISHED, review_comment="")
        .exclude(pending={})
        .values("pk")
    )
    states = TranslationState.objects.filter(article=OuterRef("pk")).filter(
        Q(status=TranslationState.Status.REVIEW) | Q(pk__in=pending)
    )
    if lang:
        states = states.filter(language=lang)
        return queryset.filter(Exists(states))
    drafts = SourceDraft.objects.filter(article=OuterRef("pk"), status="review").exclude(changes={})
    return queryset.filter(Exists(states) | Exists(drafts))


def outdated_articles(article_ids: list[int], lang: str) -> set[int]:
    """The ids among `article_ids` whose `lang` translation is outdated (one query)."""
    if lang == SOURCE_LANGUAGE or not article_ids:
        return set()
    states = TranslationState.objects.filter(
        article_id__in=article_ids,
        language=lang,
        based_on_version__lt=F("article__source_version"),
    )
    return set(states.values_list("article_id", flat=True))
