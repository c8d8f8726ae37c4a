"""What a page the cache does not have yet costs the database (a miss in an incident)."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from articles.models import ContactChannels

pytestmark = pytest.mark.django_db


def channel_reads(path: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path)
    assert response.status_code == 200
    return [q["sql"] for q in queries if 'FROM "articles_contactchannels"' in q["sql"]]


def test_contact_channels_are_read_once_until_they_change(search_index, settings):
    settings.KB_PAGE_CACHE = False  # every request renders
    channels, _ = ContactChannels.objects.update_or_create(
        language="en", defaults={"chat_enabled": True}
    )
    # Once for a page (its validator, the header's chat link and the block under the
    # article ask three times), then from the cache under the content version.
    assert len(channel_reads("/en/articles/fees/")) == 1
    assert channel_reads("/en/articles/fees/") == []
    assert 'class="header-chat"' in Client().get("/en/articles/fees/").content.decode()
    channels.chat_enabled = False
    channels.save()  # bumps the content version: read again, and the change is shown
    assert len(channel_reads("/en/articles/fees/")) == 1
    page = Client().get("/en/articles/fees/").content.decode()
    assert 'class="header-chat"' not in page


def test_an_article_page_reads_the_article_once(search_index, settings):
    settings.KB_PAGE_CACHE = False  # every request renders
    Client().get("/en/articles/fees/")  # warm what is cached across requests
    with CaptureQueriesContext(connection) as queries:
        response = Client().get("/en/articles/fees/")
    assert response.status_code == 200
    articles = [q["sql"] for q in queries if '"articles_article"."slug" =' in q["sql"]]
    assert len(articles) == 1, articles  # the validator reads the article the view fetched
