"""A translator's pending version is what they see and keep editing, and every save of it
is kept (issue 22, item 1). Forms are posted as a browser posts them (CRLF textareas)."""

import re

import pytest

from articles.models import Article, TranslationState
from articles.publishing import revisions
from tests.admin.browser_form import browser_form, change_url, signed_in

pytestmark = pytest.mark.django_db


def continue_saving(client, article, changes: dict) -> None:
    """Open the change form, change fields (appending to their text), Save and continue."""
    data = browser_form(client, change_url(article))
    for name, appended in changes.items():
        data[name] += appended
    data.pop("_save")
    data["_continue"] = "1"
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:3000]


def pending_revisions_text(article: Article, lang: str) -> list[str]:
    """The pending body of `lang` as each revision of the article recorded it."""
    return [
        entry.shown(lang)["body"]
        for entry in revisions.article_history(Article.objects.get(pk=article.pk))
    ]


def test_a_translator_sees_and_keeps_editing_their_pending_version(sample_content, client):
    article = Article.objects.get(slug="fees")
    published = article.body_ru
    translator = signed_in("translator-ru", "Translators (ru)")

    continue_saving(translator, article, {"body_ru": " EDIT-3"})
    form = browser_form(translator, change_url(article))
    assert form["body_ru"].endswith("EDIT-3")  # the box holds the pending version
    assert "EDIT-3" not in client.get("/ru/articles/fees/").content.decode()

    continue_saving(translator, article, {"body_ru": " EDIT-4"})
    state = TranslationState.objects.get(article=article, language="ru")
    assert state.pending["body"].endswith("EDIT-3 EDIT-4")
    assert Article.objects.get(pk=article.pk).body_ru == published  # readers: unchanged
    # Each save of the pending version is a revision.
    bodies = pending_revisions_text(article, "ru")
    assert any(body.endswith("EDIT-3") for body in bodies)
    assert any(body.endswith("EDIT-3 EDIT-4") for body in bodies)


def test_the_history_page_shows_each_pending_save(sample_content):
    article = Article.objects.get(slug="fees")
    translator = signed_in("translator-ru", "Translators (ru)")
    continue_saving(translator, article, {"body_ru": " EDIT-3"})
    continue_saving(translator, article, {"body_ru": " EDIT-4"})
    history = translator.get(f"/admin/articles/article/{article.pk}/history/?lang=ru")
    html = history.content.decode()
    assert "pending" in html
    # The last save against the one before: only EDIT-4 is new.
    assert re.search(r'<ins class="kb-diff-ins">\s*EDIT-4</ins>', html)
    assert not re.search(r'<ins class="kb-diff-ins">[^<]*EDIT-3', html)


def test_reverting_a_pending_field_to_the_published_text_drops_it(sample_content):
    article = Article.objects.get(slug="fees")
    translator = signed_in("translator-ru", "Translators (ru)")
    continue_saving(translator, article, {"title_ru": " (new)", "body_ru": " EDIT-3"})
    data = browser_form(translator, change_url(article))
    data["title_ru"] = data["title_ru"].removesuffix(" (new)")
    assert translator.post(change_url(article), data).status_code == 302
    state = TranslationState.objects.get(article=article, language="ru")
    assert set(state.pending) == {"body"}


def test_a_reviewer_approving_publishes_every_saved_edit(sample_content, client):
    article = Article.objects.get(slug="fees")
    translator = signed_in("translator-ru", "Translators (ru)")
    continue_saving(translator, article, {"body_ru": " EDIT-3"})
    continue_saving(translator, article, {"body_ru": " EDIT-4"})
    reviewer = signed_in("rev-ru", "Reviewers (ru)")
    url = f"/admin/articles/article/{article.pk}/translation/ru/"
    assert reviewer.post(url, {"action": "approve"}).status_code == 302
    page = client.get("/ru/articles/fees/").content.decode()
    assert "EDIT-3 EDIT-4" in page


def test_a_translator_withdraws_their_pending_changes(sample_content):
    article = Article.objects.get(slug="fees")
    published = article.body_ru
    translator = signed_in("translator-ru", "Translators (ru)")
    continue_saving(translator, article, {"body_ru": " EDIT-3"})
    url = f"/admin/articles/article/{article.pk}/translation/ru/"
    assert translator.post(url, {"action": "discard"}).status_code == 302
    assert TranslationState.objects.get(article=article, language="ru").pending == {}
    shown = browser_form(translator, change_url(article))["body_ru"].replace("\r\n", "\n")
    assert shown == published
