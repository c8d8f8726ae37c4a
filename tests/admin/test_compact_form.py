"""The compact article form: read-only languages collapsed, secondary sections collapsed, a
translator's view of another language keeps their own fields, warnings for images the
site will drop (under the body, after a save, in the preview)."""

import re
from datetime import date

import pytest

from articles.models import Article
from tests.admin.browser_form import browser_form, change_url, signed_in
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

FOREIGN = "https://evil.example/pixel.png"


def fieldset(html: str, legend: str) -> str:
    """The <fieldset> whose heading is `legend`, whole."""
    heading = html.index(f">{legend}</h2>")
    start = html.rindex("<fieldset", 0, heading)
    return html[start : html.index("</fieldset>", heading)]


def test_a_translator_sees_other_languages_collapsed_and_read_only():
    article = ArticleFactory(languages=["ru", "es", "ar"])
    client = signed_in("tr-ru", "Translators (ru)")
    html = client.get(change_url(article)).content.decode()
    assert 'name="body_ru"' in html and 'name="title_ru"' in html
    for legend, lang in [("English (read only)", "en"), ("español (read only)", "es")]:
        section = fieldset(html, legend)
        assert "collapse" in section and "<details><summary>" in section
        assert f"field-body_{lang}" in section and f'name="body_{lang}"' not in section
    # Out of the open fieldsets: each read-only text once, inside its language's details.
    assert html.count("field-body_es") == 1 and html.count("field-title_en") == 1


def test_a_translator_opening_another_language_keeps_their_own_to_edit():
    """The language select (modeltranslation's, built from the editable fields) was empty
    when a translator opened another language's view: the form held no field to edit."""
    article = ArticleFactory(languages=["ru", "es"])
    client = signed_in("tr-ru", "Translators (ru)")
    html = client.get(change_url(article) + "?language=es").content.decode()
    assert 'name="body_ru"' in html and 'name="title_ru"' in html
    spanish = fieldset(html, "español (read only)")
    assert "<details>" not in spanish  # the language asked for: open
    assert "field-body_es" in spanish and 'name="body_es"' not in spanish
    assert "field-body_ar" not in html and "field-body_en" not in html


def test_an_editor_narrowing_to_one_language_sees_only_it(editor_client):
    article = ArticleFactory(languages=["ru", "es"])
    html = editor_client.get(change_url(article) + "?language=es").content.decode()
    assert 'name="body_es"' in html and 'name="body_ru"' not in html
    assert "(read only)" not in html


def test_secondary_sections_are_collapsed_and_the_summary_short(editor_client):
    article = ArticleFactory()
    html = editor_client.get(change_url(article)).content.decode()
    for legend in ("Translations", "On the site", "Publication"):
        assert "<details><summary>" in fieldset(html, legend), legend
    assert "(read only)" not in html  # an editor changes every language
    summary = re.search(r'<textarea[^>]*name="summary_en"[^>]*>', html).group(0)
    assert 'rows="3"' in summary
    # A scheduled article shows its dates at once.
    Article.objects.filter(pk=article.pk).update(review_by=date(2030, 1, 1))
    html = editor_client.get(change_url(article)).content.decode()
    assert "<details>" not in fieldset(html, "Publication")


def test_saving_a_body_with_a_foreign_image_warns_and_names_it(editor_client, settings):
    settings.KB_IMAGE_ORIGINS = []
    article = ArticleFactory(languages=["ru"])
    url = change_url(article)
    data = browser_form(editor_client, url)
    data["body_ru"] += f"\r\n\r\n![Экран]({FOREIGN})"
    response = editor_client.post(url, {**data, "_continue": "1"}, follow=True)
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert len(warnings) == 1 and "[ru]" in warnings[0] and FOREIGN in warnings[0]
    assert FOREIGN in Article.objects.get(pk=article.pk).body_ru  # saved all the same
    # The reopened form names it under the Russian body, without JavaScript.
    html = response.content.decode()
    box = html[html.index('class="kb-image-warning" data-lang="ru"') :]
    box = box[: box.index("</div>")]
    assert FOREIGN in box and "hidden" not in box[:60]
    english = html[html.index('class="kb-image-warning" data-lang="en"') :]
    assert " hidden>" in english[:90]  # the English body has none: its box is empty


def test_the_preview_names_the_images_it_drops(editor_client, settings):
    settings.KB_IMAGE_ORIGINS = []
    body = f"Look:\n\n![Screen]({FOREIGN})\n\n![Ours](/media/articles/a.png)"
    page = editor_client.post(
        "/admin/articles/article/preview/page/", {"lang": "en", "body_en": body}
    ).content.decode()
    warning = page[page.index('class="notice kb-image-warning"') :]
    assert FOREIGN in warning[: warning.index("</div>")]
    assert "/media/articles/a.png" not in warning[: warning.index("</div>")]
    answer = editor_client.post("/admin/articles/article/preview/", {"markdown": body}).json()
    assert answer["dropped_images"] == [FOREIGN]
    clean = editor_client.post(
        "/admin/articles/article/preview/page/", {"lang": "en", "body_en": "No images."}
    ).content.decode()
    assert "kb-image-warning" not in clean
