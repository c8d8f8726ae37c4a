"""Article revisions: who changed what, per language, with the full text (django-reversion).

Every save of an article is stored as a revision (a JSON copy of the fields in
`recorded_fields()`: the language-neutral fields and every language's title, summary, body
and keywords columns) with the user and a comment. The admin saves inside a revision of
its own; any other save (a service, a command, the shell) gets one from
`record_unmanaged_save`, so no change escapes the history. A restore copies one language's
text from an old revision onto the article and saves it: a NEW revision, history is never
rewritten.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from difflib import SequenceMatcher

import reversion
from django.db import transaction
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from reversion.models import Version

from articles.models import TRANSLATED_TEXT_FIELDS, Article, column, language_codes

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
# Words and the spaces between them: a diff of prose reads best word by word.
_TOKEN = re.compile(r"\s+|[^\s]+")


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


def record_unmanaged_save(article: Article) -> None:
    """Store a revision for a save made outside any revision block (service, shell…).

    Within an admin save (a revision block is active) django-reversion records it itself.
    """
    if reversion.is_active():
        return
    with reversion.create_revision():
        reversion.set_comment(gettext("Saved outside the admin"))
        reversion.add_to_revision(article)


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

    `changes` maps a language code ("" for language-neutral fields) to the labels of the
    fields that changed in it since the previous revision; empty for the first revision.
    """

    version: Version
    number: int
    changes: dict[str, list[str]]

    @property
    def revision(self):
        return self.version.revision


def article_versions(article: Article):
    """The article's stored versions, newest first, with revision and user fetched."""
    return (
        Version.objects.get_for_object(article)
        .select_related("revision", "revision__user")
        .order_by("-revision__date_created", "-pk")
    )


def article_history(article: Article) -> list[RevisionEntry]:
    """Every revision of `article`, newest first, numbered from 1 (the oldest)."""
    versions = list(article_versions(article))
    entries = []
    for index, version in enumerate(versions):
        previous = versions[index + 1] if index + 1 < len(versions) else None
        changes = changed_fields(previous.field_dict, version.field_dict) if previous else {}
        entries.append(RevisionEntry(version, len(versions) - index, changes))
    return entries


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


@dataclass(frozen=True)
class FieldDiff:
    """One text field compared between two revisions in one language.

    `segments` is a list of (operation, text) with operation "equal", "delete" or
    "insert": the template renders them escaped, as plain text in <del>/<ins>.
    """

    name: str
    label: str
    old: str
    new: str
    segments: list[tuple[str, str]]

    @property
    def changed(self) -> bool:
        return self.old != self.new


def text_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Word-level differences from `old` to `new` as (operation, text) segments."""
    old_tokens, new_tokens = _TOKEN.findall(old), _TOKEN.findall(new)
    matcher = SequenceMatcher(None, old_tokens, new_tokens, autojunk=False)
    segments = []
    for operation, i1, i2, j1, j2 in matcher.get_opcodes():
        if operation == "equal":
            segments.append(("equal", "".join(old_tokens[i1:i2])))
            continue
        if i2 > i1:
            segments.append(("delete", "".join(old_tokens[i1:i2])))
        if j2 > j1:
            segments.append(("insert", "".join(new_tokens[j1:j2])))
    return segments


def revision_diff(old: Version, new: Version, lang: str) -> list[FieldDiff]:
    """Title, summary, body and keywords of `lang` compared from `old` to `new`."""
    diffs = []
    for name, label in FIELD_LABELS.items():
        before = _meaningful(old.field_dict.get(column(name, lang)))
        after = _meaningful(new.field_dict.get(column(name, lang)))
        diffs.append(FieldDiff(name, str(label), before, after, text_diff(before, after)))
    return diffs


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
