"""Forwarding new requests to the operator's help desk: signed webhook or e-mail, retried."""

import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from articles.models import ContactRequest
from articles.support import forwarding
from tests.support.contact_helpers import send, status_path_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]


class HelpDesk:
    """A local HTTP server standing for the operator's help desk; `status` it answers."""

    def __init__(self) -> None:
        self.received: list = []
        self.status = 200
        desk = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = self.rfile.read(int(self.headers["Content-Length"]))
                desk.received.append((self.headers, body))
                self.send_response(desk.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture
def desk(settings):
    helpdesk = HelpDesk()
    settings.KB_CONTACT_FORWARD_WEBHOOK = helpdesk.url
    settings.KB_CONTACT_WEBHOOK_SECRET = "s3cret"
    yield helpdesk
    helpdesk.server.shutdown()


def test_a_new_request_is_posted_as_signed_json(client, desk):
    status_path_of(send(client, q="refund late"))
    [(headers, body)] = desk.received
    expected = hmac.new(b"s3cret", headers["X-KB-Timestamp"].encode() + b"." + body, hashlib.sha256)
    assert headers["X-KB-Signature"] == f"sha256={expected.hexdigest()}"
    data = json.loads(body)
    request = ContactRequest.objects.get()
    assert data["reference"] == request.reference and data["query"] == "refund late"
    assert data["email"] == "visitor@example.com" and data["language"] == "en"
    assert request.forwarding == ContactRequest.Forwarding.DONE


def test_a_failed_forward_is_retried_with_backoff_then_given_up(client, desk):
    desk.status = 500
    status_path_of(send(client))
    request = ContactRequest.objects.get()
    assert request.forwarding == ContactRequest.Forwarding.PENDING
    assert request.forward_attempts == 1 and "500" in request.forward_error
    assert request.forward_next_at > timezone.now() + timedelta(seconds=50)
    call_command("forward_contact_requests", verbosity=0)  # not due yet
    assert len(desk.received) == 1
    for _ in forwarding.BACKOFF_MINUTES:
        ContactRequest.objects.update(forward_next_at=timezone.now())
        call_command("forward_contact_requests", verbosity=0)
    request.refresh_from_db()
    assert request.forwarding == ContactRequest.Forwarding.FAILED
    assert len(desk.received) == 1 + len(forwarding.BACKOFF_MINUTES)


def test_the_command_delivers_once_the_desk_is_back(client, desk):
    desk.status = 503
    status_path_of(send(client))
    desk.status = 200
    ContactRequest.objects.update(forward_next_at=timezone.now())
    call_command("forward_contact_requests", verbosity=0)
    assert ContactRequest.objects.get().forwarding == ContactRequest.Forwarding.DONE
    call_command("forward_contact_requests", verbosity=0)
    assert len(desk.received) == 2  # delivered once, never again


def test_no_secret_no_unsigned_post(client, desk, settings):
    settings.KB_CONTACT_WEBHOOK_SECRET = ""
    status_path_of(send(client))
    assert desk.received == []
    assert "SECRET" in ContactRequest.objects.get().forward_error


def test_forward_by_email_replies_to_the_visitor(client, settings):
    settings.KB_CONTACT_FORWARD_EMAIL = "desk@operator.example"
    status_path_of(send(client, subject="Card declined"))
    forwarded = [m for m in mail.outbox if m.to == ["desk@operator.example"]]
    [message] = forwarded
    reference = ContactRequest.objects.get().reference
    assert message.reply_to == ["visitor@example.com"]
    assert message.subject == f"[{reference}] Card declined" and "I topped up" in message.body


def test_not_configured_means_not_forwarded(client):
    status_path_of(send(client))
    assert ContactRequest.objects.get().forwarding == ""
