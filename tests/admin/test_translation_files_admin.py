"""Translation files from the admin: download from the article list, upload back."""

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Article
from tests.factories import ArticleFactory, UserFactory

pytestmark = pytest.mark.django_db


def download(client, article, lang="ru") -> polib.POFile:
    response = client.post(
        "/admin/articles/article/",
        {"action": f"export_translation_{lang}", "_selected_action": [article.pk]},
    )
    assert response.status_code == 200, response.content.decode()[:2000]
    assert response["Content-Disposition"].startswith(f'attachment; filename="okpay-help-{lang}-')
    return polib.pofile(response.content.decode())


def upload(client, po: polib.POFile, **fields):
    file = SimpleUploadedFile("ru.po", str(po).encode(), content_type="text/x-gettext-translation")
    return client.post(
        "/admin/articles/article/translations/import/", {"file": file, **fields}, follow=True
    )


def test_translator_downloads_translates_and_uploads(translator_client):
    # translator_client translates Spanish only: its list offers the Spanish file only.
    article = ArticleFactory(slug="to-translate")
    po = download(translator_client, article, "es")
    assert {entry.msgctxt for entry in po} == {
        f"article:{article.pk}:{field}" for field in ("title", "summary", "body")
    }
    for entry in po:
        entry.msgstr = {
            "title": "Título",
            "summary": "En breve.",
            "body": "## Causas\n\nAlgo.",
        }[entry.msgctxt.rsplit(":", 1)[1]]
    html = upload(translator_client, po).content.decode()
    assert "3 units imported into es (to-translate)." in html
    assert "Stored as drafts or in review, not shown yet: to-translate." in html
    article = Article.objects.get(pk=article.pk)
    assert article.title_es == "Título" and article.translation_state("es").status == "draft"
    response = translator_client.post(
        "/admin/articles/article/",
        {"action": "export_translation_ru", "_selected_action": [article.pk]},
    )
    assert response.status_code == 302  # no such action for them: back to the list


def test_a_refused_upload_names_the_unit_and_changes_nothing(editor_client):
    article = ArticleFactory(slug="refused-one")
    po = download(editor_client, article)
    for entry in po:
        entry.msgstr = "Одна строка" if entry.msgctxt.endswith(":title") else ""
    po.append(polib.POEntry(msgctxt="article:0:body", msgid="x", msgstr="y"))
    html = upload(editor_client, po).content.decode()
    assert "Nothing was imported" in html and "article:0:body: unknown unit id" in html
    assert Article.objects.get(pk=article.pk).title_ru in ("", None)


def test_import_page_links_from_the_list_and_needs_the_change_permission(editor_client, client):
    html = editor_client.get("/admin/articles/article/").content.decode()
    assert 'href="/admin/articles/article/translations/import/"' in html
    assert "Download a translation file (.po) for Arabic" in html
    assert "export_translation_en" not in html
    client.force_login(UserFactory(username="plain"))
    assert client.get("/admin/articles/article/translations/import/").status_code == 403
