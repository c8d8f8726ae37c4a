"""A visitor's data: conversations pruned after the retention period (screenshot files
too), and one visitor's conversations exported as JSON (command and admin action)."""

import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from articles.models import ContactAttachment, ContactMessage, ContactRequest
from articles.support import conversations
from tests.factories import UserFactory
from tests.support.chat_helpers import open_conversation
from tests.support.contact_helpers import send, status_path_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]


def _age(contact: ContactRequest, days: int) -> None:
    ContactRequest.objects.filter(pk=contact.pk).update(
        updated_at=timezone.now() - timedelta(days=days)
    )


def _with_screenshot(client) -> ContactRequest:
    from tests.support.contact_helpers import png

    status_path_of(send(client, screenshots=[png()]))
    return ContactRequest.objects.latest("pk")


def test_pruning_deletes_untouched_conversations_with_their_files(client, settings, capsys):
    settings.KB_CONVERSATION_RETENTION_DAYS = 30
    old = _with_screenshot(client)
    recent = _with_screenshot(client)
    old_file = Path(settings.MEDIA_ROOT) / old.attachments.get().file.name
    recent_file = Path(settings.MEDIA_ROOT) / recent.attachments.get().file.name
    _age(old, 31)
    _age(recent, 29)
    call_command("prune_conversations")
    assert "1 untouched for more than 30 day(s) deleted, with 1 screenshot file(s)" in (
        capsys.readouterr().out
    )
    assert list(ContactRequest.objects.all()) == [recent]
    assert not ContactMessage.objects.filter(request_id=old.pk).exists()
    assert ContactAttachment.objects.count() == 1
    assert not old_file.exists() and recent_file.exists()


def test_a_conversation_touched_recently_is_kept_whatever_its_age(settings):
    contact, _token = open_conversation()
    ContactRequest.objects.filter(pk=contact.pk).update(
        created_at=timezone.now() - timedelta(days=900)
    )
    conversations.add_message(contact, from_agent=False, body="Still waiting")
    call_command("prune_conversations", keep_days=30)
    assert ContactRequest.objects.filter(pk=contact.pk).exists()


def test_pruning_refuses_a_period_under_a_day():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("prune_conversations", keep_days=0)


def _visitor_history():
    first, _t = open_conversation("Card blocked", channel="form", email="visitor@example.com",
                                  subject="Blocked card")  # fmt: skip
    conversations.add_message(first, from_agent=True, agent=UserFactory(username="agent-ann"),
                              body="Unblocked.", solve=True)  # fmt: skip
    second, _t = open_conversation("Где мой возврат?", email="VISITOR@example.com", language="ru")
    open_conversation("Someone else", email="other@example.com")
    return first, second


def test_the_export_command_writes_every_conversation_of_an_address(tmp_path, capsys):
    first, second = _visitor_history()
    target = tmp_path / "export.json"
    call_command("export_conversations", "Visitor@Example.com", output=str(target))
    data = json.loads(target.read_text(encoding="utf-8"))
    assert data["email"] == "Visitor@Example.com"
    assert [c["reference"] for c in data["conversations"]] == [first.reference, second.reference]
    exported = data["conversations"][0]
    assert exported["subject"] == "Blocked card" and exported["status"] == "solved"
    assert [(m["from"], m["text"]) for m in exported["messages"]] == [
        ("visitor", "Card blocked"), ("support", "Unblocked.")
    ]  # fmt: skip
    assert "agent-ann" not in target.read_text(encoding="utf-8")
    assert data["conversations"][1]["messages"][0]["text"] == "Где мой возврат?"
    call_command("export_conversations", "visitor@example.com")
    assert json.loads(capsys.readouterr().out)["conversations"][1]["language"] == "ru"


def test_the_export_command_refuses_what_is_not_an_address():
    with pytest.raises(CommandError, match="Not an e-mail address"):
        call_command("export_conversations", "nobody")


def test_agents_export_the_selected_visitors_from_the_admin():
    first, second = _visitor_history()
    action = {"action": "export_visitors", "_selected_action": [first.pk]}
    agent = Client()
    agent.force_login(UserFactory(groups=["Support"], is_staff=True))
    response = agent.post("/admin/articles/contactrequest/", action)
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    [visitor] = json.loads(response.content)["visitors"]
    assert {c["reference"] for c in visitor["conversations"]} == {first.reference, second.reference}
    translator = Client()
    translator.force_login(UserFactory(groups=["Translators"], is_staff=True))
    refused = translator.post("/admin/articles/contactrequest/", action)
    assert refused.status_code == 403 or "attachment" not in refused.get("Content-Disposition", "")
