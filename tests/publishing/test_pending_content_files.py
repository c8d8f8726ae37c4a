"""Pending edits in content files: export_content writes them, import_content reads them
back as edits awaiting review, and the round trip gives the same bytes."""

from pathlib import Path

import pytest
from django.core.management import call_command

from articles.models import Article, Category, SynonymGroup, TranslationState
from articles.publishing.content_files import ContentFileError, export_content
from articles.publishing.content_import import import_content

pytestmark = pytest.mark.django_db


def tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*.*"))}


def test_pending_edits_survive_export_and_import(sample_content, tmp_path, client):
    fees = Article.objects.get(slug="fees")
    published = fees.title_ru
    TranslationState.objects.filter(article=fees, language="ru").update(
        pending={"title": "Комиссии (новое)", "body": fees.body_ru + "\n\nЕщё абзац."}
    )
    call_command("export_content", str(tmp_path / "first"))
    first = tree(tmp_path / "first")
    pending = first["ru/pending/fees.md"].decode()
    assert "title: Комиссии (новое)" in pending and "status: review" in pending
    assert pending.rstrip().endswith("Ещё абзац.")
    assert published in first["ru/fees.md"].decode()  # the published file is unchanged

    Article.objects.all().delete()
    Category.objects.all().delete()
    SynonymGroup.objects.all().delete()
    report = import_content(directory=tmp_path / "first")
    assert report.pending_translations == ["ru/pending/fees.md"]
    fees = Article.objects.get(slug="fees")
    assert fees.title_ru == published  # readers keep the published text
    state = fees.translation_state("ru")
    assert state.status == "published"
    assert state.pending == {"title": "Комиссии (новое)", "body": fees.body_ru + "\n\nЕщё абзац."}
    assert "(новое)" not in client.get("/ru/articles/fees/").content.decode()
    call_command("export_content", str(tmp_path / "second"))
    assert tree(tmp_path / "second") == first


def test_approved_edits_leave_no_pending_file(sample_content, tmp_path):
    fees = Article.objects.get(slug="fees")
    TranslationState.objects.filter(article=fees, language="es").update(pending={"title": "X"})
    export_content(directory=tmp_path)
    assert (tmp_path / "es" / "pending" / "fees.md").exists()
    TranslationState.objects.filter(article=fees, language="es").update(pending={})
    export_content(directory=tmp_path)
    assert not (tmp_path / "es" / "pending" / "fees.md").exists()


def test_a_pending_file_needs_a_published_translation(sample_content, tmp_path):
    folder = tmp_path / "content"
    export_content(directory=folder)
    (folder / "ru" / "pending").mkdir()
    (folder / "ru" / "pending" / "fees.md").write_text("---\ntitle: Т\nstatus: draft\n---\nТекст\n")
    draft = folder / "es" / "fees.md"
    draft.write_text(draft.read_text().replace("status: published", "status: draft"))
    (folder / "es" / "pending").mkdir()
    (folder / "es" / "pending" / "fees.md").write_text("---\ntitle: T\n---\nTexto\n")
    with pytest.raises(ContentFileError) as error:
        import_content(directory=folder)
    problems = "\n".join(error.value.problems)
    assert "ru/pending/fees.md: status must be review" in problems
    assert "es/pending/fees.md: pending edits wait on a published translation" in problems
    assert Article.objects.get(slug="fees").translation_state("es").status == "published"
