"""Revisions: every save recorded per language with its user, diffs, restore as a new one."""

import pytest
from django.test import Client
from reversion.models import Version

from articles.models import Article
from articles.publishing import revisions
from articles.publishing.edit_conflicts import edit_version
from tests.admin_forms import change_form_post
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def admin_save(client, article: Article, **changes):
    """POST the article's change form as loaded now, with `changes` typed in."""
    article.refresh_from_db()
    fields = [f for f in Article._meta.get_fields() if getattr(f, "editable", False)]
    fields = [f for f in fields if f.concrete and not f.auto_created and f.name != "id"]
    data = change_form_post(article, fields, changes)
    response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    return response


def history(client, article: Article, **params) -> str:
    response = client.get(f"/admin/articles/article/{article.pk}/history/", params)
    assert response.status_code == 200
    return response.content.decode()


def test_admin_save_records_who_changed_what_in_which_language(editor_client):
    article = ArticleFactory(languages=["ru"])
    admin_save(editor_client, article, title_ru="Новый заголовок")
    latest = revisions.article_history(article)[0]
    assert latest.revision.user.username == "ed"
    assert "Title [ru]" in latest.revision.comment or "title [ru]" in latest.revision.comment
    assert latest.changes == {"ru": ["Title"]}
    # The full text of every language, modeltranslation's columns included.
    assert latest.version.field_dict["title_ru"] == "Новый заголовок"
    article.refresh_from_db()
    assert latest.version.field_dict["body_en"] == article.body_en
    html = history(editor_client, article)
    assert "[ru] Title" in html and "ed" in html


def test_saves_outside_the_admin_are_recorded_too():
    article = ArticleFactory()
    before = Version.objects.get_for_object(article).count()
    article.summary_es = "Resumen nuevo"
    article.save()
    versions = Version.objects.get_for_object(article)
    assert versions.count() == before + 1
    assert versions.first().field_dict["summary_es"] == "Resumen nuevo"
    # A save that changes nothing adds no revision.
    article.save()
    assert Version.objects.get_for_object(article).count() == before + 1


def test_diff_of_two_revisions_is_readable_and_escaped(editor_client):
    article = ArticleFactory(body_en="Open the app and tap Top up.\n")
    admin_save(editor_client, article, body_en="Open the app and tap <script>alert(1)</script>.\n")
    entries = revisions.article_history(article)
    html = history(
        editor_client, article, old=entries[1].version.pk, new=entries[0].version.pk, lang="en"
    )
    assert 'tap <del class="kb-diff-del">Top up.</del>' in html  # unchanged words stay plain
    assert '<ins class="kb-diff-ins">&lt;script&gt;alert(1)&lt;/script&gt;.</ins>' in html
    assert "<script>alert" not in html
    section = html.split('class="kb-diff-section"', 1)[1]
    assert "style=" not in section  # the CSP forbids inline style: classes only
    # The other fields did not change, and say so.
    assert section.count("No change.") == 3


def test_restore_is_a_new_revision_and_a_round_trip(editor_client):
    article = ArticleFactory(languages=["ru"])
    original = (article.title_ru, article.body_ru)
    admin_save(editor_client, article, title_ru="Второй", body_ru="Другой текст.")
    admin_save(editor_client, article, title_ru="Третий", title_en="English changed too")
    history_now = revisions.article_history(article)
    first = next(e for e in history_now if e.version.field_dict["title_ru"] == original[0])
    count = len(history_now)
    url = f"/admin/articles/article/{article.pk}/restore/{first.version.pk}/"
    response = editor_client.post(url, {"lang": "ru"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert (article.title_ru, article.body_ru) == original
    assert article.title_en == "English changed too"  # other languages untouched
    entries = revisions.article_history(article)
    assert len(entries) == count + 1  # history kept, one more on top
    assert entries[0].revision.user.username == "ed"
    assert "Restored ru text" in entries[0].revision.comment
    assert entries[1].version.field_dict["title_ru"] == "Третий"
    assert "<strong>Пополнить</strong>" in article.body_html_ru  # the page shows it again


def test_translator_restores_a_translation_but_never_the_source(translator_client):
    article = ArticleFactory(languages=["es"], title_en="Source one")
    article.title_en, article.title_es = "Source two", "Dos"
    article.save()
    first = revisions.article_history(article)[1]  # before "Source two"
    url = f"/admin/articles/article/{article.pk}/restore/{first.version.pk}/"
    assert translator_client.post(url, {"lang": "en"}).status_code == 403
    article.refresh_from_db()
    assert article.title_en == "Source two"
    assert translator_client.post(url, {"lang": "es"}).status_code == 302
    article.refresh_from_db()
    # Like an edit in the form: the published Spanish waits for a reviewer to change.
    assert article.title_es == "Dos" and article.title_en == "Source two"
    pending = article.translation_state("es").pending
    assert pending["title"].startswith("Cómo recargar")
    # The page offers only what the translator may restore.
    entries = revisions.article_history(article)
    params = {"old": first.version.pk, "new": entries[0].version.pk}
    assert "Restore the English" not in history(translator_client, article, lang="en", **params)


def test_restore_needs_post_csrf_and_valid_input(editor_client):
    article = ArticleFactory()
    article.title_en = "Changed"
    article.save()
    version = revisions.article_history(article)[-1].version
    url = f"/admin/articles/article/{article.pk}/restore/{version.pk}/"
    assert editor_client.get(url).status_code == 405
    assert editor_client.post(url, {"lang": "xx"}).status_code == 400
    other = ArticleFactory()
    other_url = f"/admin/articles/article/{other.pk}/restore/{version.pk}/"
    assert editor_client.post(other_url, {"lang": "en"}).status_code == 404
    checked = Client(enforce_csrf_checks=True)
    checked.force_login(UserFactory(username="csrf-ed", groups=["Editors"]))
    assert checked.post(url, {"lang": "en"}).status_code == 403
    article.refresh_from_db()
    assert article.title_en == "Changed"


def test_history_page_survives_bad_parameters(editor_client):
    article = ArticleFactory()
    article.title_en = "Changed"
    article.save()
    for params in ({"old": "x", "new": "1", "lang": "en"}, {"old": "999999", "lang": "zz"}):
        html = history(editor_client, article, **params)
        assert "Choose two revisions and a language to compare." in html
    assert editor_client.get("/admin/articles/article/999999/history/").status_code in (302, 404)


def test_admin_change_form_loads_the_version_it_was_loaded_from(editor_client):
    article = ArticleFactory()
    html = editor_client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert f'name="edit_version" value="{edit_version(article)}"' in html


def test_publishing_from_the_list_and_loading_content_are_revisions_too(editor_client):
    article = ArticleFactory()
    response = editor_client.post(
        "/admin/articles/article/", {"action": "publish", "_selected_action": [article.pk]}
    )
    assert response.status_code == 302
    latest = revisions.article_history(article)[0]
    assert (latest.revision.user.username, latest.revision.comment) == ("ed", "Published")
    assert latest.changes[""] == ["Status", "Published at"]

    from articles.publishing.services import load_sample_content

    sample = Article.objects.get(slug="fees")
    sample.title_en = "Edited by hand"
    sample.save()
    load_sample_content()
    latest = revisions.article_history(sample)[0]
    assert latest.revision.comment == "Loaded from the sample content"
    assert latest.version.field_dict["title_en"] != "Edited by hand"


def test_history_is_translated_and_arabic_text_runs_right_to_left(editor_client):
    article = ArticleFactory(languages=["ar"])
    article.body_ar = "نص جديد"
    article.save()
    entries = revisions.article_history(article)
    params = {"old": entries[1].version.pk, "new": entries[0].version.pk, "lang": "ar"}
    html = history(editor_client, article, **params)
    assert '<div class="kb-diff" lang="ar" dir="rtl">' in html
    editor_client.cookies["django_language"] = "ar"
    html = history(editor_client, article, **params)
    assert "قارن" in html and "المراجعات" in html  # "Compare", "Revisions"
