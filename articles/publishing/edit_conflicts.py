"""Edit conflicts: a change to the same content since the form was opened, nothing else.

The change form carries the version it was loaded from (`edit_version`): a short digest
of each field's value as the form showed it. On save, inside the save's transaction, the
stored row is locked (SELECT … FOR UPDATE on PostgreSQL; on SQLite the settings open every
transaction IMMEDIATE, which takes the write lock at BEGIN) and each submitted field is
compared three ways (`reconcile`): with what the form showed, and with what is stored now.

- Nobody else changed the field: yours is saved.
- Someone else changed it and you did not: theirs is kept (merged, without asking).
- Both changed it, to different values: a conflict; the save is refused and both are
  shown, with their differences marked word by word.

A save that changed nothing (it only moves `updated_at`) is no conflict for anybody.
Two saves racing cannot both pass unseen: the second waits for the lock, then compares
with the first one's values.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import models, transaction
from django.utils import timezone

from articles.models import Article, normalize_text
from articles.publishing.diffs import side_by_side

# Characters of a field's SHA-256 digest kept in the form's version token.
DIGEST_CHARS = 12


def editable_fields() -> list[str]:
    """The names of Article's fields a change form may hold (concrete, editable)."""
    return [
        f.name
        for f in Article._meta.get_fields()
        if getattr(f, "editable", False) and f.concrete and not f.auto_created
    ]


def comparable(value) -> str:
    """`value` as text to compare: text normalized as stored (line ends, trailing spaces),
    a time in UTC to the second (the form shows no microseconds), a related row by its key."""
    if value is None:
        return ""
    if isinstance(value, str):
        return normalize_text(value)
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = value.astimezone(timezone.utc)
        return value.replace(microsecond=0).isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, models.Model):
        return str(value.pk)
    return str(value)


def digest(value) -> str:
    return hashlib.sha256(comparable(value).encode()).hexdigest()[:DIGEST_CHARS]


def form_values(article: Article, shown: dict | None = None) -> dict:
    """{field: value} of every editable field as a form shows it: the stored value, or
    `shown`'s ({column: text}: a pending version the user edits instead)."""
    shown = shown or {}
    return {name: shown.get(name, getattr(article, name, None)) for name in editable_fields()}


def edit_version(article: Article, shown: dict | None = None) -> str:
    """The version token of `article` as a form shows it: "name:digest;…" per field."""
    return encode_version(
        {name: digest(value) for name, value in form_values(article, shown).items()}
    )


def encode_version(digests: dict[str, str]) -> str:
    return ";".join(f"{name}:{value}" for name, value in sorted(digests.items()))


def parse_version(token: str | None) -> dict[str, str] | None:
    """{field: digest} of a version token; None when missing or not one (an old tab)."""
    digests = {}
    for part in (token or "").split(";"):
        name, sep, value = part.partition(":")
        if not sep or not name.isidentifier() or len(value) != DIGEST_CHARS:
            return None
        digests[name] = value
    return digests or None


@dataclass(frozen=True)
class Reconciliation:
    """What a save does with each submitted field: `merged` ones take the stored value
    (someone else changed them, you did not), `conflicts` were changed by both."""

    merged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)


def reconcile(*, loaded: dict[str, str] | None, stored: dict, submitted: dict) -> Reconciliation:
    """Compare each submitted field with the form's version and the stored value.

    `loaded`: {field: digest} the form was opened with (parse_version; None: unknown, so
    every field that differs from the stored value is a conflict). `stored` and
    `submitted`: {field: value} now in the database (as the form would show it) and
    posted (cleaned form values), for the same fields.
    """
    result = Reconciliation()
    for name, yours in submitted.items():
        theirs = digest(stored.get(name))
        mine = digest(yours)
        base = (loaded or {}).get(name)
        if theirs == mine or base == theirs:
            continue  # the same value, or only you changed it
        if base == mine:
            result.merged.append(name)  # only they changed it
        else:
            result.conflicts.append(name)
    return result


def lock_for_edit(*, article_id: int) -> Article:
    """Lock the article's row for this transaction and return it as stored.

    Must run inside `transaction.atomic()` (the admin runs every save in one); the lock
    holds until that transaction ends. Raises Article.DoesNotExist when it is gone.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("lock_for_edit() needs a transaction: call it in transaction.atomic()")
    return Article.objects.select_for_update().get(pk=article_id)


@dataclass(frozen=True)
class ConflictingField:
    """A field both changed: their saved value and yours, each with what the other lacks
    marked (`theirs_segments`: "equal"/"delete", `yours_segments`: "equal"/"insert";
    long unchanged runs shortened)."""

    name: str
    label: str
    theirs: str
    yours: str
    theirs_segments: list = field(default_factory=list)
    yours_segments: list = field(default_factory=list)


def conflicting_field(name: str, label: str, theirs, yours) -> ConflictingField:
    """The two values of a conflict, as text, with their word diff."""
    theirs_text, yours_text = _shown(theirs), _shown(yours)
    theirs_segments, yours_segments = side_by_side(theirs_text, yours_text)
    return ConflictingField(name, label, theirs_text, yours_text, theirs_segments, yours_segments)


def _shown(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return normalize_text(value)
    return str(value)
