"""Writes: publishing, loading the sample help center. Keyword-only functions."""

import hashlib
import secrets
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .buffered import BufferedWriter
from .models import Article, ArticleFeedback, Category, SynonymGroup, column, language_codes
from .visitor_text import clean_visitor_text

SAMPLE_CONTENT_DIR = Path(__file__).resolve().parent / "sample_content"


@dataclass
class LoadReport:
    categories: int = 0
    articles: int = 0
    created: int = 0
    synonym_groups: int = 0
    languages: list[str] = field(default_factory=list)


def publish_articles(*, articles) -> int:
    """Publish the given articles (saving each, so search indexing follows)."""
    count = 0
    for article in articles:
        if not article.is_published:
            article.status = Article.Status.PUBLISHED
            article.published_at = article.published_at or timezone.now()
            article.save()
            count += 1
    return count


def unpublish_articles(*, articles) -> int:
    count = 0
    for article in articles:
        if article.is_published:
            article.status = Article.Status.DRAFT
            article.save()
            count += 1
    return count


def _write_views(article_ids: list[int]) -> None:
    for article_id, count in Counter(article_ids).items():
        # A plain UPDATE: no signal, no re-render, no reindex for a counter.
        Article.objects.filter(pk=article_id).update(views=F("views") + count)


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


def read_article_file(path: Path) -> tuple[dict, str]:
    """Split a sample article into (front matter, Markdown body)."""
    text = path.read_text(encoding="utf-8")
    if not text.startswith("---"):
        raise ValueError(f"{path}: expected YAML front matter between '---' lines")
    _empty, front, body = text.split("---", 2)
    return yaml.safe_load(front), body.strip() + "\n"


def load_sample_content(*, directory: Path = SAMPLE_CONTENT_DIR) -> LoadReport:
    """Upsert the sample categories and articles (by slug) in every language present.

    Idempotent: running it twice changes nothing the second time, and an article that was
    not changed is not saved again (so it is not re-rendered or re-indexed).
    """
    report = LoadReport()
    languages = [lang for lang in language_codes() if (directory / lang).is_dir()]
    report.languages = languages
    with transaction.atomic():
        categories = _load_categories(directory, languages)
        report.categories = len(categories)
        for slug, per_language in _read_articles(directory, languages).items():
            created = _upsert_article(slug, per_language, categories)
            report.articles += 1
            report.created += int(created)
        report.synonym_groups = _load_synonyms(directory, languages)
    return report


def _load_synonyms(directory: Path, languages: list[str]) -> int:
    """Seed each language's synonym groups; groups editors added or changed are kept."""
    count = 0
    for lang in languages:
        path = directory / lang / "synonyms.yaml"
        if not path.exists():
            continue
        for group in yaml.safe_load(path.read_text("utf-8")) or []:
            terms = ", ".join(str(term).strip() for term in group if str(term).strip())
            SynonymGroup.objects.get_or_create(language=lang, terms=terms)
            count += 1
    return count


def _load_categories(directory: Path, languages: list[str]) -> dict[str, Category]:
    categories: dict[str, Category] = {}
    for lang in languages:
        entries = yaml.safe_load((directory / lang / "categories.yaml").read_text("utf-8"))
        for position, (slug, entry) in enumerate(entries.items(), start=1):
            category = categories.get(slug)
            if category is None:
                category, _created = Category.objects.get_or_create(
                    slug=slug, defaults={"name_en": slug, "position": position}
                )
                categories[slug] = category
            values = {
                column("name", lang): entry["name"],
                column("description", lang): entry.get("description", ""),
            }
            if lang == "en":
                values["position"] = position
            if any(getattr(category, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(category, key, value)
                category.save()
    return categories


def _read_articles(directory: Path, languages: list[str]) -> dict[str, dict]:
    articles: dict[str, dict] = {}
    for lang in languages:
        for path in sorted((directory / lang).glob("*.md")):
            front, body = read_article_file(path)
            articles.setdefault(path.stem, {})[lang] = {**front, "body": body}
    return articles


def _upsert_article(slug: str, per_language: dict, categories: dict[str, Category]) -> bool:
    source = per_language.get("en") or next(iter(per_language.values()))
    article = Article.objects.filter(slug=slug).first()
    created = article is None
    if created:
        article = Article(slug=slug, status=Article.Status.PUBLISHED)
    values = {
        "category_id": categories[source["category"]].pk,
        "position": int(source.get("position", 0)),
    }
    for lang, entry in per_language.items():
        for name in ("title", "summary", "body", "keywords"):
            value = entry.get(name) or ""
            if isinstance(value, list):
                value = ", ".join(value)
            values[column(name, lang)] = str(value).strip() if name != "body" else value
    changed = created or any(getattr(article, key) != value for key, value in values.items())
    if changed:
        for key, value in values.items():
            setattr(article, key, value)
        article.save()
    return created


DEMO_EDITOR_USERNAME = "editor"


def create_demo_editor(*, username: str = DEMO_EDITOR_USERNAME) -> tuple[str, str]:
    """Create (or reset) the demo editor: staff, in the Editors group, a fresh password.

    The password is random and printed by `demo`, so no published password ever opens the
    admin of a demo that was left running.
    """
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    password = secrets.token_urlsafe(12)
    user, _created = get_user_model().objects.get_or_create(username=username)
    user.is_staff = True
    user.is_active = True
    user.set_password(password)
    user.save()
    user.groups.add(Group.objects.get(name="Editors"))
    return username, password
