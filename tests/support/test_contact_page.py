"""The contact page, the channels it and other pages offer, and sending a request."""

import pytest
from django.core import mail

from articles.models import Article, ContactAttachment, ContactRequest
from tests.support.contact_helpers import (
    FORM,
    SAME_ORIGIN,
    configure,
    png,
    send,
    status_path_of,
    strict_client,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("run_on_commit")]


def test_contact_page_is_public_sets_no_cookie_and_shows_configured_channels(client):
    configure()
    response = client.get("/en/contact/")
    html = response.content.decode()
    assert response.status_code == 200
    assert not response.cookies
    assert "public" in response["Cache-Control"]
    assert "csrfmiddlewaretoken" not in html
    for shown in (
        "https://chat.okpay.example/",
        "help@okpay.example",
        "+44 20 7946 0123",
        "https://x.com/okpay_example",
        "Answers within minutes.",
        "Europe/London",
    ):
        assert shown in html
    assert "Open now" in html or "Closed now" in html


def test_no_channel_is_promised_that_is_not_configured(client, search_index):
    configure(chat_enabled=False, chat_url="", chat_response_time="", email="")
    for path in ("/en/contact/", "/en/search/?q=zzqqxx", "/en/articles/top-up-failed/"):
        html = client.get(path).content.decode()
        assert "chat.okpay.example" not in html and "Live chat" not in html, path
        assert 'class="button" href="/en/chat/' not in html, path
        assert "mailto:" not in html, path
        assert "within minutes" not in html, path


def test_zero_results_page_leads_to_the_contact_form_carrying_the_query(client, search_index):
    configure()
    html = client.get("/en/search/", {"q": "zzqqxx"}).content.decode()
    assert 'href="/en/contact/?q=zzqqxx"' in html
    assert "https://chat.okpay.example/" in html
    form = client.get("/en/contact/", {"q": "zzqqxx"}).content.decode()
    assert 'name="q" value="zzqqxx"' in form and "You searched for “zzqqxx”" in form


def test_every_article_offers_contact_carrying_the_article(client):
    article = Article.objects.get(slug="top-up-failed")
    html = client.get("/en/articles/top-up-failed/").content.decode()
    assert f'href="/en/contact/?article={article.pk}"' in html
    form = client.get("/en/contact/", {"article": article.pk}).content.decode()
    assert f'name="article" value="{article.pk}"' in form and article.title_en in form


def test_a_language_without_channels_of_its_own_gets_the_source_language_ones(client):
    configure("en")
    assert "help@okpay.example" in client.get("/ru/contact/").content.decode()
    configure("ru", email="ru@okpay.example")
    html = client.get("/ru/contact/").content.decode()
    assert "ru@okpay.example" in html and "help@okpay.example" not in html


def test_a_turned_off_form_is_neither_shown_nor_accepted(client):
    configure(form_enabled=False)
    assert 'name="message"' not in client.get("/en/contact/").content.decode()
    assert send(client).status_code == 404
    assert not ContactRequest.objects.exists()


def test_odd_carried_values_are_forgiven(client):
    for params in ({"article": "abc"}, {"article": "99999999999999"}, {"q": "x" * 5000}):
        assert client.get("/en/contact/", params).status_code == 200


def test_a_request_is_stored_with_query_and_article_and_acknowledged(client):
    article = Article.objects.get(slug="top-up-failed")
    response = send(client, q="money  gone", article=str(article.pk))
    path = status_path_of(response)
    request = ContactRequest.objects.get()
    assert (request.query, request.article, request.language) == ("money gone", article, "en")
    assert request.status == ContactRequest.Status.NEW and request.reference.startswith("R-")
    token = path.rstrip("/").rsplit("/", 1)[1]
    assert token not in request.token_hash and len(token) == 32
    [ack] = mail.outbox
    assert ack.to == ["visitor@example.com"] and request.reference in ack.subject
    assert f"http://testserver{path}" in ack.body
    assert FORM["message"] not in ack.body  # nothing the visitor typed goes out again


@pytest.mark.parametrize("missing", ["email", "message"])
def test_email_and_message_are_required(client, missing):
    response = send(client, **{missing: ""})
    assert response.status_code == 400
    assert 'aria-invalid="true"' in response.content.decode()
    assert not ContactRequest.objects.exists()


def test_subject_is_optional(client):
    status_path_of(send(client, subject=""))


def test_the_honeypot_refuses_robots(client):
    response = send(client, website="http://spam.example")
    assert response.status_code == 400
    assert not ContactRequest.objects.exists() and not mail.outbox


def test_a_cross_site_post_is_refused():
    response = strict_client().post(
        "/en/contact/", FORM, HTTP_SEC_FETCH_SITE="cross-site", HTTP_ORIGIN="https://evil.example"
    )
    assert response.status_code == 403
    assert not ContactRequest.objects.exists()


def test_a_post_of_unknown_origin_without_token_asks_to_send_again_with_a_token():
    client = strict_client()
    response = client.post("/en/contact/", FORM)
    html = response.content.decode()
    assert response.status_code == 403 and "csrfmiddlewaretoken" in html
    assert FORM["message"] in html  # the text is kept
    assert not ContactRequest.objects.exists()
    token = client.cookies["csrftoken"].value
    again = client.post("/en/contact/", {**FORM, "csrfmiddlewaretoken": token})
    status_path_of(again)


def test_sending_is_throttled(client, settings):
    settings.KB_RATE_LIMITS = {**settings.KB_RATE_LIMITS, "contact": "2/h"}
    status_path_of(send(client))
    status_path_of(send(client))
    response = send(client)
    assert response.status_code == 429 and "Retry-After" in response
    assert ContactRequest.objects.count() == 2


def test_screenshots_are_checked_and_stored_privately(client, settings):
    response = send(client, screenshots=[png(), png("b.png")])
    path = status_path_of(response)
    first, second = ContactAttachment.objects.all()
    assert first.content_type == "image/png" and first.file.name.startswith("contact/")
    served = client.get(f"{path}files/{first.pk}/")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert "no-store" in served["Cache-Control"] and "sandbox" in served["Content-Security-Policy"]
    assert client.get(f"/media/{first.file.name}").status_code == 404


@pytest.mark.parametrize(
    "upload",
    [
        lambda: png("fake.png").__class__("fake.png", b"<svg onload=alert(1)>", "image/png"),
        lambda: [png(), png("2.png"), png("3.png"), png("4.png")],
    ],
)
def test_bad_screenshots_are_refused_with_a_message(client, upload):
    response = send(client, screenshots=upload())
    assert response.status_code == 400
    assert 'class="field-error"' in response.content.decode()
    assert not ContactRequest.objects.exists()


def test_too_large_screenshots_are_refused(client, settings):
    settings.KB_IMAGE_MAX_BYTES = 50
    response = send(client, screenshots=[png(size=(200, 200))])
    assert response.status_code == 400 and not ContactRequest.objects.exists()


def test_no_personal_data_in_logs(client, caplog):
    caplog.set_level("DEBUG")
    response = send(client)
    path = status_path_of(response)
    client.get(path.replace("/requests/", "/requests/x") + "files/1/")
    client.post(f"{path}rate/", {"rating": "9"}, **SAME_ORIGIN)  # a 400 that Django logs
    token = path.rstrip("/").rsplit("/", 1)[1]
    logged = caplog.text
    assert "visitor@example.com" not in logged and "topped up" not in logged
    assert token not in logged


def test_the_query_may_also_be_carried_as_query(client):
    assert (
        'value="refund late"'
        in client.get("/en/contact/", {"query": "refund late"}).content.decode()
    )
    fields = {k: v for k, v in FORM.items() if k != "q"}
    status_path_of(client.post("/en/contact/", {**fields, "query": "refund late"}, **SAME_ORIGIN))
    assert ContactRequest.objects.get().query == "refund late"
