"""Translation files go through review like any edit, and an unmodified export imports
as "nothing changed" (the round trip of the sample help center, in every language)."""

from io import StringIO

import polib
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from reversion.models import Version

from articles.models import Article, TranslationState
from articles.publishing import selectors
from tests.admin.browser_form import signed_in
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

TRANSLATION_LANGUAGES = ["zh-hans", "ru", "es", "ar"]
IMPORT_URL = "/admin/articles/article/translations/import/"


def export(tmp_path, lang: str, *args) -> polib.POFile:
    path = tmp_path / f"{lang}.po"
    call_command("export_translations", lang, str(path), *args, stdout=StringIO())
    return polib.pofile(str(path))


def import_file(po: polib.POFile, tmp_path, *args) -> str:
    path = tmp_path / "translated.po"
    po.save(str(path))
    out = StringIO()
    call_command("import_translations", str(path), *args, stdout=out)
    return out.getvalue()


def unit(po: polib.POFile, article: Article, field: str) -> polib.POEntry:
    return next(e for e in po if e.msgctxt == f"article:{article.pk}:{field}")


def upload(client, po: polib.POFile, **fields):
    file = SimpleUploadedFile("x.po", str(po).encode(), content_type="text/x-gettext-translation")
    return client.post(IMPORT_URL, {"file": file, **fields}, follow=True)


def snapshot() -> tuple:
    """Every article's text and every translation's state, as readers and reviewers see."""
    columns = [f.attname for f in Article._meta.concrete_fields if f.attname != "updated_at"]
    states = TranslationState.objects.order_by("pk").values_list(
        "article_id", "language", "status", "based_on_version", "pending"
    )
    return list(Article.objects.order_by("pk").values_list(*columns)), list(states)


@pytest.mark.parametrize("lang", TRANSLATION_LANGUAGES)
def test_an_unmodified_export_imports_as_nothing_changed(sample_content, tmp_path, lang):
    po = export(tmp_path, lang, "--all")
    assert len(po) >= 17 * 3
    before, revisions = snapshot(), Version.objects.count()
    output = import_file(po, tmp_path)
    assert f"Imported 0 changed units into {lang} (0 articles)" in output
    assert snapshot() == before and Version.objects.count() == revisions
    # The same through the admin, with the sample's own missing links left as they are.
    html = upload(signed_in(f"rev-{lang}", f"Reviewers ({lang})"), po).content.decode()
    assert "Nothing changed: every unit of the file is already there." in html
    assert snapshot() == before


def test_a_file_is_refused_only_for_what_the_translator_broke(sample_content, tmp_path):
    # The Russian of register-account lacks the English's link to verify-identity.
    article = Article.objects.get(slug="register-account")
    po = export(tmp_path, "ru", "--all")
    body = unit(po, article, "body")
    body.msgstr += "\n\nЕщё один абзац."  # a real change; the link was missing before
    import_file(po, tmp_path, "--publish")
    assert Article.objects.get(pk=article.pk).body_ru.endswith("Ещё один абзац.")
    # Dropping a link the Russian had is the translator's doing: refused.
    po = export(tmp_path, "ru", "--all")
    body = unit(po, article, "body")
    kept = next(line for line in body.msgstr.splitlines() if "](" in line)
    body.msgstr = body.msgstr.replace(kept, "Абзац без ссылки.")
    with pytest.raises(CommandError, match="is missing"):
        import_file(po, tmp_path)


def test_an_imported_edit_of_a_published_translation_waits_for_review(
    sample_content, tmp_path, client
):
    article = Article.objects.get(slug="request-refund")
    published = article.title_ru
    po = export(tmp_path, "ru", "--all")
    unit(po, article, "title").msgstr = "Как вернуть деньги (из файла)"
    output = import_file(po, tmp_path)
    assert "request-refund: title (waits for review" in output
    article = Article.objects.get(pk=article.pk)
    assert article.title_ru == published
    assert article.translation_state("ru").pending == {"title": "Как вернуть деньги (из файла)"}
    assert selectors.translation_status(article)["ru"] == "review"
    assert "(из файла)" not in client.get("/ru/articles/request-refund/").content.decode()
    # The next export holds the pending text, and importing it again changes nothing.
    again = export(tmp_path, "ru", "--all")
    assert unit(again, article, "title").msgstr == "Как вернуть деньги (из файла)"
    assert "Imported 0 changed units" in import_file(again, tmp_path)
    reviewer = signed_in("rev-ru", "Reviewers (ru)")
    reviewer.post(f"/admin/articles/article/{article.pk}/translation/ru/", {"action": "approve"})
    assert "(из файла)" in client.get("/ru/articles/request-refund/").content.decode()


def test_a_new_translation_imported_is_a_draft(tmp_path, client):
    article = ArticleFactory(published=True, slug="new-in-file")
    po = export(tmp_path, "ar")
    for entry in po:
        if entry.msgctxt.startswith(f"article:{article.pk}:"):
            entry.msgstr = {"title": "عنوان", "summary": "ملخص", "body": "## أسباب\n\nنص"}[
                entry.msgctxt.rsplit(":", 1)[1]
            ]
    assert "stored as a draft" in import_file(po, tmp_path)
    assert Article.objects.get(pk=article.pk).translation_state("ar").status == "draft"
    assert "عنوان" not in client.get("/ar/articles/new-in-file/").content.decode()


def test_only_an_approver_publishes_an_import_directly(sample_content, tmp_path, client):
    article = Article.objects.get(slug="fees")
    po = export(tmp_path, "es", "--all")
    unit(po, article, "title").msgstr = "Comisiones (revisadas)"
    translator = signed_in("tr-es", "Translators (es)")
    assert 'name="publish"' not in translator.get(IMPORT_URL).content.decode()
    html = upload(translator, po, publish="on").content.decode()  # a crafted POST
    assert "You may not publish the Spanish translation directly" in html
    assert TranslationState.objects.get(article=article, language="es").pending == {}
    editor = signed_in("ed", "Editors")
    assert 'name="publish"' in editor.get(IMPORT_URL).content.decode()
    upload(editor, po, publish="on")
    assert Article.objects.get(pk=article.pk).title_es == "Comisiones (revisadas)"
    assert "Comisiones (revisadas)" in client.get("/es/articles/fees/").content.decode()
