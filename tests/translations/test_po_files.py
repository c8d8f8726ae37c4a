"""Translation files: export what needs translating as PO, import it back, checked."""

from io import StringIO

import polib
import pytest
from django.core.management import CommandError, call_command
from reversion.models import Version

from articles.models import Article
from articles.publishing import selectors
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BODY_EN = "## Causes\n\nSee [support](../contact-support/).\n\n```\ncode\n```\n"


@pytest.fixture
def articles(db):
    """A new article (no Russian), an outdated one and an up-to-date one."""
    Article.objects.all().delete()
    new = ArticleFactory(slug="new-one", body_en=BODY_EN, keywords_en="card, bank")
    outdated = ArticleFactory(slug="outdated-one", languages=["ru"])
    outdated = Article.objects.get(pk=outdated.pk)
    outdated.body_en = "## Causes\n\nYour bank declined it.\n"
    outdated.save()
    current = ArticleFactory(slug="current-one", languages=["ru"])
    return new, Article.objects.get(pk=outdated.pk), current


def export(tmp_path, *args) -> polib.POFile:
    path = tmp_path / "ru.po"
    call_command("export_translations", "ru", str(path), *args, stdout=StringIO())
    return polib.pofile(str(path))


def import_file(po: polib.POFile, tmp_path, *args) -> str:
    path = tmp_path / "ru-done.po"
    po.save(str(path))
    out = StringIO()
    call_command("import_translations", str(path), *args, stdout=out)
    return out.getvalue()


def entry(po: polib.POFile, article: Article, field: str) -> polib.POEntry:
    return next(e for e in po if e.msgctxt == f"article:{article.pk}:{field}")


def test_export_lists_new_and_outdated_units_only(articles, tmp_path):
    new, outdated, current = articles
    po = export(tmp_path)
    assert po.metadata["X-KB-Language"] == "ru" and po.metadata["Language"] == "ru"
    ids = {e.msgctxt for e in po}
    assert {f"article:{new.pk}:{f}" for f in ("title", "summary", "body", "keywords")} <= ids
    assert f"article:{outdated.pk}:body" in ids
    assert f"article:{outdated.pk}:title" not in ids  # its English did not change
    assert not any(e.msgctxt.startswith(f"article:{current.pk}:") for e in po)
    body = entry(po, outdated, "body")
    assert body.fuzzy and body.msgstr == outdated.body_ru.strip()
    assert body.previous_msgid == "## Causes\n\nSomething went wrong."
    assert body.msgid == "## Causes\n\nYour bank declined it."
    assert entry(po, new, "body").msgstr == "" and not entry(po, new, "body").fuzzy
    everything = export(tmp_path, "--all")
    assert any(e.msgctxt == f"article:{current.pk}:title" for e in everything)


def test_round_trip_saves_like_the_admin(articles, tmp_path):
    new, outdated, _current = articles
    po = export(tmp_path)
    entry(po, new, "title").msgstr = "Новая статья"
    entry(
        po, new, "body"
    ).msgstr = "## Причины\n\nСм. [поддержку](/ru/articles/contact-support/).\n\n```\nкод\n```"
    body = entry(po, outdated, "body")
    body.msgstr = "## Причины\n\nВаш банк отклонил платёж."
    body.flags.remove("fuzzy")
    versions = Version.objects.get_for_object(outdated).count()
    output = import_file(po, tmp_path, "--publish")
    assert "Imported 3 changed units into ru (2 articles)" in output
    new, outdated = Article.objects.get(pk=new.pk), Article.objects.get(pk=outdated.pk)
    assert new.title_ru == "Новая статья" and "<pre><code>код" in new.body_html_ru
    assert "банк отклонил" in outdated.body_html_ru
    assert selectors.translation_status(outdated)["ru"] == "current"
    latest = Version.objects.get_for_object(outdated).order_by("-pk").first()
    assert Version.objects.get_for_object(outdated).count() == versions + 1
    assert "Imported the ru translation file ru-done.po" in latest.revision.comment
    # Importing the same file again changes nothing.
    assert "Imported 0 changed units" in import_file(po, tmp_path)


def test_untranslated_and_fuzzy_units_are_skipped(articles, tmp_path):
    new, outdated, _current = articles
    po = export(tmp_path)
    entry(po, outdated, "body").msgstr = "## Причины\n\nНовый текст, ещё не проверен."
    output = import_file(po, tmp_path)
    assert "1 still fuzzy" in output
    assert Article.objects.get(pk=outdated.pk).body_ru == outdated.body_ru


def refused(po: polib.POFile, tmp_path) -> str:
    path = tmp_path / "ru-bad.po"
    po.save(str(path))
    before = list(Article.objects.order_by("pk").values_list("title_ru", "body_ru"))
    with pytest.raises(CommandError) as error:
        call_command("import_translations", str(path))
    assert list(Article.objects.order_by("pk").values_list("title_ru", "body_ru")) == before
    return str(error.value)


def translated(po: polib.POFile, new: Article) -> None:
    """A good translation of the new article's title: it must not be applied either."""
    entry(po, new, "title").msgstr = "Хороший заголовок"


def test_unknown_ids_refuse_the_whole_file(articles, tmp_path):
    new, _outdated, _current = articles
    po = export(tmp_path)
    translated(po, new)
    po.append(polib.POEntry(msgctxt="article:999999:body", msgid="x", msgstr="y"))
    po.append(polib.POEntry(msgctxt=f"article:{new.pk}:slug", msgid="x", msgstr="y"))
    message = refused(po, tmp_path)
    assert "article:999999:body: unknown unit id" in message
    assert f"article:{new.pk}:slug: unknown unit id" in message


def test_english_changed_since_export_is_refused(articles, tmp_path):
    new, _outdated, _current = articles
    po = export(tmp_path)
    translated(po, new)
    entry(po, new, "summary").msgstr = "Краткий ответ."
    Article.objects.filter(pk=new.pk).update(summary_en="A longer, corrected answer.")
    message = refused(po, tmp_path)
    assert f"article:{new.pk}:summary (new-one, summary): the English changed" in message


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ("## Причины\n\nСм. [поддержку](../contact-support/).\n\n```\nкод\n", "never closed"),
        (
            "## Причины\n\nСм. поддержку.\n\n```\nкод\n```",
            "the link to the article “contact-support” is missing",
        ),
        ("## Причины\n\n[п](../contact-support/)\n\nкод", "0 code blocks, the English has 1"),
    ],
)
def test_broken_markdown_is_refused(articles, tmp_path, body, problem):
    new, _outdated, _current = articles
    po = export(tmp_path)
    translated(po, new)
    entry(po, new, "body").msgstr = body
    message = refused(po, tmp_path)
    assert f"article:{new.pk}:body (new-one, body): " in message and problem in message


def test_multi_line_title_and_wrong_language_are_refused(articles, tmp_path):
    new, _outdated, _current = articles
    po = export(tmp_path)
    entry(po, new, "title").msgstr = "Две\nстроки"
    assert "must be a single line" in refused(po, tmp_path)
    po.metadata["X-KB-Language"] = "en"
    assert "is not one articles are translated into" in refused(po, tmp_path)


def test_unreadable_file_and_unknown_language(tmp_path, articles):
    bad = tmp_path / "bad.po"
    bad.write_text("this is not a PO file\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Not a readable PO file"):
        call_command("import_translations", str(bad))
    with pytest.raises(CommandError, match="is not a file"):
        call_command("import_translations", str(tmp_path / "missing.po"))
    with pytest.raises(CommandError, match="not a language"):
        call_command("export_translations", "en", str(tmp_path / "en.po"))
