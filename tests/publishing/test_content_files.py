"""import_content / export_content: a round trip, idempotent, all-or-nothing on bad files."""

import shutil
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from articles.models import Article, Category, SynonymGroup
from articles.publishing.content_files import export_content
from articles.publishing.content_import import ContentFileError, import_content
from articles.publishing.services import SAMPLE_CONTENT_DIR
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def tree(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def empty_database() -> None:
    Article.objects.all().delete()
    Category.objects.all().delete()
    SynonymGroup.objects.all().delete()


def test_export_import_export_is_byte_for_byte(sample_content, tmp_path):
    fees = Article.objects.get(slug="fees")
    fees.publish_at = datetime(2030, 1, 2, 9, 30, tzinfo=UTC)
    fees.unpublish_at = datetime(2031, 1, 2, 9, 30, tzinfo=UTC)
    fees.review_by = date(2030, 6, 30)
    fees.save()
    ArticleFactory(
        slug="half-done",
        category=fees.category,
        title_en="Card limits: what applies?",
        keywords_en="limit, limits",
        languages=["ru"],
    )  # a draft, translated into Russian only
    call_command("export_content", str(tmp_path / "first"))
    empty_database()
    call_command("import_content", str(tmp_path / "first"))
    assert Article.objects.get(slug="fees").review_by == date(2030, 6, 30)
    assert Article.objects.get(slug="half-done").status == Article.Status.DRAFT
    call_command("export_content", str(tmp_path / "second"))
    first, second = tree(tmp_path / "first"), tree(tmp_path / "second")
    assert first == second
    assert "en/fees.md" in first and "ru/half-done.md" in first and "es/half-done.md" not in first
    en_fees = first["en/fees.md"].decode()
    assert "publish_at: '2030-01-02T09:30:00+00:00'" in en_fees
    assert "review_by: '2030-06-30'" in en_fees
    assert "review_by" not in first["ru/fees.md"].decode()


def test_importing_twice_changes_nothing(sample_content, tmp_path):
    export_content(directory=tmp_path)
    stamps = dict(Article.objects.values_list("slug", "updated_at"))
    report = import_content(directory=tmp_path)
    assert (report.articles, report.created, report.changed) == (17, 0, 0)
    assert dict(Article.objects.values_list("slug", "updated_at")) == stamps


def test_an_edited_file_is_upserted_by_slug(sample_content, tmp_path):
    export_content(directory=tmp_path)
    path = tmp_path / "es" / "fees.md"
    path.write_text(path.read_text().replace("title: ", "title: (2026) ", 1))
    report = import_content(directory=tmp_path)
    assert (report.created, report.changed) == (0, 1)
    assert Article.objects.get(slug="fees").title_es.startswith("(2026) ")


def test_export_removes_files_of_deleted_articles(sample_content, tmp_path):
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "gone.md").write_text("---\ntitle: Gone\n---\nOld\n")
    (tmp_path / "README.md").write_text("kept")
    report = export_content(directory=tmp_path)
    assert not (tmp_path / "en" / "gone.md").exists() and report.removed == 1
    assert (tmp_path / "README.md").read_text() == "kept"


def sample_copy(tmp_path: Path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(SAMPLE_CONTENT_DIR, target)
    return target


@pytest.mark.parametrize(
    ("file", "edit", "problem"),
    [
        ("ru/fees.md", lambda t: t.replace("---", "--", 1), "ru/fees.md: expected YAML front"),
        ("ru/fees.md", lambda t: t.replace("title:", "title: [", 1), "ru/fees.md: the front"),
        ("en/fees.md", lambda t: t.replace("category: fees", "category: nope", 1), "category"),
        ("en/fees.md", lambda t: t.replace("title:", "titel:", 1), "unknown key 'titel'"),
        ("en/fees.md", lambda t: t.replace("---\n", "---\nstatus: live\n", 1), "status 'live'"),
        (
            "es/fees.md",
            lambda t: t.replace("---\n", "---\npublish_at: 2030-01-01\n", 1),
            "es/fees.md: publish_at belongs in the en file only",
        ),
        (
            "en/fees.md",
            lambda t: t.replace("---\n", "---\nreview_by: next week\n", 1),
            "en/fees.md: review_by: 'next week' is not an ISO 8601",
        ),
        (
            "en/fees.md",
            lambda t: t.replace("title:", f"title: {'x' * 250}", 1),
            "en/fees.md: title",
        ),
    ],
)
def test_a_bad_file_is_named_and_nothing_is_applied(sample_content, tmp_path, file, edit, problem):
    folder = sample_copy(tmp_path)
    good = folder / "en" / "account-frozen.md"
    good.write_text(good.read_text().replace("title: ", "title: Changed ", 1))
    path = folder / file
    path.write_text(edit(path.read_text()))
    with pytest.raises(ContentFileError) as error:
        import_content(directory=folder)
    assert any(problem in line for line in error.value.problems), error.value.problems
    assert not Article.objects.get(slug="account-frozen").title_en.startswith("Changed")
    with pytest.raises(CommandError, match="Nothing was imported"):
        call_command("import_content", str(folder))


def test_folders_that_are_not_languages_or_missing_are_reported(db, tmp_path):
    (tmp_path / "fr").mkdir()
    (tmp_path / "fr" / "fees.md").write_text("---\ntitle: Frais\n---\nTexte\n")
    with pytest.raises(ContentFileError, match="fr/: not a language of this site"):
        import_content(directory=tmp_path)
    with pytest.raises(ContentFileError, match="no such folder"):
        import_content(directory=tmp_path / "missing")


def test_a_draft_translation_of_a_published_article_is_not_shown(sample_content, tmp_path):
    folder = sample_copy(tmp_path)
    path = folder / "ru" / "fees.md"
    path.write_text(path.read_text().replace("title: ", "status: draft\ntitle: Черновик ", 1))
    report = import_content(directory=folder)
    assert report.unpublished_translations == ["ru/fees.md (draft)"]
    article = Article.objects.get(slug="fees")
    # Stored with its state (not skipped), and never shown: readers get the English.
    assert article.title_ru.startswith("Черновик")
    assert article.translation_state("ru").status == "draft"
    assert not article.shows_in("ru")


def test_a_draft_source_file_makes_a_draft(sample_content, tmp_path):
    folder = sample_copy(tmp_path)
    path = folder / "en" / "fees.md"
    path.write_text(path.read_text().replace("---\n", "---\nstatus: review\n", 1))
    import_content(directory=folder)
    assert Article.objects.get(slug="fees").status == Article.Status.DRAFT


def test_a_category_name_too_long_is_named(sample_content, tmp_path):
    folder = sample_copy(tmp_path)
    path = folder / "ru" / "categories.yaml"
    text = path.read_text()
    path.write_text(text.replace("name: ", f"name: {'Ж' * 130}", 1))
    with pytest.raises(ContentFileError) as error:
        import_content(directory=folder)
    assert any(
        line.startswith("ru/categories.yaml: account: name:") for line in error.value.problems
    )
