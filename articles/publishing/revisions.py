"""Article revisions: who changed what, per language, with the full text (django-reversion).

Every save of an article is stored as a revision (a JSON copy of the fields in
`recorded_fields()`: the language-neutral fields and every language's title, summary, body
and keywords columns) with the user and a comment. The admin saves inside a revision of
its own; any other save (a service, a command, the shell) gets one from
`record_unmanaged_save`, so no change escapes the history. Each save of a pending version
(a translation's edits awaiting review, the English draft: pending_history.py) is kept
the same way, so the history shows the text as each revision left it, pending versions
included. A restore copies one language's text from an old revision onto the article and
saves it: a NEW revision, history is never rewritten.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import reversion
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from articles.models import TRANSLATED_TEXT_FIELDS, Article, column, language_codes
from articles.publishing.diffs import FieldDiff, shortened, text_diff
from articles.publishing.pending_history import PENDING_RECORDS, PendingVersion, pending_versions

# Language-neutral fields kept in every revision (shown in the history, never restored:
# a restore brings back text, not a slug or a publication state).
NEUTRAL_FIELDS = ("slug", "category", "position", "status", "published_at")
FIELD_LABELS = {
    "title": _("Title"),
    "summary": _("Summary"),
    "body": _("Body"),
    "keywords": _("Keywords"),
}
NEUTRAL_LABELS = {
    "slug": _("Slug"),
    "category": _("Category"),
    "position": _("Position"),
    "status": _("Status"),
    "published_at": _("Published at"),
}


def recorded_fields() -> tuple[str, ...]:
    """The Article fields stored in each revision: neutral ones, then every text column.

    Explicit column names (title_en, title_ru…): the untranslated attribute (`title`)
    reads the active language through modeltranslation and must never be stored.
    """
    text = tuple(column(name, lang) for lang in language_codes() for name in TRANSLATED_TEXT_FIELDS)
    return NEUTRAL_FIELDS + text


def register_article() -> None:
    """Register Article with django-reversion; called from AppConfig.ready().

    Called after modeltranslation has added its columns (it registers translation.py in
    its own ready(), which runs first), so the translated columns exist to be named.
    """
    if not reversion.is_registered(Article):
        reversion.register(Article, fields=recorded_fields(), ignore_duplicates=True)
    for model, fields in PENDING_RECORDS.items():
        if not reversion.is_registered(model):
            reversion.register(model, fields=fields, ignore_duplicates=True)


def record_unmanaged_save(instance) -> None:
    """Store a revision for a save of an article (or of a pending version: a translation
    state, an English draft) made outside any revision block (service, shell…).

    Within an admin save (a revision block is active) django-reversion records it itself.
    """
    if reversion.is_active():
        return
    with reversion.create_revision():
        reversion.set_comment(gettext("Saved outside the admin"))
        reversion.add_to_revision(instance)


@contextmanager
def recorded_as(comment: str, *, user=None) -> Iterator[None]:
    """A block whose article saves are stored as one revision, with `comment` and `user`.

    Inside an outer revision (an admin request) the comment replaces the outer one and
    the outer user is kept unless `user` is given.
    """
    with reversion.create_revision():
        reversion.set_comment(comment)
        if user is not None:
            reversion.set_user(user)
        yield


@dataclass(frozen=True)
class RevisionEntry:
    """One revision of an article, for the history list.

    `version` is the revision's version of the article, or, for a revision that saved
    only a pending version, that pending version's (`article_version` is then the
    article's latest version before it). `changes` maps a language code ("" for
    language-neutral fields) to the labels of the fields of the published text that
    changed in it since the previous revision (empty for the first); `pending_changes`
    the same for pending versions saved in it. `fields` is the article's text as of this
    revision and `pending` {lang: {field: text}} what was pending then.
    """

    version: Version
    number: int
    changes: dict[str, list[str]]
    article_version: Version | None = None
    pending: dict[str, dict[str, str]] = field(default_factory=dict)
    pending_changes: dict[str, list[str]] = field(default_factory=dict)

    @property
    def revision(self):
        return self.version.revision

    @property
    def restorable_version(self) -> Version:
        """The article version a restore of this entry copies from."""
        return self.article_version or self.version

    def shown(self, lang: str) -> dict[str, str]:
        """{field: text} of `lang` as this revision left it: its pending version where
        there was one, else the published text."""
        stored = self.restorable_version.field_dict
        pending = self.pending.get(lang, {})
        return {
            name: _meaningful(pending.get(name, stored.get(column(name, lang))))
            for name in TRANSLATED_TEXT_FIELDS
        }

    def has_pending(self, lang: str) -> bool:
        return bool(self.pending.get(lang))


def article_versions(article: Article):
    """The article's stored versions, newest first, with revision and user fetched."""
    return (
        Version.objects.get_for_object(article)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def article_history(article: Article) -> list[RevisionEntry]:
    """Every revision of `article` (its own saves, and saves of its pending versions that
    changed them), newest first, numbered from 1 (the oldest)."""
    own = {version.revision_id: version for version in article_versions(article)}
    pending_saves = pending_versions(article)
    current, pending, entries = None, {}, []
    for revision_id in sorted({*own, *pending_saves}):
        saved = pending_saves.get(revision_id, [])
        before, before_pending = current, pending
        pending = {**pending, **{kept.lang: kept.changes for kept in saved}}
        moved = _pending_moved(before_pending, pending)
        current = own.get(revision_id, current)
        if current is None or (revision_id not in own and not moved):
            continue  # a pending version emptied, or saved before the article's first
        version = own[revision_id] if revision_id in own else _first(saved)
        changes = {}
        if before is not None and revision_id in own:
            changes = changed_fields(before.field_dict, current.field_dict)
        entries.append(RevisionEntry(version, 0, changes, current, pending, moved))
    count = len(entries)
    return [
        RevisionEntry(e.version, count - index, e.changes, e.article_version, e.pending,
                      e.pending_changes)
        for index, e in enumerate(reversed(entries))
    ]  # fmt: skip


def _first(saved: list[PendingVersion]) -> Version:
    return next(kept.version for kept in saved if kept.changes)


def _pending_moved(before: dict, after: dict) -> dict[str, list[str]]:
    """{lang: [labels]} of the pending fields whose text was saved anew (not emptied)."""
    moved: dict[str, list[str]] = {}
    for lang in language_codes():
        old, new = before.get(lang, {}), after.get(lang, {})
        for name, label in FIELD_LABELS.items():
            if name in new and old.get(name) != new[name]:
                moved.setdefault(lang, []).append(str(label))
    return moved


def changed_fields(old: dict, new: dict) -> dict[str, list[str]]:
    """{lang or "": [field labels]} of what differs between two versions' field dicts."""
    changes: dict[str, list[str]] = {}
    for name, label in NEUTRAL_LABELS.items():
        attname = "category_id" if name == "category" else name
        if _to_the_second(old.get(attname)) != _to_the_second(new.get(attname)):
            changes.setdefault("", []).append(str(label))
    for lang in language_codes():
        for name, label in FIELD_LABELS.items():
            key = column(name, lang)
            if _meaningful(old.get(key)) != _meaningful(new.get(key)):
                changes.setdefault(lang, []).append(str(label))
    return changes


def _to_the_second(value):
    """A date as the admin's form shows it: its microseconds are not an editor's change."""
    return value.replace(microsecond=0) if hasattr(value, "microsecond") else value


def _meaningful(text: str | None) -> str:
    """Text as a reader sees it: line ends and surrounding blank space do not count."""
    return (text or "").replace("\r\n", "\n").strip()


def text_diffs(old: dict[str, str], new: dict[str, str], *, short=False) -> list[FieldDiff]:
    """Title, summary, body and keywords compared from `old` to `new` ({field: text});
    `short`: long unchanged passages cut to the words around the changes (diffs.shortened)."""
    diffs = []
    for name, label in FIELD_LABELS.items():
        before, after = _meaningful(old.get(name)), _meaningful(new.get(name))
        segments = text_diff(before, after)
        diffs.append(
            FieldDiff(name, str(label), before, after, shortened(segments) if short else segments)
        )
    return diffs


def revision_diff(old: Version, new: Version, lang: str) -> list[FieldDiff]:
    """Title, summary, body and keywords of `lang` compared from `old` to `new`."""
    return text_diffs(
        {name: old.field_dict.get(column(name, lang)) for name in FIELD_LABELS},
        {name: new.field_dict.get(column(name, lang)) for name in FIELD_LABELS},
    )


def version_text(*, article: Article, version: Version, lang: str) -> dict[str, str]:
    """{field: text} of `lang`'s title, summary, body and keywords in `version` ('' when
    it had none). Raises ValueError when `version` is not a version of `article` or
    `lang` is unknown."""
    if lang not in language_codes():
        raise ValueError(f"unknown language {lang!r}")
    if version.object_id != str(article.pk) or version.content_type.model_class() is not Article:
        raise ValueError("that revision belongs to another article")
    stored = version.field_dict
    return {name: stored.get(column(name, lang)) or "" for name in TRANSLATED_TEXT_FIELDS}


def restore_comment(version: Version, lang: str) -> str:
    """The comment of a restore's revision: which language, from which revision."""
    return gettext("Restored %(lang)s text from the revision of %(date)s") % {
        "lang": lang,
        "date": version.revision.date_created.strftime("%Y-%m-%d %H:%M"),
    }


def restore_revision(*, article: Article, version: Version, lang: str, user) -> Article:
    """Copy `lang`'s title, summary, body and keywords from `version` onto the article.

    Saved as a new revision by `user`, with a comment naming the restored revision; the
    rest of the article (other languages, slug, status…) is left as it is now. Checks no
    permission: restores through the admin go through articles/translations/edits.py.
    Raises ValueError when `version` is not a version of `article` or `lang` is unknown.
    """
    texts = version_text(article=article, version=version, lang=lang)
    with transaction.atomic(), reversion.create_revision():
        article = Article.objects.select_for_update().get(pk=article.pk)
        for name, text in texts.items():
            setattr(article, column(name, lang), text)
        article.save()
        reversion.set_user(user)
        reversion.set_comment(restore_comment(version, lang))
    return article
