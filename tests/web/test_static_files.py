"""Static files: hashed names, a far-future immutable cache, Brotli and gzip copies, once
collectstatic has run; plain names straight from the apps before it."""

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def collected(tmp_path_factory):
    """STATIC_ROOT after `collectstatic` (the demo's and every deployment's step), once."""
    from django.conf import settings
    from django.test.utils import override_settings

    root = tmp_path_factory.mktemp("static")
    with override_settings(STATIC_ROOT=root):
        call_command("collectstatic", interactive=False, verbosity=0)
    original = settings.STATIC_ROOT
    return root, original


def test_before_collectstatic_pages_link_the_plain_names(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path  # nothing collected there
    assert static("articles/site.css") == "/static/articles/site.css"
    response = Client().get("/static/articles/site.css")
    assert response.status_code == 200  # served from the app by the finders


def test_after_collectstatic_names_carry_a_hash(settings, collected):
    settings.STATIC_ROOT = collected[0]
    url = static("articles/site.css")
    assert (
        url.startswith("/static/articles/site.")
        and url.endswith(".css")
        and url != "/static/articles/site.css"
    )
    assert (collected[0] / "staticfiles.json").exists()


def test_pages_link_the_hashed_names(settings, collected, search_index):
    settings.STATIC_ROOT = collected[0]
    page = Client().get("/en/").content.decode()
    assert static("articles/site.css") in page and "/static/articles/site.css" not in page


@pytest.mark.parametrize(
    ("accept", "encoding"), [("gzip, deflate, br", "br"), ("gzip", "gzip"), ("", None)]
)
def test_a_hashed_file_is_immutable_and_precompressed(settings, collected, accept, encoding):
    settings.STATIC_ROOT = collected[0]
    response = Client().get(static("articles/site.css"), HTTP_ACCEPT_ENCODING=accept)
    assert response.status_code == 200
    control = response["Cache-Control"]
    assert "immutable" in control and "public" in control
    max_age = int(control.split("max-age=")[1].split(",")[0])
    assert max_age >= 365 * 24 * 3600
    assert response.get("Content-Encoding") == encoding
    assert response["Vary"] == "Accept-Encoding"


def test_a_file_added_since_collectstatic_keeps_its_plain_name(settings, collected):
    settings.STATIC_ROOT = collected[0]
    assert static("no-such-file-yet.css") == "/static/no-such-file-yet.css"
