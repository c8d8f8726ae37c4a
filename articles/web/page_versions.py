"""How far a change reaches: one topic's article pages, or every page.

During an incident an editor updates the incident article every few minutes while
thousands read. Were every save to empty every cached page, each would be followed by a
storm of renders on every worker. An article page shows its article (with its
translations), the first articles of its topic (related articles) and site-wide things
(topics' names, contact channels, links that follow renamed slugs); so an edit confined
to one topic's articles — text, title, summary, translations, position — need empty only
that topic's article pages (and the pages keyed by the content version: home, topics,
results). The versions themselves live in models/content_version.py.

Confined to a topic (`changed_topics` returns its pk):
- an Article saved with its slug, topic, status and publication times unchanged
  (REACHING_FIELDS, compared with the row as the database held it just before the save,
  read under a row lock inside a transaction so that a concurrent move is not missed);
- a TranslationState or SourceVersion saved or deleted (its article's topic).
Anything else — an article created, deleted, renamed, moved, published, unpublished or
rescheduled; a topic, channel or any other content model changed — reaches every page.

An article page's key part (`article_page_versions`) is its topic's versions; its topic
comes from a map of every slug to its topic, built once per structure version (any
rename, move, creation or deletion changes that version, and so rebuilds the map).
"""

import re

from django.db import connection

from articles.models import Article
from articles.models.content_version import current_article_versions, current_structure_version

# /<lang>/articles/<slug>/ (articles/urls.py's "article").
ARTICLE_PAGE = re.compile(r"^/[a-z]{2}(?:-[a-z]+)?/articles/(?P<slug>[-a-zA-Z0-9_]+)/$")
# An article's fields whose change reaches beyond its topic's article pages.
REACHING_FIELDS = ("slug", "category_id", "status", "publish_at", "unpublish_at")
ARTICLE_PARTS = {"translationstate", "sourceversion"}  # models of one article's text
BEFORE_SAVE = "_reaching_fields_before_save"

_slug_topics: tuple[int | None, dict[str, int]] = (None, {})


def remember_before_save(instance: Article) -> None:
    """Keep on `instance` its REACHING_FIELDS as stored now (pre_save of Article)."""
    before = None
    if instance.pk is not None:
        rows = Article.objects.filter(pk=instance.pk)
        if connection.in_atomic_block:
            rows = rows.select_for_update()  # a move committing meanwhile is waited for
        before = rows.values(*REACHING_FIELDS).first()
    instance.__dict__[BEFORE_SAVE] = before


def changed_topics(model: type, instance, *, created: bool, deleted: bool) -> set[int] | None:
    """The topics (Category pks) a saved or deleted row's change is confined to, or None
    when it reaches every page (module docstring)."""
    name = model._meta.model_name
    if name == "article" and instance is not None and not (created or deleted):
        before = instance.__dict__.pop(BEFORE_SAVE, None)
        after = {field: getattr(instance, field) for field in REACHING_FIELDS}
        return {instance.category_id} if before == after else None
    if name in ARTICLE_PARTS and instance is not None:
        articles = Article.objects.filter(pk=instance.article_id)
        topic = articles.values_list("category_id", flat=True).first()
        return None if topic is None else {topic}
    return None


def article_page_versions(path: str) -> str | None:
    """The versions an article page at `path` depends on ("a<structure>.<topic>"), or
    None when `path` is no article page, names no article, or the database does not
    answer (the caller then keys the page by the content version)."""
    match = ARTICLE_PAGE.match(path)
    if match is None:
        return None
    topic = _topic_of(match["slug"])
    versions = None if topic is None else current_article_versions(topic)
    return None if versions is None else f"a{versions}"


def _topic_of(slug: str) -> int | None:
    global _slug_topics
    structure = current_structure_version()
    if structure is None:
        return None
    built_for, topics = _slug_topics
    if built_for != structure:
        # Read after the version: the map is never older than the version it is kept for.
        topics = dict(Article.objects.values_list("slug", "category_id"))
        _slug_topics = (structure, topics)
    return topics.get(slug)


def forget_slug_topics() -> None:
    """Drop this process's map of slugs to topics (tests; a database swapped under it)."""
    global _slug_topics
    _slug_topics = (None, {})
