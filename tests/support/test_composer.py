"""The composer: articles found in the customer's language (the agent's beside it), with
and without JavaScript; canned replies in the customer's language, else English, marked."""

import pytest
from django.test import Client

from articles.models import Article, CannedReply
from articles.support import canned
from tests.factories import UserFactory
from tests.support.chat_helpers import chat_layer, open_conversation

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("chat_layer")]
__all__ = ["chat_layer"]


def _agent(groups=("Support",)) -> Client:
    client = Client()
    client.force_login(UserFactory(groups=list(groups)))
    return client


def test_articles_are_found_in_the_customers_language_with_the_agents_beside(search_index):
    contact, _token = open_conversation("لم ينجح الاسترداد", language="ar")
    refund = Article.objects.get(slug="request-refund")
    response = _agent().get(f"/en/support/requests/{contact.reference}/articles/", {"q": "استرداد"})
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    hit = next(r for r in response.json()["results"] if r["id"] == refund.pk)
    assert hit["title"] == refund.title_ar and hit["lang"] == "ar"
    assert hit["agent_title"] == refund.title_en and hit["agent_lang"] == "en"
    assert hit["text"] == f"{refund.title_ar}: http://testserver/a/{refund.pk}/?lang=ar"


def test_a_bad_query_is_a_400_and_an_unknown_conversation_a_404(search_index):
    contact, _token = open_conversation()
    agent = _agent()
    url = f"/en/support/requests/{contact.reference}/articles/"
    assert agent.get(url).status_code == 400 and "error" in agent.get(url).json()
    assert agent.get(url, {"q": "x" * 1000}).status_code == 400
    assert agent.get("/en/support/requests/R-NOSUCH/articles/", {"q": "fees"}).status_code == 404


@pytest.mark.parametrize(
    ("groups", "status"), [(None, 302), (["Translators"], 403), (["Editors"], 200)]
)
def test_who_may_search_from_the_composer(search_index, groups, status):
    contact, _token = open_conversation()
    client = _agent(groups) if groups is not None else Client()
    url = f"/en/support/requests/{contact.reference}/articles/"
    assert client.get(url, {"q": "fees"}).status_code == status


def test_without_javascript_the_search_form_returns_text_to_paste(search_index):
    contact, _token = open_conversation("Какие комиссии?", language="ru")
    fees = Article.objects.get(slug="fees")
    html = (
        _agent()
        .get(f"/en/support/requests/{contact.reference}/", {"articles_q": "комиссии"})
        .content.decode()
    )
    assert 'name="articles_q" value="комиссии"' in html
    assert f'value="{fees.title_ru}: http://testserver/a/{fees.pk}/?lang=ru"' in html


def test_canned_replies_in_the_customers_language_else_english_marked(db):
    CannedReply.objects.create(key="greeting", language="en", title="Hello", body="Hello!")
    CannedReply.objects.create(key="greeting", language="es", title="Hola", body="¡Hola!")
    CannedReply.objects.create(key="refund-steps", language="en", title="Refunds",
                               body="Open the order and tap Refund.")  # fmt: skip
    CannedReply.objects.create(key="bye", language="ru", title="Пока", body="До свидания")
    contact, _token = open_conversation("Hola", language="es")
    html = _agent().get(f"/en/support/requests/{contact.reference}/").content.decode()
    canned = html.split('class="canned-replies"', 1)[1].split("</details>", 1)[0]
    assert 'data-text="¡Hola!"' in canned and 'data-text="Hello!"' not in canned
    refunds = canned.split("Refunds", 1)[1].split("</li>", 1)[0]
    assert "English: not written in the customer's language" in refunds
    assert "До свидания" not in canned


def test_the_demo_brings_canned_replies_with_an_english_fallback(db):
    from articles.support.sample_canned import seed_canned_replies

    assert seed_canned_replies() > 0 and seed_canned_replies() == 0  # idempotent
    arabic = {reply.key: reply for reply in canned.canned_replies("ar")}
    assert arabic["greeting"].lang == "ar" and not arabic["greeting"].fallback
    assert arabic["describe-problem"].lang == "en" and arabic["describe-problem"].fallback
