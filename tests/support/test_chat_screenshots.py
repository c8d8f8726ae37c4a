"""Screenshots in a conversation: the visitor and the agent attach images to a message by a
plain POST (checked like the contact form's), the message carries them, the other side sees
thumbnails, and only the conversation's token holder and agents can open them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from articles.models import ContactAttachment, ContactRequest
from articles.support import chat, live
from tests.factories import UserFactory
from tests.image_files import animated_gif
from tests.support.chat_helpers import open_conversation
from tests.support.contact_helpers import SAME_ORIGIN, png

pytestmark = pytest.mark.django_db


def _agent(groups=("Support",), name="desk-agent") -> Client:
    client = Client()
    client.force_login(UserFactory(username=name, groups=list(groups)))
    return client


def _follow_up(client, token, **fields):
    data = {"message": "Here is the error I get", "client_id": "shot-0001-abcd", **fields}
    return client.post(f"/en/requests/{token}/follow-up/", data, **SAME_ORIGIN)


def test_a_visitors_screenshot_rides_on_their_message_and_agents_see_a_thumbnail():
    contact, token = open_conversation()
    response = _follow_up(Client(), token, screenshots=[png()])
    assert response.status_code == 302
    attachment = ContactAttachment.objects.get()
    message = contact.messages.get(client_id="shot-0001-abcd")
    assert attachment.message == message and attachment.request == contact
    assert live.message_payload(message)["attachments"] == [{"id": attachment.pk}]
    # The transcript a (re)joining socket gets carries it too.
    assert chat.joined_payload(contact)["messages"][-1]["attachments"] == [{"id": attachment.pk}]
    desk = _agent().get(f"/en/support/requests/{contact.reference}/").content.decode()
    assert f'<img src="/en/support/files/{attachment.pk}/" class="thumbnail"' in desk
    page = Client().get(f"/en/requests/{token}/").content.decode()
    assert f'<img src="/en/requests/{token}/files/{attachment.pk}/" class="thumbnail"' in page


def test_an_agents_screenshot_reaches_the_visitors_page():
    contact, token = open_conversation()
    response = _agent().post(
        f"/en/support/requests/{contact.reference}/",
        {"action": "reply", "message": "Tap here, see the picture", "screenshots": [png()],
         "client_id": "agent-shot-01"},
    )  # fmt: skip
    assert response.status_code == 302
    attachment = ContactAttachment.objects.get()
    assert attachment.message.from_agent and attachment.message.body.startswith("Tap here")
    page = Client().get(f"/en/requests/{token}/").content.decode()
    assert f'src="/en/requests/{token}/files/{attachment.pk}/"' in page
    image = Client().get(f"/en/requests/{token}/files/{attachment.pk}/")
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_a_message_sent_again_keeps_one_screenshot():
    _contact, token = open_conversation()
    client = Client()
    _follow_up(client, token, screenshots=[png()])
    _follow_up(client, token, screenshots=[png()])
    assert ContactAttachment.objects.count() == 1


def test_an_image_bomb_in_the_chat_is_a_400_and_stores_nothing():
    contact, token = open_conversation()
    bomb = animated_gif(10, (6000, 6000))
    response = _follow_up(Client(), token, screenshots=[SimpleUploadedFile("s.gif", bomb)])
    assert response.status_code == 400
    assert "The animation has 10 frames of 6000 × 6000 pixels" in response.content.decode()
    assert contact.messages.count() == 1 and not ContactAttachment.objects.exists()


def test_without_javascript_the_composers_send_screenshots():
    contact, token = open_conversation()
    page = Client().get(f"/en/requests/{token}/").content.decode()
    assert 'enctype="multipart/form-data"' in page and 'type="file" name="screenshots"' in page
    desk = _agent().get(f"/en/support/requests/{contact.reference}/").content.decode()
    assert 'enctype="multipart/form-data"' in desk and 'type="file" name="screenshots"' in desk


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("token holder", 200),
        ("another conversation's token", 404),
        ("anonymous at the desk address", 302),
        ("translator at the desk address", 403),
        ("support agent", 200),
        ("editor", 200),
    ],
)
def test_who_can_open_a_chat_screenshot(who, allowed):
    contact, token = open_conversation()
    _other, other_token = open_conversation("Another visitor's question")
    _follow_up(Client(), token, screenshots=[png()])
    pk = ContactAttachment.objects.get().pk
    visitor_url, desk_url = f"/en/requests/{{}}/files/{pk}/", f"/en/support/files/{pk}/"
    response = {
        "token holder": lambda: Client().get(visitor_url.format(token)),
        "another conversation's token": lambda: Client().get(visitor_url.format(other_token)),
        "anonymous at the desk address": lambda: Client().get(desk_url),
        "translator at the desk address": lambda: _agent(["Translators"], "tr").get(desk_url),
        "support agent": lambda: _agent().get(desk_url),
        "editor": lambda: _agent(["Editors"], "ed").get(desk_url),
    }[who]()
    assert response.status_code == allowed
    if allowed == 200:
        assert "no-store" in response["Cache-Control"]
    assert ContactRequest.objects.count() == 2


@pytest.mark.parametrize("side", ["visitor", "agent"])
def test_the_live_event_of_a_message_with_screenshots_carries_them(
    side, monkeypatch, django_capture_on_commit_callbacks
):
    # A message just stored reads as having no screenshots (no query for its payload)
    # until they are attached: the event the other side hears must list them.
    contact, token = open_conversation()
    sent = []
    monkeypatch.setattr(live, "send_now", sent.extend)
    with django_capture_on_commit_callbacks(execute=True):
        if side == "visitor":
            response = _follow_up(Client(), token, screenshots=[png()])
        else:
            response = _agent().post(
                f"/en/support/requests/{contact.reference}/",
                {"action": "reply", "message": "See the picture", "screenshots": [png()]},
            )
    assert response.status_code == 302
    attachment = ContactAttachment.objects.get()
    messages = [event["message"] for _group, event in sent if "message" in event]
    assert messages and messages[0]["attachments"] == [{"id": attachment.pk}]


def test_a_chat_message_costs_no_attachments_query(django_assert_max_num_queries):
    # the conversation's update and the message's insert (SAVEPOINTs aside): the
    # message just stored has no screenshots to look up.
    contact, _token = open_conversation()
    with django_assert_max_num_queries(5) as captured:
        payload, _events = chat.visitor_message(
            contact.pk, {"body": "Still waiting", "client_id": "no-shots-0001"}
        )
    assert payload["attachments"] == []
    assert not [q for q in captured.captured_queries if "attachment" in q["sql"]]
