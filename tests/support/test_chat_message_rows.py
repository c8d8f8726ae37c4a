"""A chat message costs one UPDATE … RETURNING and one INSERT (articles/support/message_rows.py),
and what it reads back is what is stored."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import ContactMessage, ContactRequest
from articles.support import chat, live, message_rows
from articles.support.conversations import InvalidMessage
from tests.factories import UserFactory
from tests.support.chat_helpers import open_conversation

pytestmark = pytest.mark.django_db

TRANSACTION_CONTROL = ("SAVEPOINT", "RELEASE SAVEPOINT", "BEGIN", "COMMIT")


def _agent(username: str = "agent-ana"):
    from django.contrib.auth.models import Group

    agent = UserFactory(username=username, is_staff=True)
    agent.groups.add(Group.objects.get(name="Support"))
    return agent


def _statements(captured) -> list[str]:
    return [
        q["sql"]
        for q in captured.captured_queries
        if not q["sql"].upper().startswith(TRANSACTION_CONTROL)
    ]


def _said(step, *args) -> tuple[dict, list]:
    payload, events = step(*args)
    return payload, dict(events)


def test_a_visitors_and_an_agents_message_are_one_update_and_one_insert_each():
    contact, _token = open_conversation()
    agent = _agent()
    chat.agent_message(contact.pk, agent, {"body": "Hello", "client_id": "rows-agent-1"})
    for step, args in [
        (chat.visitor_message, (contact.pk,)),
        (chat.agent_message, (contact.pk, agent)),
    ]:
        with CaptureQueriesContext(connection) as captured:
            step(*args, {"body": "One more", "client_id": f"rows-{step.__name__}"})
        statements = _statements(captured)
        assert len(statements) == 2, statements
        assert statements[0].upper().startswith("UPDATE")
        assert "RETURNING" in statements[0].upper()
        assert statements[1].upper().startswith("INSERT")


def test_what_a_message_reads_back_is_what_is_stored():
    contact, _token = open_conversation()
    agent = _agent()
    _payload, events = _said(
        chat.agent_message, contact.pk, agent, {"body": "On it", "client_id": "rows-read-1"}
    )
    stored = ContactRequest.objects.get(pk=contact.pk)
    conversation = live.conversation_group(contact.pk)
    assert events[live.QUEUE_GROUP]["row"] == live.queue_row(stored)
    assert events[live.QUEUE_GROUP]["row"]["agent"] == "agent-ana"  # taken by answering
    assert events[conversation]["state"] == live.state_payload(stored)
    assert events[conversation]["state"] == {"status": "waiting", "assigned": True}
    _payload, events = _said(
        chat.visitor_message, contact.pk, {"body": "Thanks", "client_id": "rows-read-2"}
    )
    stored = ContactRequest.objects.get(pk=contact.pk)
    assert events[live.QUEUE_GROUP]["row"] == live.queue_row(stored)
    assert events[conversation]["state"] == {"status": "new", "assigned": True}


def test_the_timers_count_from_the_first_unanswered_message_and_the_first_answer():
    contact, _token = open_conversation()
    agent = _agent()
    waiting_since = ContactRequest.objects.get(pk=contact.pk).waiting_since
    chat.visitor_message(contact.pk, {"body": "Hello?", "client_id": "rows-timer-1"})
    assert ContactRequest.objects.get(pk=contact.pk).waiting_since == waiting_since
    chat.agent_message(contact.pk, agent, {"body": "Hi", "client_id": "rows-timer-2"})
    answered = ContactRequest.objects.get(pk=contact.pk)
    assert answered.waiting_since is None and answered.first_response_at is not None
    chat.visitor_message(contact.pk, {"body": "And?", "client_id": "rows-timer-3"})
    chat.agent_message(contact.pk, agent, {"body": "Done", "client_id": "rows-timer-4"})
    assert ContactRequest.objects.get(pk=contact.pk).first_response_at == (
        answered.first_response_at
    )


def test_a_message_sent_again_changes_nothing_not_even_the_state():
    contact, _token = open_conversation()
    chat.visitor_message(contact.pk, {"body": "First", "client_id": "rows-again-1"})
    chat.agent_message(contact.pk, _agent(), {"body": "Answer", "client_id": "rows-again-2"})
    before = ContactRequest.objects.get(pk=contact.pk)
    payload, events = _said(
        chat.visitor_message, contact.pk, {"body": "First", "client_id": "rows-again-1"}
    )
    after = ContactRequest.objects.get(pk=contact.pk)
    assert (after.status, after.updated_at) == (before.status, before.updated_at)
    assert ContactMessage.objects.filter(client_id="rows-again-1").count() == 1
    assert events[live.conversation_group(contact.pk)]["state"]["status"] == "waiting"
    assert payload["client_id"] == "rows-again-1"


def test_a_visitors_message_to_a_solved_conversation_is_refused_unless_sent_before():
    contact, _token = open_conversation()
    chat.visitor_message(contact.pk, {"body": "Before", "client_id": "rows-solved-1"})
    chat.agent_message(contact.pk, _agent(), {"body": "Fixed", "solve": True})
    with pytest.raises(InvalidMessage) as refused:
        chat.visitor_message(contact.pk, {"body": "After", "client_id": "rows-solved-2"})
    assert refused.value.code == "solved"
    payload, _events = chat.visitor_message(
        contact.pk, {"body": "Before", "client_id": "rows-solved-1"}
    )
    assert payload["client_id"] == "rows-solved-1"
    assert ContactRequest.objects.get(pk=contact.pk).status == "solved"


@pytest.mark.parametrize("who", ["visitor", "agent", "note"])
def test_a_message_to_a_deleted_conversation_is_not_found(who):
    contact, _token = open_conversation()
    agent = _agent()
    ContactRequest.objects.filter(pk=contact.pk).delete()
    content = {"body": "Anyone?", "client_id": "rows-gone-1", "internal": who == "note"}
    with pytest.raises(InvalidMessage) as refused:
        if who == "visitor":
            chat.visitor_message(contact.pk, content)
        else:
            chat.agent_message(contact.pk, agent, content)
    assert refused.value.code == "not_found"
    assert not ContactMessage.objects.exists()


def test_a_read_back_agent_name_is_used_only_while_that_agent_has_it():
    contact, _token = open_conversation()
    first, second = _agent("agent-ana"), _agent("agent-bo")
    conversation = message_rows.conversation_by_id(contact.pk)
    assert message_rows.advance(conversation, {"assigned_to": first.pk})
    assert live.queue_row(conversation)["agent"] == "agent-ana"
    conversation.assigned_to = second  # changed after the read-back
    assert live.queue_row(conversation)["agent"] == "agent-bo"


def test_a_message_sent_again_to_a_solved_chat_loads_the_conversation_once(
    django_assert_max_num_queries,
):
    contact, _token = open_conversation()
    chat.visitor_message(contact.pk, {"body": "Before", "client_id": "rows-once-1"})
    chat.agent_message(contact.pk, _agent(), {"body": "Fixed", "solve": True})
    # the refused UPDATE, the conversation's fields (one query, not one per field), the
    # stored message, its screenshots, its agent's name; a SAVEPOINT and its RELEASE
    with django_assert_max_num_queries(7):
        chat.visitor_message(contact.pk, {"body": "Before", "client_id": "rows-once-1"})


def test_the_read_back_keeps_no_database_connection_alive():
    # Every ASGI request has its own connection; a cache keyed on it would keep each open.
    import gc
    import weakref

    from django.db import connections

    wrapper = connections.create_connection("default")
    message_rows._read_back(wrapper)
    message_rows._update_sql(wrapper.vendor, (("status", False),), False)
    gone = weakref.ref(wrapper)
    del wrapper
    gc.collect()
    assert gone() is None


def test_taking_and_releasing_a_chat_move_its_row_time():
    # Workspaces drop a row older than one they heard (queue_relay.LatestRows): a change
    # without a message must still be newer than the message before it.
    from articles.support import answer_timeout, assignment

    contact, _token = open_conversation()
    agent = _agent()
    before = ContactRequest.objects.get(pk=contact.pk).updated_at
    assignment.take(contact, agent)
    taken = ContactRequest.objects.get(pk=contact.pk).updated_at
    assert taken > before and contact.updated_at == taken
    import datetime

    later = taken + datetime.timedelta(hours=1)
    [(_group, _event), (_queue, queue_event)] = answer_timeout.release_overdue(now=later)
    released = ContactRequest.objects.get(pk=contact.pk)
    assert released.assigned_to is None and released.updated_at > taken
    assert queue_event["row"]["updated_at"] == released.updated_at.isoformat()


@pytest.mark.parametrize(("change", "status_code"), [("solve", 400), ("delete", 404)])
def test_a_follow_up_racing_a_change_gets_the_page_not_an_error(change, status_code, monkeypatch):
    # The page read the conversation open; it was solved or deleted before the message
    # was stored (the UPDATE refuses it then): the status page or a 404, never a 500.
    from django.test import Client

    from articles.support import requests as contact_requests
    from tests.support.contact_helpers import SAME_ORIGIN

    contact, token = open_conversation()
    add_follow_up = contact_requests.add_follow_up

    def after_a_change(**kwargs):
        rows = ContactRequest.objects.filter(pk=contact.pk)
        rows.update(status="solved") if change == "solve" else rows.delete()
        return add_follow_up(**kwargs)

    monkeypatch.setattr(contact_requests, "add_follow_up", after_a_change)
    response = Client().post(
        f"/en/requests/{token}/follow-up/", {"message": "Still there?"}, **SAME_ORIGIN
    )
    assert response.status_code == status_code
    assert not ContactMessage.objects.filter(body="Still there?").exists()


def test_a_desk_reply_to_a_conversation_deleted_meanwhile_is_a_404(client, monkeypatch):
    from articles.support import requests as contact_requests

    contact, _token = open_conversation()
    client.force_login(_agent())
    reply = contact_requests.reply

    def after_deleting(**kwargs):
        ContactRequest.objects.filter(pk=contact.pk).delete()
        return reply(**kwargs)

    monkeypatch.setattr(contact_requests, "reply", after_deleting)
    response = client.post(
        f"/en/support/requests/{contact.reference}/", {"action": "reply", "message": "Hello"}
    )
    assert response.status_code == 404
