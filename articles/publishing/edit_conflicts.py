"""Edit-conflict protection: a save over someone else's newer change is refused.

The change form carries the version of the article it was loaded from (`edit_version`:
its `updated_at`, to the microsecond). On save, inside the save's transaction, the stored
row is locked (SELECT … FOR UPDATE on PostgreSQL; on SQLite the settings open every
transaction IMMEDIATE, which takes the write lock at BEGIN) and its version compared: a
different one means another save committed after the form was loaded, and the save is
refused. Two saves racing with the same version cannot both pass: the second waits for the
lock, then sees the first one's version.
"""

from dataclasses import dataclass

from django.db import transaction

from articles.models import Article


class EditConflict(Exception):
    """Another save changed the article after the form was loaded.

    `stored` is the article as it is now in the database (locked for this transaction).
    """

    def __init__(self, stored: Article):
        super().__init__(f"article {stored.pk} changed since the form was loaded")
        self.stored = stored


def edit_version(article: Article) -> str:
    """The version token of an article as stored: its `updated_at` in ISO 8601, or ''."""
    return article.updated_at.isoformat() if article.updated_at else ""


def lock_for_edit(*, article_id: int, loaded_version: str) -> Article:
    """Lock the article's row for this transaction and check it is the version loaded.

    Must run inside `transaction.atomic()` (the admin runs every save in one); the lock
    holds until that transaction ends. Returns the stored article; raises EditConflict
    when its version is not `loaded_version`, and Article.DoesNotExist when it is gone.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_for_edit() needs a transaction: call it in transaction.atomic()")
    stored = Article.objects.select_for_update().get(pk=article_id)
    if edit_version(stored) != loaded_version:
        raise EditConflict(stored)
    return stored


@dataclass(frozen=True)
class ConflictingField:
    """One form field whose stored value differs from what this editor submitted."""

    name: str
    label: str
    theirs: str
    yours: str


def _comparable(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        # Browsers send CRLF line ends; stored text may have LF.
        return value.replace("\r\n", "\n").strip()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def conflicting_fields(*, stored: Article, submitted: dict, labels: dict) -> list[ConflictingField]:
    """The submitted fields whose value differs from the stored article's, in form order.

    `submitted` maps field names to cleaned form values; `labels` maps them to labels.
    Values are compared as text (a category by its name, a date in ISO 8601).
    """
    fields = []
    for name, yours in submitted.items():
        theirs = getattr(stored, name, None)
        if _comparable(theirs) != _comparable(yours):
            fields.append(
                ConflictingField(
                    name, str(labels.get(name, name)), str(theirs or ""), str(yours or "")
                )
            )
    return fields
