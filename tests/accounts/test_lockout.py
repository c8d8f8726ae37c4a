"""Sign-in lockout: guessing a password stops after a few tries; an editor can unlock.

Policy (kb/settings.py, docs/security.md): 5 failures of one username from one address lock that
pair, 20 failures from one address over any usernames lock the address, for 15 minutes
after the last failure; never a username alone.
"""

import datetime

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.translation import gettext, override

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery"  # UserFactory's
ATTACKER = "198.51.100.66"
OFFICE = "203.0.113.10"


def sign_in(address: str, username: str, password: str, **headers):
    client = Client(REMOTE_ADDR=address, **headers)
    response = client.post("/admin/login/", {"username": username, "password": password})
    return client, response


def signed_in(client: Client) -> bool:
    return client.get("/admin/").status_code == 200


def guess(address: str, username: str, times: int) -> None:
    for attempt in range(times):
        sign_in(address, username, f"wrong password {attempt}")


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Each unlocked guess hashes a password: the production hasher would take most of the run.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # The lockout itself is under test: the per-address POST throttle (which would answer
    # the 31st sign-in with its own 429) is tested in test_throttles.py.
    settings.KB_RATE_LIMIT = False


@pytest.fixture
def editor():
    return UserFactory(username="editor-one", groups=["Editors"])


def test_thirty_wrong_passwords_then_the_right_one_is_refused(editor):
    guess(ATTACKER, "editor-one", 30)
    client, response = sign_in(ATTACKER, "editor-one", PASSWORD)
    assert response.status_code == 429
    assert not signed_in(client)
    page = response.content.decode()
    assert "too many failed sign-in attempts" in page and "Try again after" in page
    assert response["Retry-After"] == str(15 * 60)


def test_a_few_mistakes_do_not_lock(editor):
    guess(OFFICE, "editor-one", 4)
    client, response = sign_in(OFFICE, "editor-one", PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_the_fifth_failure_locks_the_username_at_that_address(editor):
    guess(ATTACKER, "editor-one", 4)
    _client, response = sign_in(ATTACKER, "editor-one", "wrong again")
    assert response.status_code == 429


def test_an_attacker_cannot_lock_the_editor_out_from_elsewhere(editor):
    guess(ATTACKER, "editor-one", 10)
    client, response = sign_in(OFFICE, "editor-one", PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_an_address_guessing_many_usernames_is_locked_for_all_of_them(editor):
    for number in range(10):  # 2 guesses each: no pair reaches 5, the address reaches 20
        guess(ATTACKER, f"someone-{number}", 2)
    client, response = sign_in(ATTACKER, "editor-one", PASSWORD)
    assert response.status_code == 429 and not signed_in(client)
    client, response = sign_in(OFFICE, "editor-one", PASSWORD)
    assert signed_in(client)


def test_a_shared_address_with_some_mistakes_is_not_locked(editor):
    # An office behind one address: 16 failures over 4 people stay under the address limit.
    for number in range(4):
        guess(OFFICE, f"colleague-{number}", 4)
    client, response = sign_in(OFFICE, "editor-one", PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_the_lock_ends_after_the_cool_off(editor, monkeypatch):
    guess(ATTACKER, "editor-one", 10)
    _client, response = sign_in(ATTACKER, "editor-one", PASSWORD)
    assert response.status_code == 429
    later = timezone.now() + datetime.timedelta(minutes=14)
    monkeypatch.setattr("axes.handlers.proxy.now", lambda: later)
    _client, response = sign_in(ATTACKER, "editor-one", PASSWORD)
    assert response.status_code == 429  # 14 minutes after the last try: still locked
    much_later = later + datetime.timedelta(minutes=16)
    monkeypatch.setattr("axes.handlers.proxy.now", lambda: much_later)
    client, response = sign_in(ATTACKER, "editor-one", PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_an_editor_unlocks_a_locked_sign_in(editor, editor_client):
    UserFactory(username="translator-one", groups=["Translators"])
    guess(OFFICE, "translator-one", 10)
    assert sign_in(OFFICE, "translator-one", PASSWORD)[1].status_code == 429

    listing = editor_client.get("/admin/axes/accessattempt/?locked_out=yes")
    assert listing.status_code == 200 and "translator-one" in listing.content.decode()
    from axes.models import AccessAttempt

    selected = list(AccessAttempt.objects.filter(ip_address=OFFICE).values_list("pk", flat=True))
    response = editor_client.post(
        "/admin/axes/accessattempt/",
        {"action": "delete_selected", "_selected_action": selected, "post": "yes"},
    )
    assert response.status_code == 302
    client, response = sign_in(OFFICE, "translator-one", PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_translators_cannot_unlock(translator_client):
    assert translator_client.get("/admin/axes/accessattempt/").status_code == 403


@pytest.mark.parametrize("lang", ["zh-hans", "ru", "es", "ar"])
def test_the_lockout_page_speaks_the_visitors_language(editor, lang):
    with override(lang):
        expected = gettext("If you cannot wait, ask an editor to unlock your sign-in.")
    assert expected != "If you cannot wait, ask an editor to unlock your sign-in."
    guess(ATTACKER, "editor-one", 5)
    _client, response = sign_in(
        ATTACKER, "editor-one", PASSWORD, HTTP_ACCEPT_LANGUAGE=lang, HTTP_COOKIE=""
    )
    assert response.status_code == 429
    assert expected in response.content.decode()


def test_behind_a_proxy_each_client_has_its_own_count(editor, settings):
    settings.KB_TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    for attempt in range(30):  # the attacker forges the left of the header: no help
        Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}, {ATTACKER}").post(
            "/admin/login/", {"username": "editor-one", "password": "wrong"}
        )
    attacker = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=f"{OFFICE}, {ATTACKER}")
    response = attacker.post("/admin/login/", {"username": "editor-one", "password": PASSWORD})
    assert response.status_code == 429
    office = Client(REMOTE_ADDR=proxy, HTTP_X_FORWARDED_FOR=OFFICE)
    response = office.post("/admin/login/", {"username": "editor-one", "password": PASSWORD})
    assert response.status_code == 302 and signed_in(office)
