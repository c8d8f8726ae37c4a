"""The sample help center: complete in every language, loadable twice, links valid."""

import re

import pytest

from articles.models import Article, Category
from articles.publishing.services import SAMPLE_CONTENT_DIR, load_sample_content, read_article_file
from tests.conftest import LANGUAGES

pytestmark = pytest.mark.django_db

EXPECTED = {
    "account": {"register-account", "reset-password", "update-account-details", "verify-identity"},
    "top-ups-and-payments": {
        "top-up-failed",
        "payment-failed",
        "transaction-issues",
        "transaction-history",
    },
    "withdrawals": {"withdrawal-delayed"},
    "security-and-frozen-accounts": {"account-frozen", "account-security"},
    "refunds-and-disputes": {"request-refund", "disputes-and-complaints"},
    "fees-and-currencies": {"fees", "currencies-and-exchange"},
    "contact-support": {"contact-support", "describe-your-problem"},
}


def test_loads_every_category_and_article_of_the_design(sample_content):
    assert set(Category.objects.values_list("slug", flat=True)) == set(EXPECTED)
    for category, slugs in EXPECTED.items():
        published = Article.objects.published().filter(category__slug=category)
        assert set(published.values_list("slug", flat=True)) == slugs


def test_loading_twice_creates_no_duplicates_and_changes_nothing():
    Article.objects.all().delete()
    first = load_sample_content()
    stamps = dict(Article.objects.values_list("slug", "updated_at"))
    second = load_sample_content()
    assert (first.created, second.created) == (17, 0)
    assert Article.objects.count() == 17 and Category.objects.count() == 7
    assert dict(Article.objects.values_list("slug", "updated_at")) == stamps


def test_every_translation_is_present_and_non_empty(sample_content):
    for article in Article.objects.all():
        for lang in LANGUAGES:
            for field in ("title", "summary", "body", "keywords", "body_html"):
                assert article.text(field, lang).strip(), (article.slug, lang, field)
    for category in Category.objects.all():
        for lang in LANGUAGES:
            assert getattr(category, f"name_{lang.replace('-', '_')}"), (category.slug, lang)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_article_bodies_have_a_useful_length(lang):
    paths = sorted((SAMPLE_CONTENT_DIR / lang).glob("*.md"))
    assert len(paths) == sum(len(group) for group in EXPECTED.values())
    for path in paths:
        _front, body = read_article_file(path)
        if lang == "zh-hans":
            size = len(re.findall(r"[\u4e00-\u9fff]", body))
            assert 250 <= size <= 800, (path.name, size)
        else:
            assert 150 <= len(body.split()) <= 400, (path.name, len(body.split()))


@pytest.mark.parametrize("lang", LANGUAGES)
def test_links_between_articles_point_to_existing_articles(lang):
    slugs = {slug for group in EXPECTED.values() for slug in group}
    paths = sorted((SAMPLE_CONTENT_DIR / lang).glob("*.md"))
    assert {path.stem for path in paths} == slugs
    links = [
        (path.name, target)
        for path in paths
        # `[text](article:slug#heading)` (articles/markup/article_links.py) or `[text](../slug/)`;
        # `../../contact/` and the like lead to pages of the site, not to articles.
        for target in re.findall(
            r"\]\((?:article:|\.\./(?!\.\./))([^/)#]+)", read_article_file(path)[1]
        )
    ]
    assert links, "the sample articles link to each other"
    for name, target in links:
        assert target in slugs, (name, target)
