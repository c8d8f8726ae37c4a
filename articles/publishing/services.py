"""Writes: publishing, loading the sample help center. Keyword-only functions."""

import hashlib
import secrets
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db.models import Case, F, Value, When
from django.utils import timezone
from django.utils.translation import gettext

from articles.core.buffered import BufferedWriter
from articles.core.visitor_text import clean_visitor_text
from articles.models import Article, ArticleFeedback
from articles.publishing.content_files import ImportReport, read_article_file  # noqa: F401  (imported from here)
from articles.publishing.content_import import import_content
from articles.publishing.revisions import recorded_as

SAMPLE_CONTENT_DIR = Path(__file__).resolve().parent.parent / "sample_content"


def publish_articles(*, articles) -> int:
    """Publish the given articles (saving each, so search indexing follows).

    The saves form one revision commented "Published" (the admin adds the user).
    """
    count = 0
    with recorded_as(gettext("Published")):
        for article in articles:
            if not article.is_published:
                article.status = Article.Status.PUBLISHED
                article.published_at = article.published_at or timezone.now()
                article.save()
                count += 1
    return count


def unpublish_articles(*, articles) -> int:
    """Turn the given articles back into drafts: one revision commented "Unpublished"."""
    count = 0
    with recorded_as(gettext("Unpublished")):
        for article in articles:
            if article.is_published:
                article.status = Article.Status.DRAFT
                article.save()
                count += 1
    return count


def _write_views(article_ids: list[int]) -> None:
    """Add a batch of views (one article id per view) in one UPDATE statement: no signal,
    no re-render, no reindex for a counter, and one commit for the batch (an UPDATE per
    article, each its own SQLite transaction, was 8 % of a server's time in an incident)."""
    counts = Counter(article_ids)
    if not counts:
        return
    added = Case(*(When(pk=pk, then=Value(n)) for pk, n in counts.items()), default=Value(0))
    Article.objects.filter(pk__in=counts).update(views=F("views") + added)


view_counter = BufferedWriter("article-views", _write_views, linger=2.0)


def count_view(*, article_id: int) -> None:
    """Count an article view without making the page wait for a database write."""
    if settings.KB_BACKGROUND_WRITES:
        view_counter.add(article_id)
    else:
        view_counter.write_now([article_id])


def visitor_key(token: str) -> str:
    """What is stored about a visitor: a hash of their random cookie, nothing else."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{token}".encode()).hexdigest()


def record_feedback(
    *, article: Article, language: str, visitor: str, helpful: bool, comment: str = ""
) -> ArticleFeedback:
    """Store a visitor's vote; voting again on the same article changes the vote.

    The comment is cleaned of NUL and other control characters (clean_visitor_text) and
    cut to 2,000 characters, so any text a visitor sends can be stored on every database.
    """
    comment = clean_visitor_text(comment, multiline=True)[:2000]
    feedback, _created = ArticleFeedback.objects.update_or_create(
        article=article,
        visitor=visitor,
        defaults={"language": language, "helpful": helpful, "comment": comment},
    )
    return feedback


def load_sample_content(*, directory: Path = SAMPLE_CONTENT_DIR) -> ImportReport:
    """Upsert the sample categories, articles and synonyms (by slug) in every language
    present: `import_content` on the sample folder.

    Idempotent: running it twice changes nothing the second time, and an article that was
    not changed is not saved again (so it is not re-rendered or re-indexed).
    """
    with recorded_as(gettext("Loaded from the sample content")):
        return import_content(directory=directory)


@dataclass(frozen=True)
class DemoAccount:
    """One account `demo` creates: the role it shows, its group, its sign-in."""

    role: str
    username: str
    group: str
    password: str = ""


# (role, username, group). The translator translates Russian only (articles/accounts/roles.py).
DEMO_ROLES = (
    ("editor", "editor", "Editors"),
    ("reviewer", "reviewer", "Reviewers"),
    ("translator (Russian)", "translator-ru", "Translators (ru)"),
    ("support agent", "support", "Support"),
)


def create_demo_accounts() -> list[DemoAccount]:
    """Create (or reset) one staff account per help-center role, each with a new password.

    Passwords are random and printed by `demo`, so no published password ever opens the
    admin of a demo that was left running. Each account is in exactly its role's group.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    accounts = []
    for role, username, group_name in DEMO_ROLES:
        password = secrets.token_urlsafe(12)
        user, _created = get_user_model().objects.get_or_create(username=username)
        user.is_staff = True
        user.is_active = True
        user.set_password(password)
        user.save()
        user.groups.set([Group.objects.get(name=group_name)])
        accounts.append(DemoAccount(role, username, group_name, password))
    return accounts
