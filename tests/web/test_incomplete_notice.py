"""A published translation missing a part is shown in English with a notice that says so."""

import pytest

from articles.models import Article
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_an_incomplete_translation_is_called_partly_translated(sample_content, client):
    Article.objects.filter(slug="fees").update(summary_ru="")
    html = client.get("/ru/articles/fees/").content.decode()
    assert "Эта статья переведена на ваш язык лишь частично" in html
    assert "ещё не переведена" not in html
    ArticleFactory(published=True, slug="english-only")
    html = client.get("/ru/articles/english-only/").content.decode()
    assert "ещё не переведена" in html and "лишь частично" not in html
