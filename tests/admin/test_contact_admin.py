"""Editors configure the contact channels in the admin; requests are listed there."""

import pytest
from django.test import Client

from articles.models import ContactChannels, ContactRequest
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def channels_form(**overrides) -> dict:
    data = {
        "language": "es",
        "form_enabled": "on",
        "form_response_time": "Respondemos en 48 horas.",
        "chat_url": "https://chat.okpay.example/es/",
        "chat_response_time": "En pocos minutos.",
        "email": "soporte@okpay.example",
        "email_response_time": "En 48 horas.",
        "phone_lines-TOTAL_FORMS": "1",
        "phone_lines-INITIAL_FORMS": "0",
        "phone_lines-0-region": "España",
        "phone_lines-0-number": "+34 910 555 012",
        "phone_lines-0-days": "012345",
        "phone_lines-0-opens": "09:00",
        "phone_lines-0-closes": "19:00",
        "phone_lines-0-time_zone": "Europe/Madrid",
        "phone_lines-0-position": "0",
        "social_accounts-TOTAL_FORMS": "1",
        "social_accounts-INITIAL_FORMS": "0",
        "social_accounts-0-network": "X",
        "social_accounts-0-url": "https://x.com/okpay_es",
        "social_accounts-0-position": "0",
    }
    data.update(overrides)
    return data


def test_editor_configures_a_languages_channels_and_the_page_shows_them(editor_client, client):
    response = editor_client.post("/admin/articles/contactchannels/add/", channels_form())
    assert response.status_code == 302, response.content.decode()[:3000]
    channels = ContactChannels.objects.get(language="es")
    assert channels.phone_lines.get().time_zone == "Europe/Madrid"
    html = client.get("/es/contact/").content.decode()
    assert "+34 910 555 012" in html and "https://x.com/okpay_es" in html
    assert "Horario" in html  # the page is in Spanish


@pytest.mark.parametrize(
    ("field", "value"),
    [("phone_lines-0-time_zone", "Mars/Olympus"), ("phone_lines-0-days", "789"),
     ("chat_url", "javascript:alert(1)")],
)  # fmt: skip
def test_bad_values_are_refused_with_a_message(editor_client, field, value):
    response = editor_client.post(
        "/admin/articles/contactchannels/add/", channels_form(**{field: value})
    )
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not ContactChannels.objects.exists()


def test_admin_labels_are_translated(editor_client):
    editor_client.cookies["django_language"] = "ru"
    html = editor_client.get(
        "/admin/articles/contactchannels/add/", HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()
    assert "адрес онлайн-чата" in html.lower() or "Адрес онлайн-чата" in html


def test_support_agents_cannot_change_channels_but_see_requests():
    agent = Client()
    agent.force_login(UserFactory(username="desk-agent", groups=["Support"]))
    assert agent.get("/admin/articles/contactchannels/add/").status_code == 403
    request = ContactRequest.objects.create(
        reference="R-TEST0001", token_hash="0" * 64, language="en",
        email="v@example.com", message="Help",
    )  # fmt: skip
    listing = agent.get("/admin/articles/contactrequest/")
    assert listing.status_code == 200 and "R-TEST0001" in listing.content.decode()
    change = agent.get(f"/admin/articles/contactrequest/{request.pk}/change/").content.decode()
    assert "/en/support/requests/R-TEST0001/" in change
