"""Every redirect keeps the query-string parameters it does not consume."""

import pytest

from articles.models import Article

pytestmark = pytest.mark.django_db

CAMPAIGN = "utm_source=mail&utm_campaign=spring&ticket=%E5%85%85%E5%80%BC&tag=a&tag=b"


def test_the_root_redirect_keeps_the_query_string(client):
    response = client.get(f"/?{CAMPAIGN}", HTTP_ACCEPT_LANGUAGE="es")
    assert response["Location"] == f"/es/?{CAMPAIGN}"


def test_a_short_link_keeps_everything_but_the_language_it_used(client, sample_content):
    article = Article.objects.get(slug="account-frozen")
    response = client.get(f"/a/{article.pk}/?lang=ru&{CAMPAIGN}")
    assert response["Location"] == f"/ru/articles/account-frozen/?{CAMPAIGN}"
    assert client.get(f"/a/{article.pk}/?lang=ru")["Location"] == "/ru/articles/account-frozen/"


def test_the_no_javascript_vote_keeps_the_query_string_of_the_form(client, sample_content):
    response = client.post(f"/en/articles/fees/feedback/?{CAMPAIGN}&feedback=x", {"helpful": "yes"})
    assert response["Location"] == f"/en/articles/fees/?feedback=thanks&{CAMPAIGN}#feedback"


@pytest.mark.parametrize(
    ("url", "target"),
    [
        ("/en/articles/fees", "/en/articles/fees/"),  # the missing slash
        ("/a/{pk}", "/a/{pk}/"),
        ("/articles/fees/", "/en/articles/fees/"),  # the missing language
        ("/search/", "/en/search/"),
    ],
)
def test_slash_and_language_redirects_keep_the_query_string(client, sample_content, url, target):
    pk = Article.objects.get(slug="fees").pk
    response = client.get(f"{url.format(pk=pk)}?q=fee&{CAMPAIGN}")
    assert response.status_code in (301, 302)
    assert response["Location"] == f"{target.format(pk=pk)}?q=fee&{CAMPAIGN}"
