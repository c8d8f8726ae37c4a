"""Pending versions in the revision history: each save of a translation's pending version
or of the English draft is kept by django-reversion, beside the article's own versions.

The records kept are a translation state's `pending` and an English draft's `changes`
(articles/models/drafts.py), each {field: text} of the fields that differ from the
published text; an empty one means nothing was pending any more (approved, published,
withdrawn). articles/publishing/revisions.py registers them and reads them back here.
"""

from dataclasses import dataclass

from django.db.models import Q
from reversion.models import Version

from articles.core.languages import SOURCE_LANGUAGE
from articles.models import Article, SourceDraft, TranslationState

# The models whose saves are kept as pending versions, and the fields kept of each.
PENDING_RECORDS = {
    TranslationState: ("article", "language", "pending"),
    SourceDraft: ("article", "changes"),
}


@dataclass(frozen=True)
class PendingVersion:
    """One kept save of a pending version: its language ("en" for the English draft), its
    {field: text} (empty: nothing pending any more) and the reversion Version holding it."""

    lang: str
    changes: dict[str, str]
    version: Version


def pending_versions(article: Article) -> dict[int, list[PendingVersion]]:
    """{revision id: [PendingVersion]} of every pending version kept for `article`.

    `lang` is the translation's language, or the source language for the English draft.
    Versions of a translation state deleted since (its text was emptied) are not found.
    """
    condition = Q(pk__in=[])
    for model in PENDING_RECORDS:
        ids = [str(pk) for pk in model.objects.filter(article=article).values_list("pk", flat=True)]
        if ids:
            condition |= Q(
                pk__in=Version.objects.get_for_model(model).filter(object_id__in=ids).values("pk")
            )
    timeline: dict[int, list[PendingVersion]] = {}
    versions = Version.objects.filter(condition).select_related(
        "content_type", "revision", "revision__user"
    )
    for version in versions:
        stored = version.field_dict
        if version.content_type.model_class() is SourceDraft:
            lang, changes = SOURCE_LANGUAGE, stored.get("changes")
        else:
            lang, changes = stored.get("language", ""), stored.get("pending")
        timeline.setdefault(version.revision_id, []).append(
            PendingVersion(lang, dict(changes or {}), version)
        )
    return timeline
