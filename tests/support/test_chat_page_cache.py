"""Open chats and the page cache: a conversation's messages never empty the cache of
the public pages (at 200 chats they would make every visitor's page a miss), and the
pages that show a conversation are never served from it (always the latest message)."""

from django.test import Client

from articles.support import conversations
from articles.web import page_cache
from tests.support.chat_helpers import open_conversation

ARTICLE = "/en/articles/top-up-failed/"


def test_chat_messages_keep_the_public_pages_cached(sample_content):
    Client().get(ARTICLE)
    version = page_cache.content_version()
    contact, _token = open_conversation()
    conversations.add_message(contact, from_agent=False, body="Still failing", client_id="c-1")
    conversations.add_message(contact, from_agent=True, body="Looking at it", client_id="c-2")
    assert page_cache.content_version() == version


def test_a_conversations_pages_always_show_its_latest_message(sample_content):
    contact, token = open_conversation()
    status, transcript = f"/en/requests/{token}/", f"/en/requests/{token}/messages/"
    for url in (status, transcript):
        assert Client().get(url).status_code == 200  # a first view, as a cache would keep
    conversations.add_message(contact, from_agent=True, body="Refund sent today", client_id="c-3")
    for url in (status, transcript):
        response = Client().get(url)
        assert "Refund sent today" in response.content.decode()
        assert "no-store" in response.headers["Cache-Control"]
