"""An edit confined to one topic empties only that topic's cached article pages (and the
pages every edit empties: home, topics, results); anything that reaches further — a move,
a rename, an unpublish, a topic's new name — is seen on every article page at once."""

import pytest
from django.test import Client

from articles.models import Article, TranslationState
from articles.web import page_versions
from tests.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def topics(db):
    """Topic A (articles a1, a2) and topic B (article b1), every page cached once."""
    a, b = CategoryFactory(slug="topic-a"), CategoryFactory(slug="topic-b")
    pages = {
        "a1": ArticleFactory(category=a, published=True, slug="a1", position=1, title_en="Alpha one"),
        "a2": ArticleFactory(category=a, published=True, slug="a2", position=2, title_en="Alpha two"),
        "b1": ArticleFactory(category=b, published=True, slug="b1", position=1, title_en="Beta one"),
    }  # fmt: skip
    for slug in pages:
        assert Client().get(f"/en/articles/{slug}/").status_code == 200
    Client().get("/en/")
    return {"a": a, "b": b, **pages}


def page(slug: str) -> str:
    return Client().get(f"/en/articles/{slug}/").content.decode()


def sneak_title(article: Article, title: str) -> None:
    """Change a title behind the cache's back (no signal): only a cached page hides it."""
    Article.objects.filter(pk=article.pk).update(title_en=title)


def test_an_edit_empties_its_topics_article_pages_and_no_others(topics):
    sneak_title(topics["b1"], "Beta, sneaked")
    topics["a1"].title_en = "Alpha one, updated"
    topics["a1"].save()
    assert "Alpha one, updated" in page("a1")
    assert "Alpha one, updated" in page("a2")  # its related articles
    assert "Alpha one, updated" in Client().get("/en/categories/topic-a/").content.decode()
    b1 = page("b1")
    assert "Beta one" in b1 and "Beta, sneaked" not in b1  # still the cached page


def test_a_translation_change_is_confined_to_its_topic(topics):
    sneak_title(topics["b1"], "Beta, sneaked")
    sneak_title(topics["a2"], "Alpha two, sneaked")
    TranslationState.objects.create(article=topics["a1"], language="ru")
    assert "Alpha two, sneaked" in page("a2")
    assert "Beta, sneaked" not in page("b1")


def test_a_move_reaches_both_topics(topics):
    topics["a1"].category = topics["b"]
    topics["a1"].save()
    assert "/en/articles/a1/" not in page("a2")
    assert "/en/articles/a1/" in page("b1")
    assert "/en/categories/topic-b/" in page("a1")  # its breadcrumbs


def test_an_unpublish_reaches_every_article_page(topics):
    sneak_title(topics["b1"], "Beta, sneaked")
    topics["a1"].status = Article.Status.DRAFT
    topics["a1"].save()
    assert Client().get("/en/articles/a1/").status_code == 404
    assert "/en/articles/a1/" not in page("a2")
    assert "Beta, sneaked" in page("b1")


def test_a_rename_reaches_links_in_other_topics(db):
    a, b = CategoryFactory(slug="topic-a"), CategoryFactory(slug="topic-b")
    target = ArticleFactory(category=a, published=True, slug="old-name")
    ArticleFactory(
        category=b, published=True, slug="linking", body_en="See [it](article:old-name)."
    )
    assert 'href="../old-name/"' in page("linking")
    target.slug = "new-name"
    target.save()
    assert 'href="../new-name/"' in page("linking")


def test_a_topics_new_name_reaches_its_article_pages(topics):
    topics["a"].name_en = "Renamed topic"
    topics["a"].save()
    assert "Renamed topic" in page("a2")


def test_what_counts_as_confined(topics):
    article = Article.objects.get(slug="a1")
    page_versions.remember_before_save(article)
    article.title_en = "Alpha, retitled"
    confined = page_versions.changed_topics(Article, article, created=False, deleted=False)
    assert confined == {topics["a"].pk}
    for field, value in (("slug", "a1-renamed"), ("category_id", topics["b"].pk),
                         ("status", Article.Status.DRAFT)):  # fmt: skip
        page_versions.remember_before_save(article)
        setattr(article, field, value)
        assert page_versions.changed_topics(Article, article, created=False, deleted=False) is None
        article.refresh_from_db()
    assert page_versions.changed_topics(Article, article, created=True, deleted=False) is None
    assert page_versions.changed_topics(Article, article, created=False, deleted=True) is None
    # Saved without its state before (no pre_save): it reaches every page.
    assert page_versions.changed_topics(Article, article, created=False, deleted=False) is None


def test_only_article_paths_get_topic_versions(topics):
    assert page_versions.article_page_versions("/en/articles/a1/").startswith("a")
    for path in ("/en/", "/en/articles/a1/feedback/", "/en/categories/topic-a/",
                 "/en/articles/no-such-article/", "/en/articles/a1/../b1/"):  # fmt: skip
        assert page_versions.article_page_versions(path) is None, path
