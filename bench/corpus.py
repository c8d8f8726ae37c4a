"""The benchmark's help center: the sample content plus N synthetic articles, in bulk."""

from django.db import transaction

from articles.markup.markdown import render_markdown
from articles.models import Article, Category, column
from articles.publishing.services import load_sample_content
from bench.synthetic import synthetic_articles


def build_corpus(articles: int) -> int:
    """Load the sample content, then add `articles` synthetic ones (no per-save indexing:
    the benchmark measures a full rebuild afterwards)."""
    load_sample_content()
    categories = {c.slug: c for c in Category.objects.all()}
    batch = []
    with transaction.atomic():
        for number, data in enumerate(synthetic_articles(articles)):
            article = Article(
                slug=data["slug"],
                category=categories[data["category"]],
                position=100 + number,
                status=Article.Status.PUBLISHED,
            )
            for lang, text in data.items():
                if not isinstance(text, dict):
                    continue
                for field, value in text.items():
                    setattr(article, column(field, lang), value)
                setattr(article, column("body_html", lang), render_markdown(text["body"]))
            batch.append(article)
            if len(batch) == 500:
                Article.objects.bulk_create(batch)
                batch = []
        Article.objects.bulk_create(batch)
    return Article.objects.count()
