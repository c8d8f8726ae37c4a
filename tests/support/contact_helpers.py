"""Shared by the contact tests: channels, a valid form, a posting client, PNG bytes."""

import io
from datetime import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from articles.models import ContactChannels

SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin", "HTTP_ORIGIN": "http://testserver"}
FORM = {
    "email": "visitor@example.com",
    "subject": "Top-up failed",
    "message": "I topped up 100 EUR at 10:00 today, the money left my bank.",
    "q": "",
    "article": "",
    "website": "",
}


def configure(language: str = "en", **fields) -> ContactChannels:
    """Channels for a language; `chat_url=""` etc. to leave one out; one phone line."""
    values = {
        "form_response_time": "We reply within 48 hours.",
        "chat_url": "https://chat.okpay.example/",
        "chat_response_time": "Answers within minutes.",
        "email": "help@okpay.example",
        "email_response_time": "Reply within 48 hours.",
        **fields,
    }
    channels = ContactChannels.objects.create(language=language, **values)
    channels.phone_lines.create(
        region="United Kingdom", number="+44 20 7946 0123", days="01234",
        opens=time(8), closes=time(20), time_zone="Europe/London",
    )  # fmt: skip
    channels.social_accounts.create(network="X", url="https://x.com/okpay_example")
    return channels


def strict_client() -> Client:
    return Client(enforce_csrf_checks=True)


def png(name: str = "screen.png", size=(20, 10)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def send(client: Client, lang: str = "en", **fields):
    """POST the contact form as a browser on this site would; the response."""
    return client.post(f"/{lang}/contact/", {**FORM, **fields}, **SAME_ORIGIN)


def status_path_of(response) -> str:
    """The status page a successful POST redirects to, without `?sent=1`."""
    assert response.status_code == 302, response.content[:500]
    return response["Location"].split("?")[0]


class FailingBackend:
    """An e-mail backend whose server refuses everything (EMAIL_BACKEND in a test)."""

    def __init__(self, *args, **kwargs) -> None:
        pass

    def send_messages(self, messages) -> int:
        raise ConnectionRefusedError("no mail server")
