"""Changes to a published English article are a draft until published (issue 22, item 5):
readers and search keep the published text; the draft is previewed, reviewed, approved
and published now or at a set time, and only then do translations become outdated."""

import re
from datetime import timedelta

import pytest
from django.db import transaction
from django.test import Client
from django.utils import timezone

from articles import search
from articles.models import Article, SourceDraft
from articles.publishing import selectors
from tests.admin.browser_form import browser_form, change_url, signed_in

pytestmark = pytest.mark.django_db

ADDED = "Quokka transfers are free on Sundays."


def draft_url(article: Article) -> str:
    return f"/admin/articles/article/{article.pk}/draft/"


@pytest.fixture
def committed(monkeypatch):
    """On-commit callbacks (index syncs) run at once, as after each request's commit."""
    monkeypatch.setattr(transaction, "on_commit", lambda func, using=None, robust=False: func())


def save_english(client, article, *, publish_now=False, minor=False) -> None:
    data = browser_form(client, change_url(article))
    data["body_en"] += f"\r\n\r\n{ADDED}"
    if minor:
        data["minor_change"] = "on"
    if publish_now:
        data.pop("_save")
        data["_publish_source"] = "1"
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.content.decode()[:3000]


def readers_see_the_change(article: Article) -> dict[str, bool]:
    visitor = Client()
    api = visitor.get(f"/api/articles/{article.pk}", {"lang": "en"}).json()
    return {
        "page": ADDED in visitor.get(f"/en/articles/{article.slug}/").content.decode(),
        "api": ADDED in api["body_html"],
        "search": article.slug in [hit.slug for hit in search.search("quokka", "en").hits],
    }


def test_an_editors_save_of_a_live_article_is_a_draft(search_index, committed):
    article = Article.objects.get(slug="fees")
    editor = signed_in("ed", "Editors")
    save_english(editor, article)
    assert not any(readers_see_the_change(article).values())
    stored = Article.objects.get(pk=article.pk)
    assert ADDED not in stored.body_en
    assert set(selectors.translation_status(stored).values()) == {"current"}
    # The editor keeps editing the draft: the form shows it, and says so.
    html = editor.get(change_url(article)).content.decode()
    assert ADDED in html and draft_url(article) in html

    page = editor.get(draft_url(article)).content.decode()
    assert re.search(rf'<ins class="kb-diff-ins">\s*{ADDED}</ins>', page)
    assert "preview/page/?article=" in page and "pending=1" in page
    preview = editor.get(
        "/admin/articles/article/preview/page/",
        {"article": article.pk, "lang": "en", "pending": "1"},
    )
    assert ADDED in preview.content.decode()

    assert editor.post(draft_url(article), {"action": "publish"}).status_code == 302
    assert all(readers_see_the_change(article).values())
    stored = Article.objects.get(pk=article.pk)
    assert not SourceDraft.objects.filter(article=article).exclude(changes={}).exists()
    # Translations become outdated when the draft is published, not when it is saved.
    assert selectors.translation_status(stored)["ru"] == "outdated"


def test_publish_now_from_the_form_is_an_editors_choice(search_index, committed):
    article = Article.objects.get(slug="fees")
    save_english(signed_in("ed", "Editors"), article, publish_now=True)
    assert all(readers_see_the_change(article).values())


def test_a_minor_draft_keeps_translations_up_to_date_when_published(sample_content):
    article = Article.objects.get(slug="fees")
    editor = signed_in("ed", "Editors")
    save_english(editor, article, minor=True)
    editor.post(draft_url(article), {"action": "publish"})
    stored = Article.objects.get(pk=article.pk)
    assert ADDED in stored.body_en
    assert set(selectors.translation_status(stored).values()) == {"current"}


def test_review_send_back_and_approval(sample_content):
    article = Article.objects.get(slug="fees")
    writer, reviewer = signed_in("ed", "Editors"), signed_in("rev", "Reviewers")
    save_english(writer, article)
    writer.post(draft_url(article), {"action": "submit"})
    assert SourceDraft.objects.get(article=article).status == "review"
    listed = writer.get("/admin/articles/article/?translation=review").content.decode()
    assert change_url(article) in listed[listed.index('id="result_list"') :]
    reviewer.post(draft_url(article), {"action": "send_back", "comment": "Say which Sunday."})
    draft = SourceDraft.objects.get(article=article)
    assert draft.status == "draft" and draft.review_comment == "Say which Sunday."
    assert "Say which Sunday." in writer.get(change_url(article)).content.decode()
    reviewer.post(draft_url(article), {"action": "publish"})
    assert ADDED in Article.objects.get(pk=article.pk).body_en


def test_a_draft_can_be_discarded(sample_content):
    article = Article.objects.get(slug="fees")
    editor = signed_in("ed", "Editors")
    save_english(editor, article)
    assert editor.post(draft_url(article), {"action": "discard"}).status_code == 302
    assert ADDED not in browser_form(editor, change_url(article))["body_en"]


def test_translators_cannot_act_on_english_drafts(sample_content):
    article = Article.objects.get(slug="fees")
    save_english(signed_in("ed", "Editors"), article)
    translator = signed_in("tr-ru", "Translators (ru)")
    for action in ("publish", "submit", "discard", "send_back", "schedule"):
        response = translator.post(draft_url(article), {"action": action, "comment": "x"})
        assert response.status_code == 403, action
    assert ADDED not in Article.objects.get(pk=article.pk).body_en


class Clock:
    def __init__(self, now) -> None:
        self.now = now


def test_a_scheduled_change_goes_live_on_time_without_a_command(
    search_index, committed, monkeypatch
):
    clock = Clock(timezone.now().replace(microsecond=0))
    monkeypatch.setattr(timezone, "now", lambda: clock.now)
    article = Article.objects.get(slug="fees")
    editor = signed_in("ed", "Editors")
    save_english(editor, article)
    when = timezone.localtime(clock.now + timedelta(hours=2))
    response = editor.post(
        draft_url(article), {"action": "schedule", "publish_at": when.strftime("%Y-%m-%dT%H:%M")}
    )
    assert response.status_code == 302
    draft = SourceDraft.objects.get(article=article)
    assert draft.status == "scheduled" and draft.publish_at is not None
    assert not any(readers_see_the_change(article).values())
    clock.now += timedelta(hours=2)
    seen = readers_see_the_change(article)
    assert all(seen.values()), seen
    assert selectors.translation_status(Article.objects.get(pk=article.pk))["ru"] == "outdated"


def test_a_schedule_in_the_past_is_refused_with_a_message(sample_content):
    article = Article.objects.get(slug="fees")
    editor = signed_in("ed", "Editors")
    save_english(editor, article)
    for value in ("2001-01-01T10:00", "not a date", ""):
        response = editor.post(
            draft_url(article), {"action": "schedule", "publish_at": value}, follow=True
        )
        assert response.status_code == 200
        assert SourceDraft.objects.get(article=article).status == "draft"
        assert "errorlist" in response.content.decode() or "error" in response.content.decode()


def test_an_unpublished_article_is_edited_directly(sample_content):
    article = Article.objects.get(slug="fees")
    Article.objects.filter(pk=article.pk).update(status=Article.Status.DRAFT)
    save_english(signed_in("ed", "Editors"), article)
    assert ADDED in Article.objects.get(pk=article.pk).body_en


def test_saving_the_form_unchanged_keeps_a_scheduled_draft_scheduled(sample_content):
    article = Article.objects.get(slug="fees")
    editor, reviewer = signed_in("ed", "Editors"), signed_in("rev", "Reviewers")
    save_english(editor, article)
    when = timezone.localtime(timezone.now() + timedelta(days=1))
    editor.post(
        draft_url(article), {"action": "schedule", "publish_at": when.strftime("%Y-%m-%dT%H:%M")}
    )
    response = reviewer.post(change_url(article), browser_form(reviewer, change_url(article)))
    assert response.status_code == 302
    assert SourceDraft.objects.get(article=article).status == "scheduled"


def test_publish_now_never_publishes_english_someone_else_wrote_unseen(sample_content):
    article = Article.objects.get(slug="fees")
    alice, bob = signed_in("alice", "Editors"), signed_in("bob", "Editors")
    bob_form = browser_form(bob, change_url(article))
    save_english(alice, article)  # Alice's draft adds a sentence to the body
    bob_form["title_en"] = "Fees (Bob)"
    bob_form.pop("_save")
    bob_form["_publish_source"] = "1"
    assert bob.post(change_url(article), bob_form).status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert stored.title_en != "Fees (Bob)" and ADDED not in stored.body_en
    draft = SourceDraft.objects.get(article=article)
    assert draft.changes["title"] == "Fees (Bob)" and ADDED in draft.changes["body"]
