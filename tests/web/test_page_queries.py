"""What a page the cache does not have yet costs the database (a miss in an incident)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import ContactChannels

pytestmark = pytest.mark.django_db


def test_an_article_page_reads_the_contact_channels_once(search_index, settings):
    settings.KB_PAGE_CACHE = False  # every request renders
    ContactChannels.objects.update_or_create(language="en", defaults={"chat_enabled": True})
    Client().get("/en/articles/fees/")  # warm what is cached across requests
    with CaptureQueriesContext(connection) as queries:
        response = Client().get("/en/articles/fees/")
    assert response.status_code == 200
    reads = [q["sql"] for q in queries if 'FROM "articles_contactchannels"' in q["sql"]]
    assert len(reads) == 1, reads
    articles = [q["sql"] for q in queries if '"articles_article"."slug" =' in q["sql"]]
    assert len(articles) == 1, articles  # the validator reads the article the view fetched
