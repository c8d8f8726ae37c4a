"""A take's lock on the agent's row lets that agent's messages be stored meanwhile
(PostgreSQL: FOR NO KEY UPDATE against the foreign key's key-share lock)."""

import threading

import pytest
from django.db import connection, connections, transaction

from articles.models import ContactMessage
from articles.support import assignment
from tests.factories import UserFactory
from tests.support.chat_helpers import open_conversation


@pytest.mark.django_db(transaction=True)
def test_a_message_by_an_agent_is_stored_while_a_take_holds_the_agents_lock():
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL only (SQLite locks the whole database)")
    agent = UserFactory(username="locked-agent", groups=["Support"])
    contact, _token = open_conversation()
    locked, release, stored = threading.Event(), threading.Event(), threading.Event()

    def take_holding_the_lock():
        try:
            with transaction.atomic():
                assignment._lock(agent)
                locked.set()
                release.wait(10)
        finally:
            connections.close_all()

    holder = threading.Thread(target=take_holding_the_lock)
    holder.start()
    assert locked.wait(10)

    def store_a_message():
        try:
            with transaction.atomic():
                ContactMessage.objects.create(
                    request=contact, from_agent=True, agent=agent, body="On it"
                )
            stored.set()
        finally:
            connections.close_all()

    writer = threading.Thread(target=store_a_message)
    writer.start()
    try:
        assert stored.wait(5), "the message waited for the take's lock"
    finally:
        release.set()
        holder.join(15)
        writer.join(15)
