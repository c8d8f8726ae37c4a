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
