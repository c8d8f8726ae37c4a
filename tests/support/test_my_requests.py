""" "My requests": an address receives a sign-in link listing its conversations; whoever
asks learns nothing about an address; asking is limited per client and per address."""

import re

import pytest
from django.core import mail
from django.test import Client

from articles.models import ContactRequest
from articles.support import conversations, links
from tests.support.chat_helpers import open_conversation
from tests.support.contact_helpers import SAME_ORIGIN
from tests.support.test_conversation_links import signed_days_ago

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]
SIGN_IN = re.compile(r"http://testserver(/(?:en|ar)/requests/mine/[^/\s]+/)")


@pytest.fixture
def history():
    """Two conversations of visitor@example.com (one answered), one of someone else."""
    first, _t = open_conversation("Card blocked", channel="form", email="visitor@example.com",
                                  subject="Blocked card")  # fmt: skip
    conversations.add_message(first, from_agent=True, body="We unblocked it.", solve=True)
    second, _t = open_conversation("Where is my refund?", email="Visitor@Example.com")
    other, _t = open_conversation("Someone else's", email="other@example.com")
    mail.outbox.clear()
    return first, second, other


def _ask(client, email, lang="en"):
    return client.post(f"/{lang}/requests/", {"email": email}, **SAME_ORIGIN)


def test_the_page_asks_for_an_address_without_javascript(client):
    response = client.get("/en/requests/")
    html = response.content.decode()
    assert response.status_code == 200 and not response.cookies
    assert '<form class="contact-form my-requests-form" method="post"' in html
    assert 'name="email"' in html and "<script>" not in html


def test_the_sign_in_link_lists_every_conversation_with_its_state_and_last_answer(history):
    first, second, other = history
    assert _ask(Client(), "VISITOR@example.com")["Location"] == "/en/requests/?sent=1"
    [message] = mail.outbox
    assert message.to == ["VISITOR@example.com"]
    [path] = SIGN_IN.findall(message.body)
    response = Client().get(path)
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert first.reference in html and second.reference in html and other.reference not in html
    assert html.index(second.reference) < html.index(first.reference)  # newest first
    assert "We unblocked it." in html and "Solved" in html and "Waiting for our answer" in html
    transcript = re.findall(r'href="(/en/requests/R-[^"]+/)"', html)[0]
    assert "Where is my refund?" in Client().get(transcript).content.decode()


def test_the_answer_is_the_same_whether_the_address_has_conversations_or_not(history):
    known = _ask(Client(), "visitor@example.com")
    unknown = _ask(Client(), "nobody@example.com")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    page = Client().get(known["Location"]).content.decode()
    assert "If this address has conversations with us" in page
    assert [m.to for m in mail.outbox] == [["visitor@example.com"]]  # nothing to a stranger


def test_a_bad_address_is_a_400_with_the_form(client):
    response = _ask(client, "not an address")
    assert response.status_code == 400 and 'aria-invalid="true"' in response.content.decode()


def test_a_post_from_another_site_is_refused(history):
    response = Client().post("/en/requests/", {"email": "visitor@example.com"},
                             HTTP_SEC_FETCH_SITE="cross-site", HTTP_ORIGIN="https://evil.example")  # fmt: skip
    assert response.status_code == 403 and not mail.outbox


def test_asking_is_limited_per_client_and_per_address(history, settings):
    settings.KB_RATE_LIMITS = {**settings.KB_RATE_LIMITS, "my_requests": "5/h",
                               "my_requests_address": "2/h"}  # fmt: skip
    client = Client()
    for _ in range(3):
        assert _ask(client, "visitor@example.com").status_code == 302
    assert len(mail.outbox) == 2  # the third: the same answer, nothing sent
    assert _ask(Client(REMOTE_ADDR="10.0.0.9"), "visitor@example.com").status_code == 302
    assert len(mail.outbox) == 2  # the address's limit holds from another client too
    _ask(client, "a@example.com"), _ask(client, "b@example.com")
    assert _ask(client, "c@example.com").status_code == 429


def test_an_expired_or_altered_sign_in_link_gets_a_clear_page(history, monkeypatch, settings):
    settings.KB_MY_REQUESTS_LINK_MINUTES = 60
    old = signed_days_ago(monkeypatch, 0.05, lambda: links.sign_in_link("visitor@example.com"))
    response = Client().get(f"/en/requests/mine/{old}/")
    assert response.status_code == 410 and "This link has expired" in response.content.decode()
    fresh = links.sign_in_link("visitor@example.com")
    forged = fresh.replace(
        fresh.split(":")[0], links.sign_in_link("other@example.com").split(":")[0]
    )
    for bad in (forged, fresh[:-3] + "abc", "nonsense-value"):
        response = Client().get(f"/en/requests/mine/{bad}/")
        assert (
            response.status_code == 404 and "This link does not work" in response.content.decode()
        )


@pytest.mark.parametrize("lang", ["zh-hans", "ru", "es", "ar"])
def test_my_requests_speaks_every_language(history, lang):
    page = Client().get(f"/{lang}/requests/").content.decode()
    assert "My requests" not in page.split("<main", 1)[-1]
    if lang == "ar":
        assert 'dir="rtl"' in page
    _ask(Client(), "visitor@example.com", lang)
    assert "My requests" not in mail.outbox[-1].body and "minutes" not in mail.outbox[-1].body
    [path] = re.findall(rf"http://testserver(/{lang}/requests/mine/[^/\s]+/)", mail.outbox[-1].body)
    listing = Client().get(path).content.decode()
    assert (
        ContactRequest.objects.filter(email__iexact="visitor@example.com").first().reference
        in listing
    )
    assert "Last answer" not in listing


def test_in_production_the_link_leaves_from_a_background_thread(history, settings, monkeypatch):
    """The answer does not wait for the mail server: its delay would tell the asker that
    the address has conversations."""
    import threading

    settings.KB_BACKGROUND_WRITES = True
    started = []
    monkeypatch.setattr(threading.Thread, "start", lambda thread: started.append(thread))
    assert _ask(Client(), "visitor@example.com").status_code == 302
    assert not mail.outbox and [thread.name for thread in started] == ["my-requests-mail"]
    started[0].run()
    assert mail.outbox[0].to == ["visitor@example.com"]
