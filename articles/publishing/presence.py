"""Who else has an article open: recorded when its change form is shown, so the next
person to open it is warned before typing (no JavaScript: the notice is in the page).

A form counts as open for PRESENCE_MINUTES after it was shown, or until its user saves.
"""

from datetime import datetime, timedelta

from django.utils import timezone

from articles.models import Article, EditorPresence

PRESENCE_MINUTES = 15


def record_opening(*, article: Article, user, now: datetime | None = None) -> None:
    """`user` was just shown the change form of `article` (forgets stale openings)."""
    now = now or timezone.now()
    EditorPresence.objects.filter(
        article=article, opened_at__lt=now - timedelta(minutes=PRESENCE_MINUTES)
    ).delete()
    EditorPresence.objects.update_or_create(article=article, user=user, defaults={"opened_at": now})


def record_leaving(*, article: Article, user) -> None:
    """`user` saved (or left) the form: they no longer have it open."""
    EditorPresence.objects.filter(article=article, user=user).delete()


def others_editing(*, article: Article, user, now: datetime | None = None) -> list:
    """The EditorPresence rows of people other than `user` who opened the change form of
    `article` in the last PRESENCE_MINUTES, most recent first (their `user` fetched)."""
    now = now or timezone.now()
    return list(
        EditorPresence.objects.filter(
            article=article, opened_at__gte=now - timedelta(minutes=PRESENCE_MINUTES)
        )
        .exclude(user=user)
        .select_related("user")
        .order_by("-opened_at")
    )
