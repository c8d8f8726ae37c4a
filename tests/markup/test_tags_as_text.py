"""Text that looks like a tag is text on every surface: the public page, the editor's
preview, the API, and bodies stored before the rule (re-rendered by a migration)."""

import importlib

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from articles.models import Article, ContentVersion, IndexChange
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BODY = "Before para.\n\nUse the <style> element carefully.\n\nAfter para one."
EXPECTED = (
    "<p>Before para.</p>\n<p>Use the &lt;style&gt; element carefully.</p>\n<p>After para one.</p>"
)


def test_the_public_page_shows_what_follows_an_unclosed_style(client):
    ArticleFactory(slug="styles", published=True, body_en=BODY)
    page = client.get("/en/articles/styles/").content.decode()
    assert EXPECTED in page


@pytest.mark.parametrize(
    "tag", ["<script>", "<TEXTAREA rows=3>", "<title>", "<xmp>", "<iframe src=x>",
            "<noscript>", "<plaintext>", "<template>", "<svg><foreignObject>"],
)  # fmt: skip
def test_the_public_page_and_api_keep_every_paragraph(client, tag):
    ArticleFactory(
        slug="tags", published=True, body_en=f"Intro.\n\nA {tag} tag.\n\n## Next\n\nEnd."
    )
    page = client.get("/en/articles/tags/").content.decode()
    assert "A &lt;" in page and '<h2 id="section-next">' in page and "<p>End.</p>" in page
    article = Article.objects.get(slug="tags")
    body_html = client.get(f"/api/articles/{article.pk}?lang=en").json()["body_html"]
    assert body_html == article.body_html_en and "<p>End.</p>" in body_html


def test_the_admin_preview_shows_what_follows_an_unclosed_style(editor_client):
    response = editor_client.post("/admin/articles/article/preview/", {"markdown": BODY})
    assert response.status_code == 200
    assert response.json()["html"] == EXPECTED


def test_the_migration_rerenders_stored_bodies_and_says_so(sample_content):
    name = "0033_rerender_tags_outside_allowlist_as_text"
    migration = importlib.import_module(f"articles.migrations.{name}")
    # The models as the migration sees them (no signal handlers: it logs the change itself).
    historical = MigrationLoader(connection).project_state(("articles", name)).apps
    article = ArticleFactory(slug="old-style", published=True, body_en=BODY)
    untouched = Article.objects.get(slug="fees")
    # As the renderer stored it before: the unclosed <style> swallowed the rest.
    Article.objects.filter(pk=article.pk).update(
        body_html_en="<p>Before para.</p>\n<p>Use the </p>"
    )
    version = ContentVersion.objects.get(pk=1).value
    logged = IndexChange.objects.order_by("-id").values_list("id", flat=True).first() or 0
    migration.rerender(historical, None)
    assert Article.objects.get(pk=article.pk).body_html_en == EXPECTED
    assert Article.objects.get(pk=untouched.pk).body_html_en == untouched.body_html_en
    assert list(IndexChange.objects.filter(id__gt=logged).values_list("article_id", flat=True)) == [
        article.pk
    ]
    assert ContentVersion.objects.get(pk=1).value == version + 1
